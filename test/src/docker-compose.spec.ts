import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_VERSION } from '@hookline/infra';
import { repoRoot, services, spawnTypeScript } from '@hookline/launcher';
import { testInfrastructure } from '@hookline/testing';
import { parse } from 'yaml';

// No Docker engine runs where the tests run, so this checks what can be
// checked without one: the file's structure, and that each app accepts the
// environment compose gives it (and nothing else) as a valid configuration.

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

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

  it.each(services.map((service) => service.name))('gives %s every environment variable its configuration requires', async (name) => {
    const environment = Object.fromEntries(
      Object.entries(compose.services[name]?.environment ?? {}).map(([key, value]) => [key, String(value)]),
    );
    const logFile = join(testInfrastructure().dataDir, 'logs', 'compose', `${name}.log`);
    const child = await spawnTypeScript({ entry: `apps/${name}/src/main.ts`, args: ['--check-config'], env: environment, logFile, isolatedEnv: true });

    const { code } = await child.exited;

    expect({ code, output: readFileSync(logFile, 'utf8') }).toEqual({ code: 0, output: 'configuration ok\n' });
  });
});
