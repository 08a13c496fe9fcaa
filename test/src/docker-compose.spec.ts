import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_VERSION } from '@hookline/infra';
import { generateLocalSecrets, repoRoot, services, spawnTypeScript } from '@hookline/launcher';
import { testInfrastructure } from '@hookline/testing';
import { parse } from 'yaml';

// No Docker engine (nor `docker compose`) runs where the tests run, so this
// checks what can be checked without one: the file's structure, compose's
// variable interpolation applied as compose applies it, and that each app
// accepts the environment compose gives it (and nothing else) as a valid configuration.

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  ports?: Array<string | { target: number | string; published?: number | string; host_ip?: string }>;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

/** What a user must set before `docker compose up` starts anything; the values are only shaped like real ones. */
const requiredSettings = {
  HOOKLINE_ADMIN_TOKEN: generateLocalSecrets().adminToken,
  HOOKLINE_MASTER_KEY: generateLocalSecrets().masterKey,
  POSTGRES_PASSWORD: 'c0ffee0123456789abcdef0123456789abcdef0123456789',
};

const secretVariable = /TOKEN|PASSWORD|SECRET|MASTER_KEY/;

describe('docker-compose.yml', () => {
  it('runs Apache Kafka in KRaft mode at the version the tests prove kafkajs works with', () => {
    const kafka = compose.services['kafka'];

    expect(kafka?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(kafka?.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' });
  });

  it('creates topics and migrates in a one-shot step before any app starts', () => {
    const prepare = compose.services['prepare'];

    expect(existsSync(join(repoRoot, prepare?.command?.[0] ?? 'missing'))).toBe(true);
    for (const service of services) {
      expect(compose.services[service.name]?.depends_on).toEqual({ prepare: { condition: 'service_completed_successfully' } });
    }
  });

  it.each(services.map((service) => service.name))('builds %s from the one Dockerfile and starts its main.ts', (name) => {
    const app = compose.services[name];

    expect(app?.build).toBe('.');
    expect(app?.command).toEqual([`apps/${name}/src/main.ts`]);
    expect(existsSync(join(repoRoot, 'Dockerfile'))).toBe(true);
  });

  it('refuses to start until the admin token, the master key and the Postgres password are set, saying how to make each', () => {
    const { refusals } = interpolate(compose, {});

    expect([...new Set(refusals.map((refusal) => refusal.variable))].sort()).toEqual(Object.keys(requiredSettings).sort());
    for (const refusal of refusals) expect(refusal.message).toMatch(new RegExp(`^set ${refusal.variable} .*openssl rand`));
    expect(interpolate(compose, requiredSettings).refusals).toEqual([]);
  });

  it('ships no credential of its own: without the user\'s settings every secret is empty', () => {
    const { config } = interpolate(compose, {});

    for (const [name, service] of Object.entries(config.services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (secretVariable.test(variable)) expect({ service: name, variable, value }).toEqual({ service: name, variable, value: '' });
        const password = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/.exec(String(value))?.[1];
        if (password !== undefined) expect({ service: name, variable, password }).toEqual({ service: name, variable, password: '' });
      }
    }
  });

  it('publishes only the webhooks of the ingress and the status page on the network; admin ports on loopback, Kafka and Postgres not at all', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) => (service.ports ?? []).map((port) => ({ service: name, ...portMapping(port) })));
    const appPort = (name: string) => String(compose.services[name]?.environment?.['PORT']);
    const adminPort = (name: string) => String(compose.services[name]?.environment?.['ADMIN_PORT']);

    expect(published.filter((port) => port.hostIp !== '127.0.0.1')).toEqual([
      { service: 'ingress', hostIp: undefined, published: '3000', target: appPort('ingress') },
      { service: 'status-page', hostIp: undefined, published: '3003', target: appPort('status-page') },
    ]);
    for (const service of services) {
      // With an admin listener of its own, an app's public port answers no admin route, /metrics or /readyz.
      expect(published.filter((port) => port.service === service.name && port.target === adminPort(service.name))).toEqual([
        expect.objectContaining({ hostIp: '127.0.0.1' }),
      ]);
    }
    expect(published.filter((port) => ['kafka', 'postgres', 'prepare'].includes(port.service))).toEqual([]);
  });

  it.each(services.map((service) => service.name))('gives %s every environment variable its configuration requires', async (name) => {
    const environment = Object.fromEntries(
      Object.entries(interpolate(compose, requiredSettings).config.services[name]?.environment ?? {}).map(([key, value]) => [key, String(value)]),
    );
    const logFile = join(testInfrastructure().dataDir, 'logs', 'compose', `${name}.log`);
    const child = await spawnTypeScript({ entry: `apps/${name}/src/main.ts`, args: ['--check-config'], env: environment, logFile, isolatedEnv: true });

    const { code } = await child.exited;

    expect({ code, output: readFileSync(logFile, 'utf8') }).toEqual({ code: 0, output: 'configuration ok\n' });
  });
});

interface Refusal {
  variable: string;
  message: string;
}

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`,
 * `${VAR?message}` and `$$` in every value, as `docker compose config` applies it
 * (https://docs.docker.com/reference/compose-file/interpolation/). Where compose would refuse to
 * start, the refusal is collected and the value left empty. Any other `$` form fails the spec,
 * so the file cannot drift into syntax this check does not understand.
 */
function interpolate(file: ComposeFile, env: Record<string, string>): { config: ComposeFile; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const inString = (value: string) =>
    value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$/g, (match, variable?: string, operator?: string, argument = '') => {
      if (match === '$$') return '$';
      if (variable === undefined) throw new Error(`docker-compose.yml: a "$" this spec cannot interpret in ${JSON.stringify(value)}`);
      const current = env[variable];
      const unset = operator?.startsWith(':') ? current === undefined || current === '' : current === undefined;
      if (!unset || operator === undefined) return current ?? '';
      if (operator.endsWith('-')) return argument;
      refusals.push({ variable, message: argument });
      return '';
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return inString(node);
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
    return node;
  };
  return { config: walk(file) as ComposeFile, refusals };
}

/** A `ports` entry, short (`[ip:]published:target`) or long syntax, as strings. */
function portMapping(port: NonNullable<ComposeService['ports']>[number]): { hostIp: string | undefined; published: string | undefined; target: string } {
  if (typeof port === 'object') return { hostIp: port.host_ip, published: port.published === undefined ? undefined : String(port.published), target: String(port.target) };
  const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop();
  return { hostIp: parts.pop(), published, target };
}
