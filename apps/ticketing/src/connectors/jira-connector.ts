import type { ExternalTicketRef } from '@hookline/contracts/events';
import { ConnectorError, type ExternalAction, incidentLabel, type SyncPayload, type TicketConnector } from './connector';
import { defaultJiraPriorities, type JiraConnectorConfig } from './connector-config';
import { callHttp, type HttpMethod, type HttpReply } from './http-call';

interface JiraTransition {
  id: string;
  name: string;
}

/**
 * Jira (Cloud, Server, Data Center) through REST API v2. Jira has no
 * idempotency keys, so every issue carries a label derived from the incident
 * and `ensure` searches for it before creating: a crash (or a timed-out
 * reply) between "Jira created the issue" and "Hookline recorded it" finds
 * that issue on the next try instead of creating a second one. The
 * `Idempotency-Key` header is sent anyway, for proxies that honour it.
 *
 * Closing and reopening are workflow transitions looked up by name; an issue
 * already in the wanted state counts as done, so a retried close is harmless.
 */
export class JiraTicketConnector implements TicketConnector {
  readonly system = 'jira';
  private readonly authorization: string;

  constructor(
    private readonly config: JiraConnectorConfig,
    secret: string,
    private readonly defaultTimeoutMs: number,
  ) {
    this.authorization = config.auth.email === undefined ? `Bearer ${secret}` : `Basic ${Buffer.from(`${config.auth.email}:${secret}`).toString('base64')}`;
  }

  async ensure(payload: SyncPayload, idempotencyKey: string): Promise<ExternalTicketRef> {
    const label = incidentLabel(payload.ticket.incidentId, this.config.labelPrefix);
    const found = await this.findByLabel(label);
    if (found !== undefined) return this.ref(found);
    const project = this.config.project ?? payload.ticket.queue;
    if (project === undefined) throw new ConnectorError('no Jira project: set the connector\'s "project" or the team\'s ticketQueue', false);
    const created = await this.call('POST', '/rest/api/2/issue', idempotencyKey, {
      fields: {
        project: { key: project },
        summary: payload.ticket.title,
        description: payload.ticket.description,
        issuetype: { name: this.config.issueType },
        labels: [label],
        priority: { name: this.priorityName(payload) },
      },
    });
    const key = stringAt(created.body, 'key');
    if (key === undefined) throw new ConnectorError(`Jira created an issue but its reply (${created.status}) has no key`, false, created.status);
    return this.ref(key);
  }

  async apply(action: ExternalAction, ref: ExternalTicketRef, payload: SyncPayload, idempotencyKey: string): Promise<void> {
    const issue = `/rest/api/2/issue/${encodeURIComponent(ref.id)}`;
    switch (action) {
      case 'update':
        await this.call('PUT', issue, idempotencyKey, { fields: { priority: { name: this.priorityName(payload) } } });
        return;
      case 'comment':
        if (payload.comment !== undefined) await this.call('POST', `${issue}/comment`, idempotencyKey, { body: `${payload.comment.author}: ${payload.comment.body}` });
        return;
      case 'close':
        await this.transition(issue, this.config.doneTransition, true, idempotencyKey);
        if (payload.ticket.resolutionNote !== undefined) await this.call('POST', `${issue}/comment`, `${idempotencyKey}:note`, { body: payload.ticket.resolutionNote });
        return;
      case 'reopen':
        await this.transition(issue, this.config.reopenTransition, false, idempotencyKey);
        return;
    }
  }

  private async findByLabel(label: string): Promise<string | undefined> {
    const jql = `labels = "${label.replace(/["\\]/g, '\\$&')}" ORDER BY created ASC`;
    const reply = await this.call('GET', `/rest/api/2/search?jql=${encodeURIComponent(jql)}&fields=status&maxResults=1`);
    const issues = (reply.body as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? stringAt(issues[0], 'key') : undefined;
  }

  /** Moves the issue through the named transition; `toDone` says where it should end up, to tell "already there" from a workflow that has no such step. */
  private async transition(issue: string, name: string, toDone: boolean, idempotencyKey: string): Promise<void> {
    const reply = await this.call('GET', `${issue}/transitions`);
    const transitions = ((reply.body as { transitions?: JiraTransition[] } | undefined)?.transitions ?? []).filter(
      (transition) => typeof transition?.id === 'string' && typeof transition.name === 'string',
    );
    const wanted = transitions.find((transition) => transition.name.toLowerCase() === name.toLowerCase());
    if (wanted !== undefined) {
      await this.call('POST', `${issue}/transitions`, idempotencyKey, { transition: { id: wanted.id } });
      return;
    }
    const status = await this.call('GET', `${issue}?fields=status`);
    const category = stringAt((status.body as { fields?: { status?: { statusCategory?: unknown } } } | undefined)?.fields?.status?.statusCategory, 'key');
    if ((category === 'done') === toDone) return;
    throw new ConnectorError(
      `Jira offers no "${name}" transition for ${issue.split('/').at(-1)} (available: ${transitions.map((transition) => transition.name).join(', ') || 'none'})`,
      false,
    );
  }

  private priorityName(payload: SyncPayload): string {
    return this.config.priorities[payload.ticket.priority] ?? defaultJiraPriorities[payload.ticket.priority];
  }

  private ref(key: string): ExternalTicketRef {
    return { system: this.system, id: key, url: `${this.config.baseUrl}/browse/${encodeURIComponent(key)}` };
  }

  private call(method: HttpMethod, path: string, idempotencyKey?: string, body?: unknown): Promise<HttpReply> {
    return callHttp({
      method,
      url: `${this.config.baseUrl}${path}`,
      headers: { authorization: this.authorization },
      ...(body === undefined ? {} : { body }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      timeoutMs: this.config.timeoutMs ?? this.defaultTimeoutMs,
    });
  }
}

function stringAt(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}
