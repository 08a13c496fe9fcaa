import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '@hookline/platform/observability';
import { storableText } from '@hookline/webhooks/sources';
import type { Counter } from 'prom-client';

export interface UnknownIntegrationSample {
  integrationId: string;
  requests: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastSourceIp: string;
}

/** How many distinct unknown ids are kept: the sample answers "who is still sending to a deleted integration", not "every id anyone tried". */
export const unknownIntegrationSampleSize = 100;
/** An id is the caller's text: kept only this long. */
const maxIdLength = 200;

interface Entry {
  requests: number;
  firstSeenAt: number;
  lastSeenAt: number;
  lastSourceIp: string;
}

/**
 * Webhooks to an id that names no enabled integration (a deleted or disabled
 * integration whose sender was never told, a typo in a URL, someone probing):
 * counted in `hookline_ingress_unknown_integration_requests_total` (no id in
 * its labels: the id is whatever the caller typed), and sampled, the most
 * recently seen ids first, in `GET /api/unknown-integrations`. The sample is
 * a least-recently-seen-evicted map of at most 100 ids, so a caller trying
 * random ids costs a bounded amount of memory. In memory, per replica.
 */
@Injectable()
export class UnknownIntegrations {
  /** Map order is insertion order: an id seen again is moved to the end, so the first key is the least recently seen. */
  private readonly entries = new Map<string, Entry>();
  private readonly requests: Counter;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.requests = metrics.counter('ingress_unknown_integration_requests_total', 'Webhooks to an integration id that is unknown or disabled (answered 404)');
  }

  note(integrationId: string, sourceIp: string, now: number): void {
    this.requests.inc();
    const id = storableText(integrationId).slice(0, maxIdLength);
    const seen = this.entries.get(id);
    this.entries.delete(id);
    this.entries.set(id, { requests: (seen?.requests ?? 0) + 1, firstSeenAt: seen?.firstSeenAt ?? now, lastSeenAt: now, lastSourceIp: sourceIp });
    if (this.entries.size > unknownIntegrationSampleSize) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** The most recently seen first. */
  sample(): UnknownIntegrationSample[] {
    return [...this.entries]
      .reverse()
      .map(([integrationId, entry]) => ({
        integrationId,
        requests: entry.requests,
        firstSeenAt: new Date(entry.firstSeenAt).toISOString(),
        lastSeenAt: new Date(entry.lastSeenAt).toISOString(),
        lastSourceIp: entry.lastSourceIp,
      }));
  }
}
