import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { isPortFree } from '@hookline/infra';
import { repoRoot, services } from '@hookline/launcher';
import { testInfrastructure, uniqueName } from '@hookline/testing';

// `npm start` as a user runs it (the launcher's own entry point), on the test
// run's Kafka (in a topic prefix of its own) and a Postgres of its own, with the user's own admin token.
const START_TIMEOUT_MS = 180_000;

describe('npm start', () => {
  let dataDir: string;
  let launcher: ChildProcess;
  let banner: string;
  let basePort: number;
  const adminToken = randomBytes(30).toString('base64url');
  // Its apps' groups and topics must not meet the other specs' on the shared broker: their state is in another Postgres.
  const topicPrefix = uniqueName('npm-start').replace('_', '-');
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-npm-start-'));
    // As root, the launcher's Postgres runs as the postgres OS user, which must be able to enter this folder.
    await chmod(dataDir, 0o755);
    basePort = await consecutiveFreePorts(services.length);
    // The test run's DATABASE_URL is not passed on: this start brings up a Postgres of its own.
    const { DATABASE_URL: _testDatabase, LEDGER_ANALYST_PASSWORD: _analyst, ...userEnv } = process.env;
    launcher = spawn(process.execPath, ['-r', './tools/register.js', 'tools/launcher/src/start.ts'], {
      cwd: repoRoot,
      env: {
        ...userEnv,
        KAFKA_BROKERS: testInfrastructure().kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: topicPrefix,
        HOOKLINE_DATA_DIR: dataDir,
        HOOKLINE_BASE_PORT: String(basePort),
        HOOKLINE_ADMIN_TOKEN: adminToken,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    banner = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start not ready within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      launcher.stdout?.on('data', () => {
        if (!output.includes('Ctrl-C stops everything.')) return;
        clearTimeout(timer);
        resolve(output);
      });
      launcher.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGINT');
      await new Promise((resolve) => launcher.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers the admin API with the token from HOOKLINE_ADMIN_TOKEN, and neither prints nor stores it', async () => {
    const response = await fetch(`http://127.0.0.1:${basePort}/api/integrations`, { headers: { authorization: `Bearer ${adminToken}` } });

    expect(response.status).toBe(200);
    expect(banner).toContain('admin API token    from HOOKLINE_ADMIN_TOKEN');
    expect(banner).not.toContain(adminToken);
    expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(adminToken);
  });

  it('prints a psql line with which an analyst reads the ledger and nothing else', async () => {
    const line = /psql "(postgres:\/\/hookline_analyst:[^"]+)"/.exec(banner);
    expect(line).not.toBeNull();
    const analyst = new Client({ connectionString: line?.[1] });
    await analyst.connect();
    try {
      await expect(analyst.query('SELECT count(*) FROM ledger.sla_by_service_month')).resolves.toBeDefined();
      await expect(analyst.query('SELECT count(*) FROM ingress.integrations')).rejects.toThrow(/permission denied/);
      await expect(analyst.query('CREATE TABLE ledger.mine (id int)')).rejects.toThrow(/read-only transaction|permission denied/);
    } finally {
      await analyst.end();
    }
  });

  it('creates its topics and dead-letter topics under KAFKA_TOPIC_PREFIX', () => {
    expect(banner).toMatch(new RegExp(`created topics: .*${topicPrefix}\\.ingress\\.alert\\.v1`));
    expect(banner).toContain(`${topicPrefix}.dlq.correlator`);
  });

  it('prints the ports of its Kafka and Postgres', () => {
    expect(banner).toMatch(/kafka {14}127\.0\.0\.1:\d+/);
    expect(banner).toMatch(/postgres \(owner\) {3}postgres:\/\/hookline:hookline@127\.0\.0\.1:\d+\/hookline/);
  });

  it('stops everything on Ctrl-C and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    launcher.kill('SIGINT');

    expect(await exited).toBe(0);
    expect(output).toContain('infrastructure stopped');
  }, 60_000);
});

describe('npm start --only (what nx serve <app> runs)', () => {
  it('refuses a name that is not an app, naming the apps', async () => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', 'tools/launcher/src/start.ts', '--only', 'billing'], {
      cwd: repoRoot,
      env: { ...process.env, KAFKA_BROKERS: testInfrastructure().kafkaBrokers.join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(output).toContain('--only takes app names from ingress, correlator, ticketing, status-page, ledger; not an app: billing');
  }, 30_000);
});

/** A base port with `count` free ports from it, for HOOKLINE_BASE_PORT. */
async function consecutiveFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Below Linux's ephemeral range (32768-60999): a port picked there can be taken a moment later
    // by any outgoing connection of the run (CI saw it), one below it only by a listener.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: count }, (_, offset) => isPortFree(base + offset)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
