// The one-hour promise, timed: from nothing to a team's first consumer
// applying a real incident, against a running `npm start` pipeline.
//
//   node tools/bootstrap/run.mjs tools/nx-plugin/scripts/first-consumer.ts
//
// In a throwaway copy of the repository: generates a consumer of `incident`,
// gives it a table of its own and a handler that stores each incident's title
// there, migrates, starts it, creates an Alertmanager integration, sends one
// webhook, and waits until the incident's title is in the new table. The
// pipeline is found as the CLI finds it (HOOKLINE_DATA_DIR, default
// .hookline/dev; HOOKLINE_BASE_PORT); KAFKA_BROKERS, DATABASE_URL and
// HOOKLINE_ADMIN_TOKEN override what is read there.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { deadLetterTopicName } from '@hookline/contracts/events';
import { pickFreePorts } from '@hookline/infra';
import { KafkaConnection, ensureTopics } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { eventually } from '@hookline/testing';
import { copyEnvironment, generateConsumer, runCommand } from '../src/workspace/run-command';
import { copyWorkspace } from '../src/workspace/workspace-copy';
import { createAlertmanagerIntegration, sendAlertmanagerWebhook } from './first-consumer/alertmanager-webhook';
import { startApp } from './first-consumer/app-process';
import { pipelineEnvironment } from './first-consumer/pipeline-environment';
import { storeIncidentTitles } from './first-consumer/incident-titles';
import { Stopwatch } from './first-consumer/stopwatch';

const repoRoot = join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const pipeline = pipelineEnvironment(repoRoot, process.env);
  // A name of this run's: its consumer group, dead letters and schema are new on a pipeline that has seen earlier runs.
  const name = `incident-titles-${randomBytes(3).toString('hex')}`;
  const schema = name.replace(/-/g, '_');
  const clock = new Stopwatch();
  console.log(`first consumer: ${name}, against the pipeline at ${pipeline.ingressUrl}\n`);

  await clock.step('the pipeline answers (ingress /readyz)', () => assertIngressReady(pipeline.ingressUrl));
  const copy = await clock.step('copy the repository (git ls-files)', () => copyWorkspace(repoRoot, 'hookline-first-consumer'));
  const appEnv = copyEnvironment(copy.root, { ...process.env, KAFKA_BROKERS: pipeline.kafkaBrokers.join(','), DATABASE_URL: pipeline.databaseUrl, HOOKLINE_ADMIN_TOKEN: pipeline.adminToken, LOG_LEVEL: 'warn' });
  const appRoot = join(copy.root, 'apps', name);
  const stops: Array<() => Promise<void>> = [async () => copy.remove()];
  try {
    await clock.step(`nx g @hookline/nx-plugin:consumer ${name} --topic incident`, async () => {
      const generated = await generateConsumer(copy.root, { name, topic: 'incident' });
      if (generated.exitCode !== 0) throw new Error(`the generator failed:\n${generated.output}`);
    });
    await clock.step('write the handler and its table (a migration)', () => storeIncidentTitles(appRoot, schema));
    await clock.step(`migrate the ${schema} schema`, async () => {
      const migrated = await runCommand(process.execPath, ['-r', './tools/register.js', `apps/${name}/src/migrate.ts`], { cwd: copy.root, env: appEnv });
      if (migrated.exitCode !== 0) throw new Error(`the migration failed:\n${migrated.output}`);
    });
    await clock.step(`create ${deadLetterTopicName(name)} (npm start creates it from now on)`, async () => {
      const connection = new KafkaConnection({ brokers: pipeline.kafkaBrokers, clientId: 'first-consumer', logger: createLogger({ service: 'first-consumer', level: 'warn' }) });
      try {
        await ensureTopics(connection, [deadLetterTopicName(name)], { partitions: 1 });
      } finally {
        await connection.close();
      }
    });
    await clock.step('start the app and wait for /readyz (group joined)', async () => {
      const [port] = await pickFreePorts(1, []);
      const app = await startApp({ root: copy.root, name, env: { ...appEnv, PORT: String(port), HOST: '127.0.0.1' }, port: port ?? 0 });
      stops.unshift(() => app.stop());
    });
    const integration = await clock.step('create an Alertmanager integration (admin API)', () =>
      createAlertmanagerIntegration(pipeline.ingressUrl, pipeline.adminToken, `first consumer ${name}`),
    );
    const alertName = await clock.step('send one Alertmanager webhook (202)', () => sendAlertmanagerWebhook(pipeline.ingressUrl, integration));
    const title = await clock.step(`wait for the incident's title in ${schema}.incident_titles`, () => titleOf(pipeline.databaseUrl, schema, alertName));
    clock.printTotal();
    console.log(`\nstored: "${title}"`);
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
  }
}

/** Fails before anything is generated when no pipeline listens where it was looked for. */
async function assertIngressReady(ingressUrl: string): Promise<void> {
  const response = await fetch(`${ingressUrl}/readyz`).catch((error: unknown) => {
    throw new Error(`no ingress at ${ingressUrl} (${(error as Error).message}): start the pipeline with \`npm start\`, or set HOOKLINE_BASE_PORT`);
  });
  if (response.status !== 200) throw new Error(`the ingress at ${ingressUrl} is not ready: ${await response.text()}`);
}

/** Polls the new table until the incident the webhook opened is there. */
async function titleOf(databaseUrl: string, schema: string, alertName: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await eventually(
      async () => {
        const { rows } = await client.query<{ title: string }>(`SELECT title FROM ${schema}.incident_titles WHERE title LIKE $1`, [`%${alertName}%`]);
        const [row] = rows;
        if (!row) throw new Error(`no title with ${alertName} in ${schema}.incident_titles within 60 s`);
        return row.title;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(`first consumer: ${(error as Error).message}`);
  process.exitCode = 1;
});
