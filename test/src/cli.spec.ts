import { spawnSync } from 'node:child_process';
import { repoRoot } from '@hookline/launcher';
import { testInfrastructure } from '@hookline/testing';
import { type IngressProcess, startIngressProcess } from './support/ingress-process';

describe('npx hookline integrations', () => {
  let ingress: IngressProcess;

  beforeAll(async () => {
    ingress = await startIngressProcess({ kafkaBrokers: testInfrastructure().kafkaBrokers, instance: 'cli' });
  }, 90_000);
  afterAll(() => ingress?.stop());

  function hookline(...args: string[]) {
    const result = spawnSync('npx', ['hookline', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, HOOKLINE_URL: ingress.url, HOOKLINE_ADMIN_TOKEN: ingress.secrets.adminToken },
    });
    return { status: result.status, json: () => JSON.parse(result.stdout) as Record<string, unknown>, stderr: result.stderr };
  }

  it('creates an integration and shows its webhook URL and secret once', () => {
    const created = hookline('integrations', 'create', '--source', 'alertmanager', '--name', 'prod');

    expect(created.status).toBe(0);
    expect(created.json()).toMatchObject({ id: expect.stringMatching(/^int_/), webhookUrl: expect.stringContaining('/webhooks/int_'), secret: expect.any(String) });
    const shown = hookline('integrations', 'get', String(created.json()['id']));
    expect(shown.json()).toMatchObject({ name: 'prod', source: 'alertmanager', auth: { scheme: 'bearer' } });
    expect(JSON.stringify(shown.json())).not.toContain(String(created.json()['secret']));
  });

  it('refuses an unknown source itself, with that one error and a non-zero exit', () => {
    const result = hookline('integrations', 'create', '--source', 'nagios', '--name', 'x');

    expect(result.status).toBe(1);
    expect(result.stderr).toBe('hookline: unknown --source "nagios": expected one of alertmanager, grafana, datadog, pagerduty, generic\n');
  });
});
