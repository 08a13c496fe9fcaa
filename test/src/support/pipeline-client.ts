import type { ServiceName } from '@hookline/launcher';
import type { Integration } from './webhook-sender';

/** An incident as the correlator's API shows it; specs read a few fields and match the rest. */
export interface IncidentJson {
  incidentId: string;
  status: string;
  severity: string;
  service?: string;
  alertCount: number;
  openedAt: string;
  resolvedAt?: string;
  acknowledgedAt?: string;
  [field: string]: unknown;
}

export interface TicketJson {
  ticketId: string;
  incidentId: string;
  status: string;
  priority: string;
  assignee?: string | null;
  [field: string]: unknown;
}

export interface ConnectorJson {
  connector: string;
  breaker: { state: string };
  pending: number;
  failed: number;
  [field: string]: unknown;
}

export interface EntryJson {
  incidentId: string;
  status: string;
  durationSeconds: number | null;
  weightedDowntimeSeconds: number | null;
  costPerMinute: number | null;
  downtimeCost: number | null;
  [field: string]: unknown;
}

export interface StatusSummary {
  status: { indicator: string; description: string };
  components: { id: string; name: string; status: string }[];
  incidents: { id: string; name: string; status: string; components: { id: string }[] }[];
}

export interface DeliveryLogJson {
  deliveries: { deliveryId: string; outcome: string; httpStatus: number; errorDetail: string | null }[];
}

/**
 * The five apps' HTTP APIs as an operator reads them (admin bearer token;
 * the status page's public JSON). Plain reads that throw on an unexpected
 * status, no assertions: specs and benchmarks decide what to expect.
 */
export class PipelineClient {
  constructor(
    private readonly urlOf: (name: ServiceName) => string,
    private readonly adminToken: string,
  ) {}

  async createIntegration(body: Record<string, unknown>): Promise<Integration> {
    return this.request<Integration>('ingress', 'POST', '/api/integrations', body);
  }

  deliveries(integrationId: string, limit = 100): Promise<DeliveryLogJson> {
    return this.request('ingress', 'GET', `/api/integrations/${integrationId}/deliveries?limit=${limit}`);
  }

  /** Every incident of a service (all pages). */
  incidents(service: string): Promise<IncidentJson[]> {
    return this.allPages('correlator', `/api/incidents?service=${encodeURIComponent(service)}&limit=200`, 'incidents');
  }

  incident(incidentId: string): Promise<{ incident: IncidentJson; alerts: { fingerprint: string; occurrences: number }[] }> {
    return this.request('correlator', 'GET', `/api/incidents/${incidentId}`);
  }

  /** Every ticket of a team (all pages). */
  tickets(team: string): Promise<TicketJson[]> {
    return this.allPages('ticketing', `/api/tickets?team=${encodeURIComponent(team)}&limit=200`, 'tickets');
  }

  ticket(ticketId: string): Promise<{ ticket: TicketJson; comments: { author: string; body: string }[] }> {
    return this.request('ticketing', 'GET', `/api/tickets/${ticketId}`);
  }

  /** Every team connector's breaker and backlog. */
  connectors(): Promise<{ connectors: ConnectorJson[] }> {
    return this.request('ticketing', 'GET', '/api/connectors');
  }

  /** The public summary, as a status aggregator reads it (no token). */
  statusSummary(): Promise<StatusSummary> {
    return this.request('status-page', 'GET', '/api/v2/summary.json');
  }

  /** Every ledger entry of a service (all pages). */
  ledgerEntries(service: string): Promise<EntryJson[]> {
    return this.allPages('ledger', `/api/entries?service=${encodeURIComponent(service)}&limit=500`, 'entries');
  }

  private async allPages<T>(app: ServiceName, path: string, field: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.request<Record<string, unknown>>(app, 'GET', cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
      items.push(...((page[field] as T[] | undefined) ?? []));
      cursor = (page['nextCursor'] as string | null | undefined) ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  private async request<T>(app: ServiceName, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.urlOf(app)}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${app}${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
