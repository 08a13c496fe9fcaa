import { join } from 'node:path';
import { type RunningInfrastructure, pickFreePorts, startInfrastructure } from '@hookline/infra';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { Client } from 'pg';
import { describeAccount, faultTimeouts, rateSpanningOutage, sendStormThroughFault, settledAccount, stormFor } from './support/fault-storms';
import { type TestPipeline, startTestPipeline } from './support/pipeline-harness';

// The Kafka broker is stopped for 20 s in the middle of an alert storm, so
// this spec gets a Kafka of its own (on a fixed port, so every app finds it
// again after the restart, with its log kept); Postgres is the run's (a database of the pipeline's own). While
// the broker is down the ingress answers 503 and the senders retry, as real
// senders do; afterwards every acknowledged alert must be counted once.

const run = uniqueName('kafkadown');
const outageMs = 20_000;

describe('the pipeline while its Kafka broker is down for 20 s', () => {
  const dataDir = join(testInfrastructure().dataDir, 'pipeline-kafka-outage');
  let kafka: RunningInfrastructure | undefined;
  let kafkaPort: number;
  let pipeline: TestPipeline | undefined;
  let database: Client;

  const startKafka = (fresh: boolean) =>
    startInfrastructure({ dataDir, fresh, kafkaPort, externalDatabaseUrl: testInfrastructure().databaseUrl, log: () => undefined });

  beforeAll(async () => {
    [kafkaPort = 0] = await pickFreePorts(1);
    kafka = await startKafka(true);
    pipeline = await startTestPipeline({
      run,
      services: [{ suffix: 'broker-outage', tier: 'tier-1', costPerMinute: 50 }],
      kafkaBrokers: kafka.kafkaBrokers,
      dataDir,
      // A webhook waits 2 s for Kafka before its 503, so senders learn of the outage quickly.
      env: { INGRESS_PUBLISH_TIMEOUT_MS: '2000' },
    });
    database = new Client({ connectionString: pipeline.deployment.databaseUrl });
    await database.connect();
  }, faultTimeouts.startMs);

  afterAll(async () => {
    await database?.end();
    await pipeline?.stop();
    await kafka?.stop();
  });

  it('answers 503 while the broker is down, and loses and duplicates nothing it acknowledged once it is back', async () => {
    const active = pipeline as TestPipeline;
    const service = active.catalog.service('broker-outage');
    const storm = await stormFor(active, run, 'broker-outage');
    const started = Date.now();

    const counts = await sendStormThroughFault(
      storm,
      async () => {
        await kafka?.stop();
        await new Promise((resolve) => setTimeout(resolve, outageMs));
        kafka = await startKafka(false);
      },
      // Senders keep retrying through the outage and the broker's restart.
      { retryForMs: faultTimeouts.settleMs, retryDelayMs: 1_000, ratePerSecond: rateSpanningOutage(storm.shape) },
    );

    expect(counts.retries).toBeGreaterThan(0);
    const { account, expected } = await settledAccount({ pipeline: active, database, service, component: active.catalog.component('broker-outage'), counts, storm });
    expect(account).toEqual(expected);
    console.log(
      `fault Kafka down ${outageMs / 1000} s: ${describeAccount(account)}; ${counts.retries} sender retries after 503s; ` +
        `settled ${((Date.now() - started) / 1000).toFixed(1)} s after the first webhook`,
    );
  }, faultTimeouts.testMs);
});
