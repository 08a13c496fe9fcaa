import { assertUnreachable } from '@hookline/platform/errors';
import type { AdminClient } from './admin-client';
import type { ParsedArgs } from './args';
import { CliError } from './cli-error';
import { buildCreateRequest, buildUpdateRequest, clearFlag, createFlags, enteredSecret, updateFlags } from './create-request';
import { integrationTable } from './integration-table';
import { createdIntegrationSchema } from './sender-config/created-integration';
import { senderConfiguration } from './sender-config/sender-configuration';
import { testDeliveryScript } from './sender-config/test-delivery-script';

/** What a command prints: on stdout (scripts read it) and, for a person at the terminal, on stderr. */
export interface CommandOutput {
  stdout: string;
  stderr?: string;
}

const formats = ['all', 'json', 'sender', 'curl'] as const;
type Format = (typeof formats)[number];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

type Run = (client: AdminClient) => Promise<CommandOutput>;

interface Command {
  /** The flags it takes, so a mistyped one is an error rather than silently ignored. */
  flags: readonly string[];
  needsId: boolean;
  /** Checks the flags (throwing CliError) before any call, and returns the call. */
  prepare(id: string, flags: Readonly<Record<string, string>>): Run;
}

const printed =
  (method: string, path: string): Run =>
  async (client) => ({ stdout: json(await client.call(method, path)) });

const commands: Record<string, Command> = {
  create: {
    flags: [...createFlags.map((flag) => flag.flag), 'format'],
    needsId: false,
    prepare: (_id, flags) => {
      const format = readFormat(flags['format']);
      const body = buildCreateRequest(flags);
      return async (client) => createOutput(await client.call('POST', '/api/integrations', body), format);
    },
  },
  list: {
    flags: ['format'],
    needsId: false,
    prepare: (_id, flags) => {
      const format = flags['format'] ?? 'json';
      if (format !== 'json' && format !== 'table') throw new CliError(`unknown --format "${format}" for list: expected json or table`);
      return async (client) => {
        const answer = await client.call('GET', '/api/integrations');
        return { stdout: format === 'table' ? integrationTable(answer) : json(answer) };
      };
    },
  },
  get: { flags: [], needsId: true, prepare: (id) => printed('GET', `/api/integrations/${id}`) },
  update: {
    flags: [...updateFlags.map((flag) => flag.flag), clearFlag],
    needsId: true,
    prepare: (id, flags) => {
      const body = buildUpdateRequest(flags);
      return async (client) => ({ stdout: json(await client.call('PATCH', `/api/integrations/${id}`, body)) });
    },
  },
  disable: { flags: [], needsId: true, prepare: (id) => printed('DELETE', `/api/integrations/${id}`) },
  'rotate-secret': {
    flags: ['secret'],
    needsId: true,
    prepare: (id, flags) => {
      const secret = flags['secret'] === undefined ? undefined : enteredSecret(flags['secret']);
      return async (client) => ({ stdout: json(await client.call('POST', `/api/integrations/${id}/rotate-secret`, secret === undefined ? {} : { secret })) });
    },
  },
  'revoke-previous-secret': { flags: [], needsId: true, prepare: (id) => printed('POST', `/api/integrations/${id}/revoke-previous-secret`) },
  deliveries: {
    flags: ['limit'],
    needsId: true,
    prepare: (id, flags) => printed('GET', `/api/integrations/${id}/deliveries?limit=${encodeURIComponent(flags['limit'] ?? '20')}`),
  },
  test: { flags: [], needsId: true, prepare: (id) => printed('POST', `/api/integrations/${id}/test`) },
};

function readFormat(text: string | undefined): Format {
  const format = formats.find((candidate) => candidate === (text ?? 'all'));
  if (format === undefined) throw new CliError(`unknown --format "${text}": expected one of ${formats.join(', ')}`);
  return format;
}

/**
 * The JSON stays alone on stdout by default, so `… | jq -r .secret` keeps
 * working; the sender configuration goes to stderr, which a terminal shows
 * and a pipe does not swallow. `--format sender|curl` puts just that on
 * stdout, ready for `> alertmanager.yml` or `| sh`.
 */
function createOutput(answer: unknown, format: Format): CommandOutput {
  const parsed = createdIntegrationSchema.safeParse(answer);
  // An ingress newer than this CLI may answer differently: the integration exists, so its JSON still matters most.
  if (!parsed.success) return { stdout: json(answer), stderr: 'hookline: no sender configuration: the answer is not what this CLI knows\n' };
  const created = parsed.data;
  const configuration = senderConfiguration(created);
  const script = testDeliveryScript(created);
  switch (format) {
    case 'json':
      return { stdout: json(answer) };
    case 'sender':
      return { stdout: configuration.text };
    case 'curl':
      return { stdout: script };
    case 'all':
      return {
        stdout: json(answer),
        stderr: [
          `── Sender configuration: ${configuration.title} ──`,
          configuration.text,
          '── Try it: one test alert, as the sender would send it (sh; needs curl and openssl) ──',
          script,
          'The secret is shown only now; keep it in the sender, not here.',
          '',
        ].join('\n'),
      };
    default:
      return assertUnreachable(format);
  }
}

/** Checks the command line, then runs the command; usage mistakes never reach the API. */
export function prepareIntegrationsCommand(args: ParsedArgs): Run {
  const [name, id, extra] = args.positional;
  if (name === undefined) throw new CliError('which command? see hookline --help');
  const command = commands[name];
  if (command === undefined) throw new CliError(`unknown command "${name}": expected one of ${Object.keys(commands).join(', ')}; see hookline --help`);
  const unknown = Object.keys(args.flags).filter((flag) => !command.flags.includes(flag));
  if (unknown.length > 0) throw new CliError(`${name} does not take ${unknown.map((flag) => `--${flag}`).join(', ')}; see hookline --help`);
  if (command.needsId && id === undefined) throw new CliError(`${name} needs an integration id: hookline integrations ${name} <id>`);
  const surplus = command.needsId ? extra : id;
  if (surplus !== undefined) throw new CliError(`unexpected argument "${surplus}"; see hookline --help`);
  return command.prepare(encodeURIComponent(id ?? ''), args.flags);
}
