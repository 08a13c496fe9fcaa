import type { AdminClient } from './admin-client';

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string>;
}

/** `a b --x 1 --y=2` → positional [a, b], flags { x: '1', y: '2' }. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
    const next = argv[index + 1];
    if (inline !== undefined) flags[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      flags[name] = next;
      index += 1;
    } else flags[name] = 'true';
  }
  return { positional, flags };
}

/** What a sender of each kind can do: sign where it can, a token where it cannot. */
const defaultAuth: Record<string, Record<string, unknown>> = {
  alertmanager: { scheme: 'bearer' },
  datadog: { scheme: 'bearer' },
  grafana: { scheme: 'hmac', preset: 'grafana' },
  pagerduty: { scheme: 'routing-key' },
  generic: { scheme: 'standard-webhooks' },
};

export const usage = `usage: hookline integrations <command>
  create --source <alertmanager|grafana|datadog|pagerduty|generic> --name <name>
         [--auth <scheme>] [--username <basic-auth user>] [--service <service>]
         [--rate-limit <per minute>] [--allowed-ips <cidr,cidr>] [--correlation <template>]
  list | get <id> | disable <id> | rotate-secret <id> | deliveries <id> [--limit n] | test <id>
environment: HOOKLINE_URL (default http://127.0.0.1:3000), HOOKLINE_ADMIN_TOKEN
             (default: the one \`npm start\` keeps in .hookline/dev/secrets.json)`;

export async function runIntegrationsCommand(client: AdminClient, args: ParsedArgs): Promise<unknown> {
  const [command, id] = args.positional;
  const { flags } = args;
  const needId = () => {
    if (!id) throw new Error(`${command} needs an integration id\n${usage}`);
    return encodeURIComponent(id);
  };
  switch (command) {
    case 'create': {
      const source = flags['source'];
      if (!source || !flags['name']) throw new Error(`create needs --source and --name\n${usage}`);
      const auth = flags['auth'] ? { scheme: flags['auth'], ...(flags['username'] ? { username: flags['username'] } : {}) } : defaultAuth[source];
      return client.call('POST', '/api/integrations', {
        name: flags['name'],
        source,
        auth,
        ...(flags['service'] ? { service: flags['service'] } : {}),
        ...(flags['rate-limit'] ? { rateLimitPerMinute: Number(flags['rate-limit']) } : {}),
        ...(flags['allowed-ips'] ? { allowedIps: flags['allowed-ips'].split(',') } : {}),
        ...(flags['correlation'] ? { correlation: { template: flags['correlation'] } } : {}),
      });
    }
    case 'list':
      return client.call('GET', '/api/integrations');
    case 'get':
      return client.call('GET', `/api/integrations/${needId()}`);
    case 'disable':
      return client.call('DELETE', `/api/integrations/${needId()}`);
    case 'rotate-secret':
      return client.call('POST', `/api/integrations/${needId()}/rotate-secret`);
    case 'deliveries':
      return client.call('GET', `/api/integrations/${needId()}/deliveries?limit=${flags['limit'] ?? '20'}`);
    case 'test':
      return client.call('POST', `/api/integrations/${needId()}/test`);
    default:
      throw new Error(usage);
  }
}
