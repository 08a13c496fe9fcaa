import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickFreePorts } from '@hookline/infra';
import { type RunningPipeline, generateLocalSecrets, services, spawnTypeScript, startPipeline } from '@hookline/launcher';
import { eventually, openApiProblems, testInfrastructure } from '@hookline/testing';
import { dashboardMetricNames, exposedMetricNames } from './support/dashboard-metrics';
import { type IsolatedDeployment, startIsolatedDeployment } from './support/isolated-deployment';

const logDir = join(testInfrastructure().dataDir, 'logs', 'e2e');

describe('the five apps on the real Kafka and Postgres', () => {
  let pipeline: RunningPipeline;
  let deployment: IsolatedDeployment;

  beforeAll(async () => {
    deployment = await startIsolatedDeployment();
    const ports = await pickFreePorts(services.length);
    const portOf = Object.fromEntries(services.map((service, index) => [service.name, ports[index] ?? 0]));
    pipeline = await startPipeline(
      { kafkaBrokers: deployment.kafkaBrokers, databaseUrl: deployment.databaseUrl, env: deployment.env, logDir, secrets: generateLocalSecrets() },
      portOf as Parameters<typeof startPipeline>[1],
    );
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await deployment?.drop();
  });

  it.each(services.map((service) => service.name))('%s is ready: Kafka and Postgres reachable', async (name) => {
    const response = await fetch(`${pipeline.urlOf(name)}/readyz`);
    const body = (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ready: true, checks: { kafka: { ok: true }, postgres: { ok: true } } });
  });

  it.each(services.map((service) => service.name))('%s serves Prometheus metrics including its own HTTP requests', async (name) => {
    await fetch(`${pipeline.urlOf(name)}/healthz`);

    const response = await fetch(`${pipeline.urlOf(name)}/metrics`);
    const text = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toMatch(new RegExp(`hookline_http_requests_total\\{[^}]*route="/healthz"[^}]*service="${name}"`));
    expect(text).toContain('# TYPE hookline_process_cpu_seconds_total counter');
  });

  it.each(services.map((service) => service.name))("%s's metrics pass promtool check metrics, with its readiness checks read at scrape time", async (name) => {
    const text = await (await fetch(`${pipeline.urlOf(name)}/metrics`)).text();
    const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });

    expect({ status: check.status, problems: `${check.stdout}${check.stderr}`.trim() }).toEqual({ status: 0, problems: '' });
    expect(text).toMatch(new RegExp(`^hookline_readiness_check_ok\\{check="kafka",service="${name}"\\} 1$`, 'm'));
  });

  it('serves every metric the shipped Grafana dashboard queries (deploy/grafana), and the consumers their lag', async () => {
    const expositions = await Promise.all(services.map(async (service) => (await fetch(`${pipeline.urlOf(service.name)}/metrics`)).text()));
    const exposed = new Set(expositions.flatMap((text) => [...exposedMetricNames(text)]));

    expect([...dashboardMetricNames()].filter((name) => !exposed.has(name))).toEqual([]);
    expect(expositions.join('\n')).toMatch(/^hookline_consumer_lag\{group="correlator",topic="ingress\.alert\.v1",partition="0",service="correlator"\} \d+$/m);
  });

  it.each(services.map((service) => service.name))('%s answers an unknown path with the same problem+json 404 as every app', async (name) => {
    const response = await fetch(`${pipeline.urlOf(name)}/no-such-path`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not found', type: 'urn:hookline:error:not_found' });
  });

  it.each(services.map((service) => service.name))('%s serves its API as a valid OpenAPI 3.1 document at /openapi.json', async (name) => {
    const response = await fetch(`${pipeline.urlOf(name)}/openapi.json`);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };

    expect(response.status).toBe(200);
    expect(openApiProblems(document)).toBe('');
    expect(document.paths).toHaveProperty('/readyz');
  });

  it("describes the ingress's create-integration body with the schema that validates it", async () => {
    const document = (await (await fetch(`${pipeline.urlOf('ingress')}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
    };
    const body = document.paths['/api/integrations']?.['post']?.requestBody?.content['application/json']?.schema;

    expect(Object.keys(body?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'source', 'auth']));
  });

  it('stops every app cleanly on SIGTERM', async () => {
    const exits = pipeline.services.map((service) => service.process.exited);

    await pipeline.stop();

    expect(await Promise.all(exits)).toEqual(services.map(() => ({ code: 0, signal: null })));
  });
});

describe('an app with a wrong configuration', () => {
  it('exits non-zero naming every variable that is wrong', async () => {
    const logFile = join(logDir, 'bad-config.log');
    const child = await spawnTypeScript({
      entry: 'apps/ingress/src/main.ts',
      env: { KAFKA_BROKERS: 'not a list', DATABASE_URL: 'mysql://nope', PORT: 'eighty', HOOKLINE_MASTER_KEY: 'too short' },
      logFile,
    });

    const { code } = await child.exited;

    expect(code).toBe(1);
    const output = readFileSync(logFile, 'utf8');
    expect(output).toContain('KAFKA_BROKERS: must be a comma-separated list of host:port');
    expect(output).toContain('DATABASE_URL: must be a postgres:// connection URL');
    expect(output).toMatch(/PORT: /);
    expect(output).toContain('HOOKLINE_MASTER_KEY: must be 32 bytes');
  });
});

describe('an app whose Kafka is unreachable', () => {
  it('is alive but not ready, and names Kafka as the reason', async () => {
    const [port, closedKafkaPort] = await pickFreePorts(2);
    const child = await spawnTypeScript({
      entry: 'apps/ledger/src/main.ts',
      env: {
        KAFKA_BROKERS: `127.0.0.1:${closedKafkaPort}`,
        DATABASE_URL: testInfrastructure().databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        HOOKLINE_ADMIN_TOKEN: generateLocalSecrets().adminToken,
      },
      logFile: join(logDir, 'kafka-unreachable.log'),
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await eventually(async () => expect((await fetch(`${url}/healthz`)).status).toBe(200), { timeoutMs: 30_000 });

      const ready = await fetch(`${url}/readyz`);
      const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };

      expect(ready.status).toBe(503);
      expect(body.checks).toMatchObject({ kafka: { ok: false }, postgres: { ok: true } });
    } finally {
      await child.stop();
    }
  });
});
