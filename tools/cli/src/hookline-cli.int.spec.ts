import { pickFreePorts } from '@hookline/infra';
import { type RunningService, generateLocalSecrets, repoRoot, startService } from '@hookline/launcher';
import { testInfrastructure } from '@hookline/testing';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amtoolCheckConfig } from './testing/amtool';

// `npx hookline` as a user runs it: its own process, against a real ingress process.

const secrets = generateLocalSecrets();
let ingress: RunningService;

beforeAll(async () => {
  const { kafkaBrokers, databaseUrl, dataDir } = testInfrastructure();
  const [port] = await pickFreePorts(1);
  ingress = await startService(
    { kafkaBrokers, databaseUrl, logDir: join(dataDir, 'logs', 'cli'), logLevel: 'warn', secrets },
    'ingress',
    port ?? 0,
  );
}, 120_000);
afterAll(() => ingress?.process.stop());

// An empty data folder: no secrets file `npm start` may have left in the clone.
const noSecretsDir = mkdtempSync(join(tmpdir(), 'hookline-cli-'));

function hookline(args: string[], env: Record<string, string | undefined> = {}) {
  const { HOOKLINE_ADMIN_TOKEN: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [join(repoRoot, 'tools', 'cli', 'bin', 'hookline.js'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...inherited, HOOKLINE_URL: ingress.url, HOOKLINE_ADMIN_TOKEN: secrets.adminToken, HOOKLINE_DATA_DIR: noSecretsDir, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('hookline --help', () => {
  it.each([['--help'], ['integrations', '--help'], ['integrations', 'create', '--help']])('prints the usage and exits 0 for %s', (...args) => {
    const result = hookline(args);

    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain('usage: hookline integrations');
    expect(result.stdout).toContain('--timestamp-header');
  });
});

describe('hookline errors', () => {
  it('names the URL it could not reach and suggests npm start', async () => {
    const [closedPort] = await pickFreePorts(1);
    const url = `http://127.0.0.1:${closedPort}`;

    const result = hookline(['integrations', 'list'], { HOOKLINE_URL: url });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`could not reach the ingress at ${url} (ECONNREFUSED)`);
    expect(result.stderr).toContain('npm start');
    expect(result.stderr).not.toContain('fetch failed');
  });

  it('says there is no token when none is set', () => {
    const result = hookline(['integrations', 'list'], { HOOKLINE_ADMIN_TOKEN: undefined });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^hookline: no admin token: set HOOKLINE_ADMIN_TOKEN/);
  });

  it('says the token was refused when the ingress answers 401 to it', () => {
    const result = hookline(['integrations', 'list'], { HOOKLINE_ADMIN_TOKEN: 'not-the-token' });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^hookline: token refused: the ingress at \S+ answered 401 to the token in HOOKLINE_ADMIN_TOKEN/);
  });

  it('reports an unknown source once, with no auth error beside it', () => {
    const result = hookline(['integrations', 'create', '--source', 'nagios', '--name', 'x']);

    expect(result.status).toBe(1);
    expect(result.stderr).toBe('hookline: unknown --source "nagios": expected one of alertmanager, grafana, datadog, pagerduty, generic\n');
  });

  it("reports the API's own problems for a request it refuses", () => {
    const result = hookline(['integrations', 'create', '--source', 'generic', '--name', 'x', '--auth', 'hmac', '--format', 'json']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('POST /api/integrations failed with 400: auth.header: header is required without a preset');
  });
});

describe('hookline integrations create', () => {
  it('sets every field of the create API from its flags', () => {
    const created = hookline([
      'integrations', 'create', '--format', 'json',
      '--source', 'generic', '--name', 'github-actions', '--service', 'ci',
      '--owner', 'payments', '--description', 'workflow failures on main', '--expect-every', 'P1D',
      '--allowed-ips', '127.0.0.1,10.0.0.0/8', '--rate-limit', '120', '--correlation', '{{service}}/{{alertName}}',
      '--threshold', '2', '--window', '600', '--auto-resolve-after', '3600',
      '--field-mapping', JSON.stringify({ status: '$.action', firingValues: ['opened'], resolvedValues: ['closed'], title: '$.title', dedupKey: '$.id' }),
      '--preset', 'github', '--header', 'X-Hub-Signature-256', '--encoding', 'hex', '--prefix', 'sha256=',
      '--timestamp-header', 'X-Timestamp', '--signed-content', 'timestamp.body', '--tolerance', '120', '--delivery-id-header', 'X-GitHub-Delivery',
    ]);
    expect(created).toMatchObject({ status: 0, stderr: '' });

    const shown = json(hookline(['integrations', 'get', String(json(created.stdout)['id'])]).stdout);
    expect(shown).toMatchObject({
      name: 'github-actions',
      source: 'generic',
      service: 'ci',
      owner: 'payments',
      description: 'workflow failures on main',
      expectEverySeconds: 86_400,
      health: 'ok',
      allowedIps: ['127.0.0.1', '10.0.0.0/8'],
      rateLimitPerMinute: 120,
      correlation: { template: '{{service}}/{{alertName}}' },
      incidentPolicy: { threshold: 2, windowSeconds: 600, autoResolveAfterSeconds: 3600 },
      fieldMapping: { status: '$.action', dedupKey: '$.id' },
      auth: {
        scheme: 'hmac', preset: 'github', header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=',
        timestampHeader: 'X-Timestamp', signedContent: 'timestamp.body', toleranceSeconds: 120, deliveryIdHeader: 'X-GitHub-Delivery',
      },
    });
  });

  it('keeps the JSON alone on stdout and prints the sender configuration on stderr', () => {
    const result = hookline(['integrations', 'create', '--source', 'alertmanager', '--name', 'prod']);

    expect(result.status).toBe(0);
    const created = json(result.stdout);
    expect(created).toMatchObject({ id: expect.stringMatching(/^int_/), secret: expect.any(String) });
    expect(result.stderr).toContain('── Sender configuration: Alertmanager (alertmanager.yml) ──');
    expect(result.stderr).toContain(`credentials: "${String(created['secret'])}"`);
  });

  it('prints an Alertmanager configuration that amtool accepts', () => {
    const result = hookline(['integrations', 'create', '--source', 'alertmanager', '--name', 'prod', '--format', 'sender']);

    expect(result.status).toBe(0);
    expect(amtoolCheckConfig(result.stdout)).toMatchObject({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  // Each printed script signs (or authenticates) and formats its test alert as the real sender would; the ingress accepting it proves both.
  it.each([
    ['alertmanager', []],
    ['alertmanager', ['--auth', 'basic', '--username', 'alertmanager']],
    ['grafana', []],
    ['grafana', ['--encoding', 'base64', '--header', 'X-Signature']],
    ['datadog', []],
    ['pagerduty', []],
    ['generic', []],
    ['generic', ['--preset', 'github']],
    ['generic', ['--auth', 'stripe-style']],
  ])('prints a test delivery for %s %s that the ingress accepts', (source, flags) => {
    // The Events API answers as PagerDuty does.
    const accepted = source === 'pagerduty' ? 'success' : 'accepted';
    const script = hookline(['integrations', 'create', '--source', source, '--name', `${source} test`, ...flags, '--format', 'curl']);
    expect(script).toMatchObject({ status: 0, stderr: '' });

    const sent = spawnSync('sh', ['-e', '-c', script.stdout], { encoding: 'utf8' });

    expect({ status: sent.status, stderr: sent.stderr }).toEqual({ status: 0, stderr: '' });
    expect(json(sent.stdout)).toMatchObject({ status: accepted });
  });
});

describe('hookline integrations update and list', () => {
  it('changes only the fields given, clears those named, and lists owner and health in a table', () => {
    const id = String(json(hookline(['integrations', 'create', '--format', 'json', '--source', 'alertmanager', '--name', 'am', '--owner', 'payments']).stdout)['id']);

    const updated = hookline(['integrations', 'update', id, '--expect-every', '600', '--description', 'checkout rules', '--clear', 'owner']);
    const table = hookline(['integrations', 'list', '--format', 'table']);

    expect(updated.status).toBe(0);
    expect(json(updated.stdout)).toMatchObject({ name: 'am', owner: null, description: 'checkout rules', expectEverySeconds: 600 });
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +NAME +SOURCE +OWNER +HEALTH +LAST ACCEPTED +LAST REFUSED$/);
    expect(table.stdout).toMatch(new RegExp(`^${id} +am +alertmanager +- +ok +never +never$`, 'm'));
  });

  it("reports the API's 400 for an owner the catalog does not name", () => {
    const id = String(json(hookline(['integrations', 'create', '--format', 'json', '--source', 'alertmanager', '--name', 'am']).stdout)['id']);

    const result = hookline(['integrations', 'update', id, '--owner', 'nobody']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('owner: not a team in the service catalog: nobody');
  });
});

describe("hookline with the sender's own secret", () => {
  it('creates with an entered Svix secret, rotates to another, and revokes the previous one at once', () => {
    const [first, second] = [`whsec_${randomBytes(24).toString('base64')}`, `whsec_${randomBytes(24).toString('base64')}`];

    const created = hookline(['integrations', 'create', '--source', 'generic', '--name', 'svix', '--secret', first, '--format', 'json']);
    const id = String(json(created.stdout)['id']);
    const rotated = hookline(['integrations', 'rotate-secret', id, '--secret', second]);
    const revoked = hookline(['integrations', 'revoke-previous-secret', id]);

    expect([created.status, json(created.stdout)['secret']]).toEqual([0, first]);
    expect([rotated.status, json(rotated.stdout)['secret']]).toEqual([0, second]);
    expect(json(revoked.stdout)).toMatchObject({ revoked: true, integration: { previousSecretExpiresAt: null, secrets: [{ state: 'current', expiresAt: null }] } });
  });

  it("reports the API's 400 for an entered secret of the wrong form", () => {
    const result = hookline(['integrations', 'create', '--source', 'pagerduty', '--name', 'pd', '--secret', 'too-short']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('secret: a PagerDuty routing key (integration key) is 32 letters and digits');
  });
});
