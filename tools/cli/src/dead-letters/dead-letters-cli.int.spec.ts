import { topics } from '@hookline/contracts/events';
import { pickFreePorts } from '@hookline/infra';
import { type RunningService, createTopics, generateLocalSecrets, repoRoot, startService } from '@hookline/launcher';
import { EventPublisher, KafkaConnection } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

// `npx hookline dead-letters` as an operator runs it, against a real ingress process whose
// delivery-log consumer dead-letters a record it cannot read; its own namespace, so no other
// spec's consumer sees that record.

const logger = createLogger({ service: 'spec', level: 'silent' });
const secrets = generateLocalSecrets();
const topicPrefix = uniqueName('spec-cli-dl').replace('_', '-');
let ingress: RunningService;
let connection: KafkaConnection;
let publisher: EventPublisher;

beforeAll(async () => {
  const { kafkaBrokers, databaseUrl, dataDir } = testInfrastructure();
  await createTopics(kafkaBrokers, 3, logger, undefined, topicPrefix);
  const [port] = await pickFreePorts(1);
  ingress = await startService(
    { kafkaBrokers, databaseUrl, logDir: join(dataDir, 'logs', 'cli-dead-letters'), logLevel: 'warn', secrets, env: { KAFKA_TOPIC_PREFIX: topicPrefix } },
    'ingress',
    port ?? 0,
  );
  connection = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'spec', logger, topicPrefix });
  publisher = new EventPublisher(connection);
}, 120_000);

afterAll(async () => {
  await publisher?.disconnect();
  await connection?.close();
  await ingress?.process.stop();
});

function hookline(args: string[], env: Record<string, string | undefined> = {}) {
  const { HOOKLINE_ADMIN_TOKEN: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [join(repoRoot, 'tools', 'cli', 'bin', 'hookline.js'), 'dead-letters', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...inherited, HOOKLINE_URL: ingress.url, HOOKLINE_ADMIN_TOKEN: secrets.adminToken, USER: 'spec-operator', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const letter = z.looseObject({ id: z.string(), state: z.string(), error: z.string(), originalTopic: z.string().nullable() });
const listed = (stdout: string) => z.object({ deadLetters: z.array(letter) }).parse(JSON.parse(stdout)).deadLetters;

describe('hookline dead-letters', () => {
  it('lists, shows, refuses to replay and discards a record the delivery log could not read', async () => {
    await publisher.sendRaw(topics.delivery.name, [{ key: 'int_spec', value: JSON.stringify({ not: 'a delivery record' }), headers: {} }]);

    const [found] = await eventually(
      async () => {
        const result = hookline(['list', '--app', 'ingress']);
        expect(result).toMatchObject({ status: 0, stderr: '' });
        const letters = listed(result.stdout);
        expect(letters).toHaveLength(1);
        return letters;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(found).toMatchObject({ state: 'open', originalTopic: topics.delivery.name, error: expect.stringContaining(`event does not match ${topics.delivery.name}`) });
    const id = found?.id ?? '';

    expect(JSON.parse(hookline(['show', id, '--app', 'ingress']).stdout)).toMatchObject({ id, payload: { not: 'a delivery record' }, key: 'int_spec' });
    expect(JSON.parse(hookline(['replay', id, '--app', 'ingress']).stdout)).toMatchObject({ replayed: [], skipped: [{ id, reason: expect.stringContaining('still cannot be read') }] });

    const discarded = hookline(['discard', id, '--reason', 'hand-written test record', '--app', 'ingress']);
    expect(discarded.status).toBe(0);
    expect(JSON.parse(discarded.stdout)).toMatchObject({ state: 'discarded', discardReason: 'hand-written test record', discardedBy: 'spec-operator' });
    expect(listed(hookline(['list', '--app', 'ingress']).stdout)).toEqual([]);
    expect(listed(hookline(['list', '--app', 'ingress', '--state', 'discarded']).stdout).map((closed) => closed.id)).toEqual([id]);
  });

  it("reports the app's own refusal, and an app it cannot reach by the variable that says where it is", async () => {
    const refused = hookline(['list', '--app', 'ingress', '--since', 'last tuesday']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('GET /api/dead-letters?since=last+tuesday failed with 400: since:');

    const [closedPort] = await pickFreePorts(1);
    const unreachable = hookline(['list', '--app', 'ticketing'], { HOOKLINE_TICKETING_URL: `http://127.0.0.1:${closedPort}` });
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain(`could not reach ticketing at http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
    expect(unreachable.stderr).toContain('set HOOKLINE_TICKETING_URL to where ticketing listens');
  });
});
