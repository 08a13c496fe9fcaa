// The alert-storm benchmark: how fast the correlator turns a storm on
// `ingress.alert.v1` into incidents, next to a baseline consumer that only
// records the same events in an inbox (baseline-consumer.ts). Everything
// runs here, from nothing: Kafka, Postgres, the correlator(s), the baseline.
//
//   node -r ./tools/register.js bench/storm/run.ts [--alerts 100000] [--fingerprints 1000] [--keys 100] [--replicas 1]
//
// The storm is published first, then each consumer drains it from the start
// of the topic: the figure is the consumer's rate, not the publisher's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { topics } from '@hookline/contracts/events';
import { pickFreePorts } from '@hookline/infra';
import { generateLocalSecrets, repoRoot, spawnTypeScript } from '@hookline/launcher';
import { EventConsumer, type EventPublisher, type KafkaConnection, on } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { connectBenchKafka, startBenchInfrastructure } from '../shared/bench-infrastructure';
import { runBenchmark } from '../shared/teardown';
import { stormAlerts } from './storm-alerts';

const dataDir = join(repoRoot, '.hookline', 'bench-storm');
const partitions = 6;
const target = { alertsPerSecond: 5_000 };
const say = (message: string): void => console.log(`bench: ${message}`);

interface Drain {
  seconds: number;
  alertsPerSecond: number;
}

runBenchmark(say, async (teardown) => {
  const { values } = parseArgs({
    options: {
      alerts: { type: 'string', default: '100000' },
      fingerprints: { type: 'string', default: '1000' },
      keys: { type: 'string', default: '100' },
      replicas: { type: 'string', default: '1' },
    },
  });
  const shape = { alerts: Number(values.alerts), fingerprints: Number(values.fingerprints), keys: Number(values.keys) };
  const replicas = Number(values.replicas);

  const { kafkaBrokers, databaseUrl, logDir, db } = await startBenchInfrastructure(teardown, { dataDir, say });
  const { connection, publisher } = await connectBenchKafka(teardown, kafkaBrokers, partitions);
  const count = async (sql: string, parameters: unknown[] = []) => Number(((await db.query(sql, parameters)).rows[0] as { n: string }).n);

  const run = `storm-${Date.now().toString(36)}`;
  say(`generating ${shape.alerts} alerts (${shape.fingerprints} fingerprints in ${shape.keys} correlation keys)…`);
  const alerts = stormAlerts(run, shape);
  const publishStarted = Date.now();
  for (let offset = 0; offset < alerts.length; offset += 2_000) await publisher.publishMany(topics.alert, alerts.slice(offset, offset + 2_000));
  const publishSeconds = (Date.now() - publishStarted) / 1000;
  say(`published in ${publishSeconds.toFixed(1)} s (${Math.round(shape.alerts / publishSeconds)}/s)`);

  /** Waits until `inboxTable` holds every alert, and times the drain from its first commit, on Postgres's clock. */
  async function drain(inboxTable: string, extraDone: () => Promise<boolean> = async () => true): Promise<Drain> {
    const deadline = Date.now() + 15 * 60_000;
    // The baseline creates its inbox once it has started: until then there is nothing to count.
    const recorded = () => count(`SELECT count(*) AS n FROM ${inboxTable}`).catch((error: { code?: string }) => (error.code === '42P01' ? 0 : Promise.reject(error)));
    for (;;) {
      const done = (await recorded()) >= shape.alerts && (await extraDone());
      if (done) break;
      if (Date.now() > deadline) throw new Error(`${inboxTable} did not catch up within 15 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [window] = (await db.query(`SELECT extract(epoch FROM clock_timestamp() - min(processed_at))::float AS seconds FROM ${inboxTable}`))
      .rows as { seconds: number }[];
    const seconds = window?.seconds ?? Number.NaN;
    return { seconds, alertsPerSecond: Math.round(shape.alerts / seconds) };
  }

  say(`starting ${replicas} correlator replica(s)…`);
  const secrets = generateLocalSecrets();
  const ports = await pickFreePorts(replicas);
  const correlators = await Promise.all(
    ports.map((port, index) =>
      spawnTypeScript({
        entry: 'apps/correlator/src/main.ts',
        env: { KAFKA_BROKERS: kafkaBrokers.join(','), DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', HOOKLINE_ADMIN_TOKEN: secrets.adminToken },
        logFile: join(logDir, `correlator-${index}.log`),
      }),
    ),
  );
  for (const correlator of correlators) teardown.add('a correlator', () => correlator.stop());
  const correlator = await drain('correlator.inbox', async () => (await count('SELECT count(*) AS n FROM correlator.outbox')) === 0);
  say(`correlator drained the storm in ${correlator.seconds.toFixed(1)} s: ${correlator.alertsPerSecond} alerts/s`);
  await Promise.all(correlators.map((process) => process.stop()));

  const likeRun = [`${run}:%`];
  const incidents = await count('SELECT count(*) AS n FROM correlator.incidents WHERE correlation_key LIKE $1', likeRun);
  const alertRows = await count('SELECT coalesce(sum(alert_count), 0) AS n FROM correlator.incidents WHERE correlation_key LIKE $1', likeRun);
  const applied = await count(
    'SELECT coalesce(sum(a.occurrences), 0) AS n FROM correlator.incident_alerts a JOIN correlator.incidents i ON i.id = a.incident_id WHERE i.correlation_key LIKE $1',
    likeRun,
  );
  const changes = await count('SELECT coalesce(sum(revision), 0) AS n FROM correlator.incidents WHERE correlation_key LIKE $1', likeRun);
  const published = await readIncidentEvents(connection, publisher, run, changes);

  say('starting the baseline consumer…');
  const baselineProcess = await spawnTypeScript({
    entry: 'bench/storm/baseline-consumer.ts',
    env: { KAFKA_BROKERS: kafkaBrokers.join(','), DATABASE_URL: databaseUrl, BENCH_GROUP: `${run}-baseline` },
    logFile: join(logDir, 'baseline.log'),
  });
  teardown.add('the baseline consumer', () => baselineProcess.stop());
  const baseline = await drain('bench_baseline.inbox');
  say(`baseline drained the storm in ${baseline.seconds.toFixed(1)} s: ${baseline.alertsPerSecond} alerts/s`);
  await baselineProcess.stop();

  const results = {
    startedAt: new Date(publishStarted).toISOString(),
    shape,
    replicas,
    partitions,
    publish: { seconds: publishSeconds, alertsPerSecond: Math.round(shape.alerts / publishSeconds) },
    baseline,
    correlator,
    ratio: Number((correlator.alertsPerSecond / baseline.alertsPerSecond).toFixed(2)),
    incidents,
    incidentsOpened: published.opened,
    incidentEvents: published.distinctChanges,
    alertsInIncidents: alertRows,
    lost: shape.alerts - applied,
    duplicateIncidentIds: published.changesWithSeveralIds,
  };
  const met = {
    rate: correlator.alertsPerSecond >= target.alertsPerSecond,
    incidents: incidents === shape.keys && published.opened === shape.keys,
    nothingLost: results.lost === 0 && alertRows === shape.fingerprints,
    noDuplicates: published.changesWithSeveralIds === 0,
  };
  console.log(
    [
      '',
      `| | alerts/s | drain |`,
      `|---|---:|---:|`,
      `| baseline (inbox only) | ${baseline.alertsPerSecond} | ${baseline.seconds.toFixed(1)} s |`,
      `| correlator × ${replicas} | ${correlator.alertsPerSecond} | ${correlator.seconds.toFixed(1)} s |`,
      '',
      `correlator / baseline: ${results.ratio}×`,
      `incidents: ${incidents} (opened events: ${published.opened}; expected ${shape.keys})`,
      `alerts in incidents: ${alertRows} (expected ${shape.fingerprints}); notifications applied: ${applied} of ${shape.alerts} (lost ${results.lost})`,
      `incident events: ${published.distinctChanges}; changes published under more than one id: ${published.changesWithSeveralIds}`,
      `targets: ≥ ${target.alertsPerSecond} alerts/s ${met.rate ? 'met' : 'MISSED'}; exactly ${shape.keys} incidents ${met.incidents ? 'met' : 'MISSED'}; 0 lost ${met.nothingLost ? 'met' : 'MISSED'}; 0 duplicates ${met.noDuplicates ? 'met' : 'MISSED'}`,
    ].join('\n'),
  );
  const resultsFile = join(dataDir, 'storm-results.json');
  writeFileSync(resultsFile, `${JSON.stringify({ ...results, met }, null, 2)}\n`);
  say(`results written to ${resultsFile}`);
});

/** Reads `correlator.incident.v1` from the start until it has seen `expected` distinct incident changes of this run. */
async function readIncidentEvents(connection: KafkaConnection, publisher: EventPublisher, run: string, expected: number) {
  const idsPerChange = new Map<string, Set<string>>();
  const opened = new Set<string>();
  let seen: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => (seen = resolve));
  const reader = new EventConsumer(connection, publisher, {
    groupId: `${run}-reader`,
    fromBeginning: true,
    logger: createLogger({ service: 'bench', level: 'fatal' }),
    handlers: [
      on(topics.incident, async (event) => {
        if (!event.data.correlationKey.startsWith(run)) return;
        const change = `${event.data.incidentId}/${event.data.revision}`;
        idsPerChange.set(change, (idsPerChange.get(change) ?? new Set()).add(event.id));
        if (event.type === 'incident.opened') opened.add(event.data.incidentId);
        if (idsPerChange.size >= expected) seen();
      }),
    ],
  });
  await reader.start();
  const timeout = new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`read ${idsPerChange.size} of ${expected} incident changes`)), 120_000).unref());
  await Promise.race([complete, timeout]);
  await reader.stop();
  return {
    opened: opened.size,
    distinctChanges: idsPerChange.size,
    changesWithSeveralIds: [...idsPerChange.values()].filter((ids) => ids.size > 1).length,
  };
}
