// The pipeline benchmark: an alert storm through all five apps, from webhook
// to ticket, status page and ledger. Everything runs here, from nothing:
// Kafka, Postgres, the five real apps, the senders and the checks.
//
//   node -r ./tools/register.js bench/pipeline/run.ts [--webhooks 50000] [--alerts 500] [--services 50]
//       [--rate 200] [--probe-rate 5] [--all-new-rate 200] [--seconds 30] [--concurrency 50] [--log-level warn] [--no-baseline]
//
// 1. Latency under a storm (the target's figure): `--rate` webhooks a second,
//    open loop, mostly storm notifications for incidents already open, with
//    `--probe-rate` a second that each open a new incident; send → 202 and
//    send → ticket on Kafka of those probes.
// 2. Latency, worst case: `--all-new-rate` webhooks a second, each opening a
//    new incident.
// 3. Storm: Alertmanager notifications as fast as the ingress takes them;
//    then until every app has caught up; then whether every app ends with
//    every incident once, in its final state (0 lost, 0 duplicated).
// 4. Baseline: the same storm against the ingress alone (the other four apps
//    stopped): what the rest of the pipeline costs the intake on this box.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { topics } from '@hookline/contracts/events';
import { pickFreePorts } from '@hookline/infra';
import { type RunningPipeline, generateLocalSecrets, repoRoot, services, startPipeline } from '@hookline/launcher';
import { connectBenchKafka, startBenchInfrastructure } from '../shared/bench-infrastructure';
import { consumerGroupLag } from '../shared/consumer-lag';
import { createIntegration } from '../shared/integrations';
import { runBenchmark } from '../shared/teardown';
import { writeCatalog } from './catalog';
import { waitUntilCaughtUp } from './catch-up';
import { type StormLatencyPhase, probeLatency } from './latency';
import { runLatencyProbe } from './latency-probe';
import { appliedAlertEvents, stormOutcome } from './outcome';
import { PipelineWatch } from './pipeline-watch';
import { ProcessSampler } from './process-sampler';
import { type PipelineReport, formatReport, machine, targets } from './report';
import { backgroundGroups, openingNotifications, runStormLatency } from './storm-latency';
import { sendStorm } from './storm-sender';
import { stormWebhooks } from './storm-webhooks';
import { WebhookSender } from './webhook-sender';

const dataDir = join(repoRoot, '.hookline', 'bench-pipeline');
const partitions = 6;
const say = (message: string): void => console.log(`bench: ${message}`);

runBenchmark(say, async (teardown) => {
  const { values } = parseArgs({
    options: {
      webhooks: { type: 'string', default: '50000' },
      alerts: { type: 'string', default: '500' },
      services: { type: 'string', default: '50' },
      rate: { type: 'string', default: String(targets.webhookRate) },
      'probe-rate': { type: 'string', default: '5' },
      'all-new-rate': { type: 'string', default: String(targets.webhookRate) },
      seconds: { type: 'string', default: '30' },
      concurrency: { type: 'string', default: '50' },
      'log-level': { type: 'string', default: 'warn' },
      'no-baseline': { type: 'boolean', default: false },
    },
  });
  const shape = {
    webhooks: Number(values.webhooks),
    alerts: Number(values.alerts),
    services: Number(values.services),
    alertsPerGroup: 5,
    rate: Number(values.rate),
    probeRate: Number(values['probe-rate']),
    allNewRate: Number(values['all-new-rate']),
    seconds: Number(values.seconds),
    concurrency: Number(values.concurrency),
  };
  const startedAt = new Date().toISOString();

  const { kafkaBrokers, databaseUrl, logDir, db } = await startBenchInfrastructure(teardown, { dataDir, say });
  const { connection, publisher } = await connectBenchKafka(teardown, kafkaBrokers, partitions);

  const catalogFile = join(dataDir, 'catalog.yaml');
  writeCatalog(catalogFile, { services: shape.services, components: 10, teams: 5 });
  say('starting the five apps…');
  const secrets = generateLocalSecrets();
  const ports = await pickFreePorts(services.length);
  const pipeline = await startPipeline(
    { kafkaBrokers, databaseUrl, logDir, logLevel: values['log-level'], secrets, env: { HOOKLINE_CATALOG: catalogFile } },
    Object.fromEntries(services.map((service, index) => [service.name, ports[index] as number])) as Parameters<typeof startPipeline>[1],
  );
  teardown.add('the apps', () => pipeline.stop());

  const run = `pipeline-${Date.now().toString(36)}`;
  const watchGroup = `${run}-watch`;
  const watch = new PipelineWatch(connection, publisher, watchGroup);
  await watch.start();
  teardown.add('the pipeline watch', () => watch.stop());
  const caughtUp = async () => {
    const result = await waitUntilCaughtUp(connection, db, { pollMs: 250, timeoutMs: 15 * 60_000 });
    // The watch reads the same topics; the figures below need it to have read everything too.
    while ((await consumerGroupLag(connection, watchGroup, [topics.incident.name, topics.ticket.name])) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    return result;
  };

  const ingressUrl = pipeline.urlOf('ingress');
  const sampler = new ProcessSampler({ apps: pipeline.services.map((service) => ({ name: service.name, pid: service.process.pid })) });
  sampler.start();
  teardown.add('the process sampler', () => sampler.stop());
  const senderFor = async (name: string, maxSockets: number) => {
    const integration = await createIntegration(ingressUrl, secrets.adminToken, { name, auth: { scheme: 'bearer' } });
    const sender = new WebhookSender(`${ingressUrl}/webhooks/${integration.id}`, integration.secret, maxSockets);
    teardown.add(`the ${name} sender`, () => sender.close());
    return { integration, sender };
  };

  // Warm-up: the JIT, the connection pools and the consumers' first fetches are not what a storm costs.
  say('warming up (5 s at 50/s)…');
  const warmUp = await senderFor('warm-up', 64);
  await runLatencyProbe(warmUp.sender, { run: `${run}-warm-up`, rate: 50, seconds: 5, services: shape.services });
  await caughtUp();

  const groupShape = { alerts: shape.alerts, services: shape.services, alertsPerGroup: shape.alertsPerGroup };
  const underStorm = await senderFor('latency-under-storm', 256);
  const background = backgroundGroups(`${run}-background`, groupShape, Math.round(shape.rate * shape.seconds));
  say(`latency under a storm: opening the storm's ${background.length} incidents first…`);
  await sendStorm(underStorm.sender, openingNotifications(background), shape.concurrency, say);
  await caughtUp();
  say(`  ${shape.seconds} s at ${shape.rate} webhooks/s, ${shape.probeRate}/s of them new incidents…`);
  sampler.begin();
  const stormTraffic = await runStormLatency(underStorm.sender, background, { run: `${run}-among-storm`, ...shape });
  await caughtUp();
  const stormLatency: StormLatencyPhase = {
    ...probeLatency(stormTraffic.probes, underStorm.integration.id, watch),
    usage: sampler.end(),
    background: stormTraffic.background,
  };
  say(`  probes: 202 p99 ${stormLatency.ackMs.p99.toFixed(1)} ms, ticket p99 ${stormLatency.ticketMs.p99.toFixed(1)} ms (${stormLatency.sent} probes)`);

  say(`latency, worst case: ${shape.seconds} s at ${shape.allNewRate} webhooks/s, each a new incident…`);
  const probe = await senderFor('latency', 256);
  sampler.begin();
  const probes = await runLatencyProbe(probe.sender, { run, rate: shape.allNewRate, seconds: shape.seconds, services: shape.services });
  await caughtUp();
  const allNewLatency = { ...probeLatency(probes, probe.integration.id, watch), usage: sampler.end() };
  say(`  202 p99 ${allNewLatency.ackMs.p99.toFixed(1)} ms, ticket p99 ${allNewLatency.ticketMs.p99.toFixed(1)} ms`);

  const stormShape = { webhooks: shape.webhooks, ...groupShape };
  const storm = await senderFor('storm', shape.concurrency);
  const groups = stormWebhooks(run, stormShape);
  say(`storm: ${shape.webhooks} webhooks in ${groups.length} groups, ${shape.concurrency} at a time…`);
  const appliedBefore = await appliedAlertEvents(db);
  sampler.begin();
  const sent = await sendStorm(storm.sender, groups, shape.concurrency, say);
  say(`  sent in ${sent.seconds.toFixed(1)} s (${Math.round(sent.acceptedPerSecond)} accepted/s); waiting for every app to catch up…`);
  const { caughtUpAt } = await caughtUp();
  const usage = sampler.end();
  const applied = (await appliedAlertEvents(db)) - appliedBefore;
  const expected = new Map(groups.map((group) => [`${storm.integration.id}:${group.groupKey}`, group.expected]));
  const incidentIds = watch.incidentsOf(`${storm.integration.id}:`);
  const outcome = await stormOutcome(db, storm.integration.id, expected, watch.duplicates(incidentIds));
  const stormPhase = {
    sent,
    catchUpSeconds: (caughtUpAt - sent.finishedAt) / 1000,
    totalSeconds: sent.seconds + (caughtUpAt - sent.finishedAt) / 1000,
    alertEvents: { published: sent.alertEvents, applied },
    outcome,
    usage,
  };
  say(`  caught up ${stormPhase.catchUpSeconds.toFixed(1)} s after the last answer; lost ${outcome.lost}, duplicated ${outcome.duplicated}`);

  let ingressAlone: PipelineReport['ingressAlone'];
  if (!values['no-baseline']) {
    say('baseline: the same storm against the ingress alone…');
    await stopDownstream(pipeline);
    const alone = await senderFor('ingress-alone', shape.concurrency);
    sampler.begin();
    const aloneSent = await sendStorm(alone.sender, stormWebhooks(`${run}-alone`, stormShape), shape.concurrency, say);
    ingressAlone = { sent: aloneSent, usage: sampler.end().filter((entry) => entry.cpuSeconds > 0 || entry.peakRssMiB > 0) };
    say(`  sent in ${aloneSent.seconds.toFixed(1)} s (${Math.round(aloneSent.acceptedPerSecond)} accepted/s)`);
  }

  const report: PipelineReport = {
    startedAt,
    machine: machine(),
    shape,
    stormLatency,
    allNewLatency,
    storm: stormPhase,
    ingressAlone,
    met: {
      ticketP99:
        shape.rate >= targets.webhookRate &&
        stormLatency.ticketMs.p99 <= targets.ticketP99Ms &&
        stormLatency.withoutTicket === 0 &&
        stormLatency.accepted === stormLatency.sent &&
        Object.keys(stormLatency.background.failed).length === 0,
      nothingLost: outcome.lost === 0 && applied === sent.alertEvents && Object.keys(sent.failed).length === 0,
      nothingDuplicated: outcome.duplicated === 0 && applied <= sent.alertEvents,
    },
  };
  console.log(formatReport(report));
  const resultsFile = join(dataDir, 'pipeline-results.json');
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  say(`results written to ${resultsFile}`);
});

/** Stops every app but the ingress, so the baseline's storm has nothing downstream competing for the cores. */
async function stopDownstream(pipeline: RunningPipeline): Promise<void> {
  await Promise.all(pipeline.services.filter((service) => service.name !== 'ingress').map((service) => service.process.stop()));
}
