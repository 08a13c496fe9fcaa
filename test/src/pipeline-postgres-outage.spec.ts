import { join } from 'node:path';
import { type RunningInfrastructure, pickFreePorts, startInfrastructure } from '@hookline/infra';
import { migrateAll } from '@hookline/launcher';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { Client } from 'pg';
import { describeAccount, faultTimeouts, rateSpanningOutage, sendStormThroughFault, settledAccount, stormFor } from './support/fault-storms';
import { type TestPipeline, startTestPipeline } from './support/pipeline-harness';

// Postgres is stopped for 20 s in the middle of an alert storm, so this spec
// gets a Postgres of its own (on a fixed port, so the apps find it again
// after the restart, with its data kept); Kafka is the run's. The ingress
// needs no Postgres to acknowledge a webhook; the consumers retry their
// transactions until Postgres is back, and must then lose and duplicate nothing.

const run = uniqueName('pgdown');
const outageMs = 20_000;

describe('the pipeline while Postgres is down for 20 s', () => {
  const dataDir = join(testInfrastructure().dataDir, 'postgres-outage');
  let postgres: RunningInfrastructure | undefined;
  let postgresPort: number;
  let pipeline: TestPipeline | undefined;

  const startPostgres = (fresh: boolean) =>
    startInfrastructure({ dataDir, fresh, postgresPort, externalKafkaBrokers: testInfrastructure().kafkaBrokers.join(','), log: () => undefined });

  beforeAll(async () => {
    [postgresPort = 0] = await pickFreePorts(1);
    postgres = await startPostgres(true);
    await migrateAll({ databaseUrl: postgres.databaseUrl, logDir: join(dataDir, 'logs') });
    pipeline = await startTestPipeline({
      run,
      services: [{ suffix: 'db-outage', tier: 'tier-1', costPerMinute: 50 }],
      kafkaBrokers: testInfrastructure().kafkaBrokers,
      databaseUrl: postgres.databaseUrl,
      dataDir,
    });
  }, faultTimeouts.startMs);

  afterAll(async () => {
    await pipeline?.stop();
    await postgres?.stop();
  });

  it('acknowledges every webhook, and loses and duplicates nothing once Postgres is back', async () => {
    const active = pipeline as TestPipeline;
    const service = active.catalog.service('db-outage');
    const storm = await stormFor(active, run, 'db-outage');
    const started = Date.now();

    const counts = await sendStormThroughFault(
      storm,
      async () => {
        await postgres?.stop();
        await new Promise((resolve) => setTimeout(resolve, outageMs));
        postgres = await startPostgres(false);
      },
      { ratePerSecond: rateSpanningOutage(storm.shape) },
    );

    // A connection of the spec's own, opened after the restart.
    const database = new Client({ connectionString: postgres?.databaseUrl });
    await database.connect();
    try {
      const { account, expected } = await settledAccount({ pipeline: active, database, service, component: active.catalog.component('db-outage'), counts, storm });
      expect(account).toEqual(expected);
      console.log(`fault Postgres down ${outageMs / 1000} s: ${describeAccount(account)}; ${counts.retries} sender retries; settled ${((Date.now() - started) / 1000).toFixed(1)} s after the first webhook`);
    } finally {
      await database.end();
    }
  }, faultTimeouts.testMs);
});
