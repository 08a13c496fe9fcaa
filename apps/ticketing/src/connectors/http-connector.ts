import { type ExternalTicketRef, externalTicketRefSchema } from '@hookline/contracts/events';
import { ConnectorError, type ExternalAction, incidentLabel, type SyncPayload, type TicketConnector } from './connector';
import type { HttpConnectorConfig } from './connector-config';
import { callHttp, type HttpReply } from './http-call';
import { renderPath, renderTemplate, type TemplateValues, valueAt } from './template';

type RequestTemplate = NonNullable<HttpConnectorConfig['update']>;

/**
 * The generic connector: a templated JSON request per action against any
 * ticket system with an HTTP API. Creating sends an `Idempotency-Key` that is
 * the same on every try for a ticket; a system that honours it (most ticket
 * and payment APIs do) answers a repeated create with the ticket it already
 * made. An action without a template is not sent: the system is simply not
 * told about that kind of change.
 */
export class HttpTicketConnector implements TicketConnector {
  readonly system: string;

  constructor(
    private readonly config: HttpConnectorConfig,
    /** The value of the variable `auth.secret` names. */
    private readonly secret: string | undefined,
    private readonly defaultTimeoutMs: number,
  ) {
    this.system = config.system;
  }

  async ensure(payload: SyncPayload, idempotencyKey: string): Promise<ExternalTicketRef> {
    const { create } = this.config;
    const reply = await this.send(create, templateValues(payload), idempotencyKey);
    const idPath = create.idFrom ?? 'id';
    const id = valueAt(reply.body, idPath);
    if (id === undefined) throw new ConnectorError(`the create reply (${reply.status}) has no ticket id at "${idPath}"`, false, reply.status);
    const url = (create.urlFrom === undefined ? undefined : valueAt(reply.body, create.urlFrom)) ?? this.ticketUrl(id);
    const ref = externalTicketRefSchema.safeParse({ system: this.system, id, ...(url === undefined ? {} : { url }) });
    if (ref.success) return ref.data;
    // A link that is not a valid URL is dropped rather than losing the ticket over it.
    const withoutUrl = externalTicketRefSchema.safeParse({ system: this.system, id });
    if (withoutUrl.success) return withoutUrl.data;
    throw new ConnectorError(`the create reply's ticket id is not usable: ${withoutUrl.error.issues[0]?.message ?? 'invalid'}`, false, reply.status);
  }

  async apply(action: ExternalAction, ref: ExternalTicketRef, payload: SyncPayload, idempotencyKey: string): Promise<void> {
    const template = this.config[action];
    if (template === undefined) return;
    await this.send(template, templateValues(payload, ref), idempotencyKey);
  }

  private send(template: RequestTemplate, values: TemplateValues, idempotencyKey: string): Promise<HttpReply> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(template.headers ?? {})) headers[name] = String(renderTemplate(value, values) ?? '');
    const { auth } = this.config;
    if (auth !== undefined && this.secret !== undefined) headers[auth.header] = auth.scheme === undefined ? this.secret : `${auth.scheme} ${this.secret}`;
    return callHttp({
      method: template.method,
      url: `${this.config.baseUrl}${renderPath(template.path, values)}`,
      headers,
      ...(template.body === undefined ? {} : { body: renderTemplate(template.body, values) }),
      idempotencyKey,
      timeoutMs: this.config.timeoutMs ?? this.defaultTimeoutMs,
    });
  }

  private ticketUrl(id: string): string | undefined {
    if (this.config.ticketUrl === undefined) return undefined;
    return this.config.ticketUrl.replace(/\{\{\s*external\.id\s*\}\}/g, encodeURIComponent(id));
  }
}

/** What the placeholders of a request stand for. */
export function templateValues(payload: SyncPayload, ref?: ExternalTicketRef): TemplateValues {
  const { ticket, comment } = payload;
  return new Map<string, string | undefined>([
    ['ticket.id', ticket.ticketId],
    ['ticket.title', ticket.title],
    ['ticket.priority', ticket.priority],
    ['ticket.status', ticket.status],
    ['ticket.team', ticket.team],
    ['ticket.queue', ticket.queue],
    ['ticket.assignee', ticket.assignee],
    ['ticket.service', ticket.service],
    ['ticket.severity', ticket.severity],
    ['ticket.resolutionNote', ticket.resolutionNote],
    ['ticket.closedReason', ticket.closedReason],
    ['ticket.description', ticket.description],
    ['incident.id', ticket.incidentId],
    ['label', incidentLabel(ticket.incidentId)],
    ['external.id', ref?.id],
    ['external.url', ref?.url],
    ['comment.body', comment?.body],
    ['comment.author', comment?.author],
  ]);
}
