import { ticketPriorities, ticketPriority } from '@hookline/contracts/events';
import { z } from 'zod';
import { connectorSecretPrefix } from '../config';
import { placeholdersOf } from './template';

/**
 * `teams.<id>.connector` in the service catalog: the team's external ticket
 * system. The catalog passes it through untouched; this is its schema.
 * Credentials are never written in the catalog: `auth.secret` names an
 * environment variable (`TICKETING_SECRET_*`) that holds them.
 */

const secretName = z
  .string()
  .regex(new RegExp(`^${connectorSecretPrefix}[A-Z0-9_]+$`), `must name an environment variable starting with ${connectorSecretPrefix}, e.g. ${connectorSecretPrefix}JIRA`);

const baseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((url) => url.replace(/\/+$/, ''));

const timeoutMs = z.int().positive().max(120_000).optional();

/** The fields about the ticket every template may use. */
export const ticketPlaceholders = [
  'ticket.id',
  'ticket.title',
  'ticket.priority',
  'ticket.status',
  'ticket.team',
  'ticket.queue',
  'ticket.assignee',
  'ticket.service',
  'ticket.severity',
  'ticket.resolutionNote',
  'ticket.closedReason',
  'ticket.description',
  'incident.id',
  'label',
] as const;
const externalPlaceholders = ['external.id', 'external.url'] as const;
const commentPlaceholders = ['comment.body', 'comment.author'] as const;

const httpMethod = z.enum(['POST', 'PUT', 'PATCH', 'DELETE']);

function requestTemplate<Extra extends z.ZodRawShape>(allowed: readonly string[], extra: Extra) {
  return z
    .strictObject({
      method: httpMethod.default('POST'),
      /** Appended to `baseUrl`; placeholders are percent-encoded. */
      path: z.string().startsWith('/', 'must start with "/"'),
      body: z.unknown().optional(),
      headers: z.record(z.string(), z.string()).optional(),
      ...extra,
    })
    .superRefine((template, ctx) => {
      const { path, body, headers } = template as { path: string; body?: unknown; headers?: unknown };
      checkPlaceholders([path, body, headers], allowed, ctx);
    });
}

function checkPlaceholders(template: unknown, allowed: readonly string[], ctx: z.RefinementCtx): void {
  for (const name of placeholdersOf(template)) {
    if (!allowed.includes(name)) ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}}; here you may use ${allowed.map((known) => `{{${known}}}`).join(', ')}` });
  }
}

const withExternal = [...ticketPlaceholders, ...externalPlaceholders];

/** A ticket system with a JSON API of its own: one templated request per action. */
export const httpConnectorSchema = z.strictObject({
  kind: z.literal('http'),
  /** Name of the system in `externalRef.system`. */
  system: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case name such as "servicedesk"').max(64).default('http'),
  baseUrl,
  auth: z.strictObject({ header: z.string().min(1).default('Authorization'), scheme: z.string().min(1).optional(), secret: secretName }).optional(),
  timeoutMs,
  /** Must answer with the new ticket's id at `idFrom` (a dotted path into the JSON reply), and should honour `Idempotency-Key`. */
  create: requestTemplate(ticketPlaceholders, { idFrom: z.string().min(1).default('id'), urlFrom: z.string().min(1).optional() }),
  update: requestTemplate(withExternal, {}).optional(),
  comment: requestTemplate([...withExternal, ...commentPlaceholders], {}).optional(),
  close: requestTemplate(withExternal, {}).optional(),
  reopen: requestTemplate(withExternal, {}).optional(),
  /** Link to a ticket for people, e.g. `https://desk.example.com/t/{{external.id}}`, when the create reply has none. */
  ticketUrl: z
    .string()
    .min(1)
    .superRefine((template, ctx) => checkPlaceholders(template, ['external.id'], ctx))
    .optional(),
});

/** Jira Cloud, Server or Data Center, through REST API v2. */
export const jiraConnectorSchema = z.strictObject({
  kind: z.literal('jira'),
  baseUrl,
  /** With `email`: basic auth with an API token (Jira Cloud); without: the secret is a bearer token (a personal access token). */
  auth: z.strictObject({ email: z.string().min(1).optional(), secret: secretName }),
  /** Project key; without it, the ticket's queue (the team's `ticketQueue` or the routing rule's `queue`). */
  project: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be a Jira project key such as "OPS"').optional(),
  issueType: z.string().min(1).default('Task'),
  /** Every issue carries `<labelPrefix><incident id>`: how a retry finds the issue an earlier try created. */
  labelPrefix: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "-", "_" or "."').default('hookline-incident-'),
  doneTransition: z.string().min(1).default('Done'),
  reopenTransition: z.string().min(1).default('Reopen'),
  /** Hookline priority → Jira priority name; the cells left out keep their defaults. */
  priorities: z.partialRecord(ticketPriority, z.string().min(1)).default({}),
  timeoutMs,
});

export const connectorConfigSchema = z.discriminatedUnion('kind', [httpConnectorSchema, jiraConnectorSchema]);

export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;
export type HttpConnectorConfig = z.infer<typeof httpConnectorSchema>;
export type JiraConnectorConfig = z.infer<typeof jiraConnectorSchema>;

export const defaultJiraPriorities: Readonly<Record<(typeof ticketPriorities)[number], string>> = {
  P1: 'Highest',
  P2: 'High',
  P3: 'Medium',
  P4: 'Low',
  P5: 'Lowest',
};
