import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Shared by the ticketing specs (not part of the app): a local HTTP server
// playing an external ticket system, in two dialects at once: a generic
// "desk" JSON API under /desk (honours Idempotency-Key on create, as such
// APIs do), and a Jira-like REST API v2 under /jira (no idempotency keys;
// labels, JQL search by label, workflow transitions). Its behaviour can be
// switched to slow (does the work, answers late), or to failing with a status.

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** How the system answers; `method` limits a misbehaviour to requests with that method (the others are answered normally). */
export type Behaviour =
  | { kind: 'ok' }
  /** Does the work, then answers after `delayMs`: the reply a timed-out client never sees. */
  | { kind: 'slow'; delayMs: number; method?: string }
  /** Answers `status` without doing anything. */
  | { kind: 'status'; status: number; method?: string };

export interface DeskTicket {
  id: string;
  title: string;
  priority: string;
  assignee: string | null;
  status: 'open' | 'closed';
  note?: string;
  comments: string[];
}

export interface JiraIssue {
  key: string;
  project: string;
  summary: string;
  priority: string;
  labels: string[];
  status: 'To Do' | 'Done';
  comments: string[];
}

const doneTransition = { id: '31', name: 'Done' };
const reopenTransition = { id: '41', name: 'Reopen' };

export class FakeTicketSystem {
  behaviour: Behaviour = { kind: 'ok' };
  readonly requests: RecordedRequest[] = [];
  readonly deskTickets = new Map<string, DeskTicket>();
  readonly jiraIssues = new Map<string, JiraIssue>();
  private readonly replies = new Map<string, { status: number; body: unknown }>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** The `Authorization` header every request must carry. */
    private readonly authorization: { desk: string; jira: string },
  ) {}

  static async start(authorization: { desk: string; jira: string }): Promise<FakeTicketSystem> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const system = new FakeTicketSystem(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorization);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void system.handle(request, response));
    return system;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Requests whose path starts with `prefix` (and method, when given). */
  requestsTo(prefix: string, method?: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix) && (method === undefined || request.method === method));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const text = await readBody(request);
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: text ? JSON.parse(text) : undefined };
    this.requests.push(recorded);
    const behaviour: Behaviour = this.behaviour.kind !== 'ok' && this.behaviour.method !== undefined && this.behaviour.method !== recorded.method ? { kind: 'ok' } : this.behaviour;
    if (behaviour.kind === 'status') return send(response, behaviour.status, { error: `failing on purpose with ${behaviour.status}` });
    const dialect = url.pathname.startsWith('/jira/') ? 'jira' : 'desk';
    const reply =
      request.headers['authorization'] !== this.authorization[dialect]
        ? { status: 401, body: { error: 'bad credentials' } }
        : dialect === 'jira'
          ? this.jira(recorded, url.pathname.slice('/jira'.length))
          : this.desk(recorded, url.pathname.slice('/desk'.length));
    if (behaviour.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    send(response, reply.status, reply.body);
  }

  private desk(request: RecordedRequest, path: string): { status: number; body: unknown } {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const key = request.headers['idempotency-key'];
    if (request.method === 'POST' && path === '/tickets') {
      const seen = typeof key === 'string' ? this.replies.get(key) : undefined;
      if (seen) return seen;
      const id = `D-${this.deskTickets.size + 1}`;
      this.deskTickets.set(id, { id, title: String(body['title']), priority: String(body['priority']), assignee: (body['assignee'] as string | null) ?? null, status: 'open', comments: [] });
      const reply = { status: 201, body: { ticket: { id }, links: { html: `${this.url}/desk/t/${id}` } } };
      if (typeof key === 'string') this.replies.set(key, reply);
      return reply;
    }
    const match = /^\/tickets\/([^/]+)(?:\/(comments|close|reopen))?$/.exec(path);
    const ticket = match ? this.deskTickets.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!ticket) return { status: 404, body: { error: 'no such ticket' } };
    switch (`${request.method} ${match?.[2] ?? ''}`) {
      case 'PATCH ':
        Object.assign(ticket, { priority: String(body['priority']), assignee: (body['assignee'] as string | null) ?? null });
        return { status: 200, body: ticket };
      case 'POST comments':
        ticket.comments.push(String(body['text']));
        return { status: 201, body: {} };
      case 'POST close':
        Object.assign(ticket, { status: 'closed', note: String(body['note']) });
        return { status: 200, body: ticket };
      case 'POST reopen':
        ticket.status = 'open';
        return { status: 200, body: ticket };
      default:
        return { status: 405, body: { error: 'method not allowed' } };
    }
  }

  private jira(request: RecordedRequest, path: string): { status: number; body: unknown } {
    const body = (request.body ?? {}) as Record<string, Record<string, unknown> | undefined>;
    if (request.method === 'GET' && path === '/rest/api/2/search') {
      const label = /labels\s*=\s*"([^"]+)"/.exec(request.query.get('jql') ?? '')?.[1];
      const issues = [...this.jiraIssues.values()].filter((issue) => label !== undefined && issue.labels.includes(label));
      return { status: 200, body: { total: issues.length, issues: issues.slice(0, 1).map((issue) => ({ key: issue.key, fields: { status: { name: issue.status } } })) } };
    }
    if (request.method === 'POST' && path === '/rest/api/2/issue') {
      const fields = body['fields'] ?? {};
      const project = (fields['project'] as { key?: string } | undefined)?.key;
      if (project !== 'OPS') return { status: 400, body: { errorMessages: [], errors: { project: `project is required and must exist, got ${project}` } } };
      const key = `${project}-${this.jiraIssues.size + 1}`;
      this.jiraIssues.set(key, {
        key,
        project,
        summary: String(fields['summary']),
        priority: String((fields['priority'] as { name?: string } | undefined)?.name),
        labels: (fields['labels'] as string[] | undefined) ?? [],
        status: 'To Do',
        comments: [],
      });
      return { status: 201, body: { id: String(this.jiraIssues.size), key, self: `${this.url}/jira/rest/api/2/issue/${key}` } };
    }
    const match = /^\/rest\/api\/2\/issue\/([^/]+)(?:\/(comment|transitions))?$/.exec(path);
    const issue = match ? this.jiraIssues.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    switch (`${request.method} ${match?.[2] ?? ''}`) {
      case 'GET ':
        return { status: 200, body: { key: issue.key, fields: { status: { name: issue.status, statusCategory: { key: issue.status === 'Done' ? 'done' : 'new' } } } } };
      case 'PUT ':
        issue.priority = String((body['fields']?.['priority'] as { name?: string } | undefined)?.name);
        return { status: 204, body: undefined };
      case 'POST comment':
        issue.comments.push(String(body['body']));
        return { status: 201, body: {} };
      case 'GET transitions':
        return { status: 200, body: { transitions: [issue.status === 'Done' ? reopenTransition : doneTransition] } };
      case 'POST transitions': {
        const id = (body['transition'] as { id?: string } | undefined)?.id;
        const allowed = issue.status === 'Done' ? reopenTransition : doneTransition;
        if (id !== allowed.id) return { status: 400, body: { errorMessages: [`transition ${id} is not valid for this issue`] } };
        issue.status = issue.status === 'Done' ? 'To Do' : 'Done';
        return { status: 204, body: undefined };
      }
      default:
        return { status: 405, body: { errorMessages: ['method not allowed'] } };
    }
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
