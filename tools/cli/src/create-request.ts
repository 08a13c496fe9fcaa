import { type SourceKind, sourceKinds } from '@hookline/contracts/events';
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error';

type Body = Record<string, unknown>;

/** One flag of `integrations create`, and the field of `POST /api/integrations` it sets. */
interface CreateFlag {
  flag: string;
  placeholder: string;
  /** Where it lands in the request body, as the API's error messages name it. */
  field: string;
  help: string;
  /** Turns the typed text into the field's value; throws CliError naming the flag. */
  read?: (text: string, flag: string) => unknown;
}

const wholeNumber = (text: string, flag: string): number => {
  if (!/^\d{1,9}$/.test(text)) throw new CliError(`--${flag} must be a whole number, not "${text}"`);
  return Number(text);
};

const commaList = (text: string): string[] =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** Whole seconds as a number; anything else (an ISO-8601 duration such as PT15M) as typed, for the API to check. */
const secondsOrDuration = (text: string): number | string => (/^\d{1,9}$/.test(text) ? Number(text) : text);

/** Inline JSON, or `@path` to read it from a file (a mapping is easier to keep in a file than to quote). */
const jsonValue = (text: string, flag: string): unknown => {
  const json = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new CliError(`--${flag} is not valid JSON: ${(error as Error).message}`);
  }
};

/**
 * A secret the sender generated: as it is, or `@path` to read it from a file
 * (keeps it out of the shell history and the process list); a file's final
 * line break is not part of it.
 */
export const enteredSecret = (text: string): string => (text.startsWith('@') ? readFileSync(text.slice(1), 'utf8').replace(/\r?\n$/, '') : text);

export const createFlags: readonly CreateFlag[] = [
  { flag: 'source', placeholder: 'source', field: 'source', help: `what sends the webhooks (required): ${sourceKinds.join(', ')}` },
  { flag: 'name', placeholder: 'name', field: 'name', help: 'shown in the console and the delivery log (required)' },
  { flag: 'service', placeholder: 'service', field: 'service', help: 'the service of alerts that name none' },
  { flag: 'owner', placeholder: 'team', field: 'owner', help: 'the catalog team that owns it' },
  { flag: 'description', placeholder: 'text', field: 'description', help: 'what makes the sender call it (which rules, which alerts)' },
  {
    flag: 'expect-every',
    placeholder: 'seconds|duration',
    field: 'expectEvery',
    help: 'heartbeat: "silent" when nothing is accepted for longer (seconds or ISO-8601, e.g. PT15M)',
    read: secondsOrDuration,
  },
  {
    flag: 'bound-services',
    placeholder: 'service,service',
    field: 'serviceBinding.services',
    help: 'the catalog services it may report on (default: any)',
    read: commaList,
  },
  {
    flag: 'foreign-alerts',
    placeholder: 'policy',
    field: 'serviceBinding.foreignAlerts',
    help: 'alerts for other services: refuse (default) or flag (published, marked foreignService)',
  },
  { flag: 'allowed-ips', placeholder: 'cidr,cidr', field: 'allowedIps', help: 'accept deliveries only from these addresses', read: commaList },
  { flag: 'rate-limit', placeholder: 'n', field: 'rateLimitPerMinute', help: 'deliveries per minute before 429', read: wholeNumber },
  { flag: 'correlation', placeholder: 'template', field: 'correlation.template', help: 'correlation key template, e.g. "{{labels.cluster}}/{{alertName}}"' },
  { flag: 'field-mapping', placeholder: 'json|@file', field: 'fieldMapping', help: "where a generic sender's fields are (JSON paths)", read: jsonValue },
  { flag: 'threshold', placeholder: 'n', field: 'incidentPolicy.threshold', help: 'open an incident only after n distinct alerts…', read: wholeNumber },
  { flag: 'window', placeholder: 'seconds', field: 'incidentPolicy.windowSeconds', help: '…within this window (both or neither)', read: wholeNumber },
  {
    flag: 'auto-resolve-after',
    placeholder: 'seconds',
    field: 'incidentPolicy.autoResolveAfterSeconds',
    help: 'resolve an incident none of whose alerts was seen this long',
    read: wholeNumber,
  },
  {
    flag: 'secret',
    placeholder: 'secret|@file',
    field: 'secret',
    help: "bring your own: the sender's secret (Svix/Stripe whsec_…, PagerDuty v3, a routing key); default: generated",
    read: enteredSecret,
  },
  { flag: 'auth', placeholder: 'scheme', field: 'auth.scheme', help: 'bearer, basic, hmac, stripe-style, standard-webhooks, routing-key (default: per source)' },
  { flag: 'username', placeholder: 'user', field: 'auth.username', help: 'basic: the user name (the password is the generated secret)' },
  { flag: 'preset', placeholder: 'preset', field: 'auth.preset', help: 'hmac: grafana, github or pagerduty-v3 signatures (implies --auth hmac)' },
  { flag: 'header', placeholder: 'name', field: 'auth.header', help: 'hmac, stripe-style: the signature header' },
  { flag: 'encoding', placeholder: 'encoding', field: 'auth.encoding', help: 'hmac: hex or base64 signatures' },
  { flag: 'prefix', placeholder: 'text', field: 'auth.prefix', help: 'hmac: text before the signature, e.g. sha256=' },
  { flag: 'timestamp-header', placeholder: 'name', field: 'auth.timestampHeader', help: 'hmac: the signed timestamp header (replay protection)' },
  { flag: 'signed-content', placeholder: 'what', field: 'auth.signedContent', help: 'hmac: what is signed: body, timestamp.body or timestamp:body' },
  { flag: 'tolerance', placeholder: 'seconds', field: 'auth.toleranceSeconds', help: 'replay window of a signed timestamp', read: wholeNumber },
  { flag: 'delivery-id-header', placeholder: 'name', field: 'auth.deliveryIdHeader', help: "hmac: the sender's delivery id header (duplicate detection)" },
];

/** What `integrations update` cannot change: the source, and the auth (rotate-secret changes the secret). */
const fixedAtCreation = (field: string) => field === 'source' || field === 'secret' || field.startsWith('auth.');

/** The flags of `integrations update`: those of create for what `PATCH /api/integrations/:id` can change. */
export const updateFlags: readonly CreateFlag[] = createFlags.filter((flag) => !fixedAtCreation(flag.field));

/** `--clear owner,expect-every`: those fields (the whole object a nested one is in) back to none. */
export const clearFlag = 'clear';

/**
 * What each sender can do: sign where it can, a token where it cannot. Grafana
 * has no default timestamp header; naming one makes its signature cover the
 * time, so a captured delivery cannot be replayed later.
 */
export const defaultAuth: Record<SourceKind, Body> = {
  alertmanager: { scheme: 'bearer' },
  datadog: { scheme: 'bearer' },
  grafana: { scheme: 'hmac', preset: 'grafana', timestampHeader: 'X-Grafana-Alerting-Timestamp' },
  pagerduty: { scheme: 'routing-key' },
  generic: { scheme: 'standard-webhooks' },
};

function isSourceKind(text: string): text is SourceKind {
  return (sourceKinds as readonly string[]).includes(text);
}

function setPath(body: Body, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() ?? path;
  let target = body;
  for (const key of keys) target = (target[key] ??= {}) as Body;
  target[last] = value;
}

/** The body of `POST /api/integrations` from the flags; only mistakes the API could not name well are refused here. */
export function buildCreateRequest(flags: Readonly<Record<string, string>>): Body {
  const source = flags['source'];
  if (source === undefined || flags['name'] === undefined) throw new CliError('create needs --source and --name');
  // Checked here: the API would also report the auth it cannot default for an unknown source.
  if (!isSourceKind(source)) throw new CliError(`unknown --source "${source}": expected one of ${sourceKinds.join(', ')}`);

  const body: Body = {};
  for (const { flag, field, read } of createFlags) {
    const text = flags[flag];
    if (text !== undefined) setPath(body, field, read ? read(text, flag) : text);
  }
  const auth = (body['auth'] ?? {}) as Body;
  // A preset is an hmac setting: `--preset github` alone means an hmac integration.
  auth['scheme'] ??= auth['preset'] === undefined ? defaultAuth[source]['scheme'] : 'hmac';
  // The source's defaults fill what was not given, unless another scheme or preset was chosen.
  const defaults = defaultAuth[source];
  const sameKind = auth['scheme'] === defaults['scheme'] && (auth['preset'] === undefined || auth['preset'] === defaults['preset']);
  body['auth'] = sameKind ? { ...defaults, ...auth } : auth;
  return body;
}

/** The body of `PATCH /api/integrations/:id` from the flags: only what was given changes. */
export function buildUpdateRequest(flags: Readonly<Record<string, string>>): Body {
  const body: Body = {};
  for (const name of flags[clearFlag] === undefined ? [] : commaList(flags[clearFlag])) {
    const flag = updateFlags.find((candidate) => candidate.flag === name);
    if (flag === undefined) throw new CliError(`--${clearFlag} ${name}: not a field update can clear; expected one of ${updateFlags.map((candidate) => candidate.flag).join(', ')}`);
    body[flag.field.split('.')[0] ?? flag.field] = null;
  }
  for (const { flag, field, read } of updateFlags) {
    const text = flags[flag];
    if (text !== undefined) setPath(body, field, read ? read(text, flag) : text);
  }
  if (Object.keys(body).length === 0) throw new CliError('update needs at least one field to change; see hookline --help');
  return body;
}
