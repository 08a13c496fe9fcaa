import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeskTicket {
  id: string;
  reference: string;
  status: string;
  comments: number;
}

/**
 * A local HTTP server playing a team's external ticket desk, as the catalog's
 * `kind: http` connector talks to it: creates are deduplicated by
 * Idempotency-Key (as such APIs do), `failWith` makes every call fail with
 * that status, each reply comes `delayMs` late. Requests must carry the
 * bearer token the ticketing app was given.
 */
export class TicketDesk {
  readonly tickets = new Map<string, DeskTicket>();
  failWith: number | undefined;
  delayMs = 0;
  /** Calls answered with `failWith`: proof that the outage was actually felt. */
  failedCalls = 0;
  url = '';
  private readonly byKey = new Map<string, string>();
  private server: Server | undefined;

  constructor(private readonly token: string) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        const reply = this.failWith ?? (request.headers.authorization === `Bearer ${this.token}` ? undefined : 401);
        const answer = (status: number, body: unknown) =>
          setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), this.delayMs);
        if (this.failWith !== undefined) this.failedCalls += 1;
        if (reply !== undefined) return answer(reply, { error: 'unavailable' });
        const body = (text ? JSON.parse(text) : {}) as { reference?: string };
        const [, , id, action] = (request.url ?? '').split('/');
        if (request.method === 'POST' && id === undefined) {
          const key = String(request.headers['idempotency-key']);
          const existing = this.byKey.get(key) ?? `T${this.tickets.size + 1}`;
          if (!this.byKey.has(key)) this.tickets.set(existing, { id: existing, reference: String(body.reference), status: 'open', comments: 0 });
          this.byKey.set(key, existing);
          return answer(201, { id: existing });
        }
        const ticket = this.tickets.get(id ?? '');
        if (!ticket) return answer(404, { error: 'no such ticket' });
        if (action === 'close') ticket.status = 'closed';
        if (action === 'reopen') ticket.status = 'open';
        if (action === 'comments') ticket.comments += 1;
        return answer(200, {});
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The desk's tickets for one Hookline incident (the connector sends `hookline-incident-<id>` as the reference). */
  ticketsFor(incidentId: string): DeskTicket[] {
    return [...this.tickets.values()].filter((ticket) => ticket.reference === `hookline-incident-${incidentId}`);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** The `connector` block of a catalog team that syncs to a `TicketDesk` (the secret names the env var holding the desk's token). */
export function deskConnectorYaml(deskUrl: string, secretEnvVar: string, indent: string): string {
  return [
    'connector:',
    '  kind: http',
    '  system: desk',
    `  baseUrl: ${deskUrl}`,
    `  auth: { scheme: Bearer, secret: ${secretEnvVar} }`,
    '  create: { path: /tickets, body: { title: "{{ticket.title}}", reference: "{{label}}" } }',
    '  comment: { path: "/tickets/{{external.id}}/comments", body: { text: "{{comment.body}}" } }',
    '  close: { path: "/tickets/{{external.id}}/close", body: { note: "{{ticket.resolutionNote}}" } }',
    '  reopen: { path: "/tickets/{{external.id}}/reopen" }',
  ]
    .map((line) => `${indent}${line}`)
    .join('\n');
}
