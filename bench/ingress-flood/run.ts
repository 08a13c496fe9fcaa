// The junk-flood benchmark (issue 13, "Unauthenticated work is cheap"):
// signed webhooks' latency at a steady rate with no flood, and the same
// signed load while unauthenticated clients flood the ingress with junk as
// fast as a bounded number of connections allows, in alternating slices
// over a few rounds so that a shared box's drift lands on both. The
// real ingress on a fresh Kafka and Postgres, as bench/ingress starts it; the
// signed load is bench/ingress's open-loop generator, the flood a process of
// its own (flood.ts).
//
//   node tools/bootstrap/run.mjs bench/ingress-flood/run.ts
//   BENCH_RATE=500 BENCH_SECONDS=30 BENCH_FLOOD_ADDRESSES=1,16,1024 node tools/bootstrap/run.mjs bench/ingress-flood/run.ts
//
// Knobs in settings.ts; how to read the results in bench/README.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickFreePorts } from '@hookline/infra';
import { generateLocalSecrets, repoRoot } from '@hookline/launcher';
import type { Client } from 'pg';
import { LoadGenerator } from '../ingress/load-client';
import { machineInfo } from '../ingress/report';
import { settle } from '../ingress/settle';
import { startIngress } from '../ingress/targets';
import { connectBenchKafka, startBenchInfrastructure } from '../shared/bench-infrastructure';
import { createIntegration } from '../shared/integrations';
import { runBenchmark } from '../shared/teardown';
import { cpuDuring } from './cpu-window';
import { scrapeEventLoopDelay } from './event-loop';
import { FloodGenerator } from './flood-client';
import { measureKindCosts } from './kind-costs';
import { type FloodBenchReport, type SliceResult, baselineCondition, formatReport, formatSlice, summarise } from './report';
import { floodSourceAddresses, readSettings } from './settings';

const dataDir = join(repoRoot, '.hookline', 'bench-ingress-flood');
const profileDir = join(dataDir, 'profiles');
const resultsFile = join(dataDir, 'flood-results.json');
// As many partitions as `npm start` creates, so batches split the way they do there.
const partitions = 6;
// The signed load's connections (bench/ingress's figure): enough that a few slow answers do not hold the others up.
const signedSockets = 64;
// The flood is already running when the signed warm-up starts: its connections open, its address's budget spent.
const floodLeadMs = 1_000;
// Before each slice: the delivery log caught up (a flood from many addresses leaves a backlog of refusals). Not an idle
// machine, as bench/ingress waits for: on a box shared with other work it never is, and the interleaved rounds cancel that drift.
const settleOptions = { idleBelowPercent: 101, sampleMs: 500, timeoutMs: 15_000 };

const say = (message: string): void => console.log(`bench: ${message}`);

runBenchmark(say, async (teardown) => {
  const settings = readSettings(process.env);
  const startedAt = new Date();
  const before = await cpuDuring({}, 0, 2_000);
  say(`the machine is ${Math.round(before.machine)} % busy with other work`);
  rmSync(join(dataDir, 'logs'), { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
  if (settings.BENCH_CPU_PROF) mkdirSync(profileDir, { recursive: true });

  const { kafkaBrokers, databaseUrl, logDir, db } = await startBenchInfrastructure(teardown, { dataDir, say });
  const { connection: kafka } = await connectBenchKafka(teardown, kafkaBrokers, partitions);
  const [port] = await pickFreePorts(1);
  if (port === undefined) throw new Error('no free port');
  const secrets = generateLocalSecrets();
  // bench/ingress's in-process profiler, started by SIGUSR2 at the first flood and written as the ingress exits.
  const profileEnv: Record<string, string> = settings.BENCH_CPU_PROF
    ? {
        NODE_OPTIONS: `--require ${join(repoRoot, 'tools', 'register.js')} --require ${join(repoRoot, 'bench', 'ingress', 'cpu-profile-hook.ts')}`,
        BENCH_CPU_PROFILE: join(profileDir, 'ingress.cpuprofile'),
      }
    : {};
  say('starting the ingress…');
  const ingress = await startIngress({ kafkaBrokers, databaseUrl, logDir, secrets, logLevel: settings.BENCH_LOG_LEVEL, extraEnv: profileEnv }, port);
  teardown.add('the ingress', () => ingress.process.stop());
  const integration = await createIntegration(ingress.baseUrl, secrets.adminToken, { name: 'bench-flood' });
  const webhookUrl = `${ingress.baseUrl}/webhooks/${integration.id}`;
  const load = LoadGenerator.start();
  teardown.add('the signed load generator', () => load.stop());
  const flood = FloodGenerator.start(settings.BENCH_FLOOD_NICE);
  teardown.add('the flood generator', () => flood.stop());
  say(`ready after ${seconds(Date.now() - startedAt.getTime())}; ingress ${ingress.baseUrl}, logs in ${logDir}`);

  const signedStep = (name: string, measureMs: number) =>
    load.run({
      target: name,
      url: webhookUrl,
      secret: integration.secret,
      serverPid: ingress.process.pid,
      rate: settings.BENCH_RATE,
      warmupMs: settings.BENCH_WARMUP_SECONDS * 1000,
      measureMs,
      drainMs: 5_000,
      maxSockets: signedSockets,
    });

  let floodSlices = 0;
  const runSlice = async (round: number, condition: string, floodAddressCount?: number): Promise<SliceResult> => {
    const settled = await settle(kafka, settleOptions);
    if (settled.timedOut) say(`warning: the delivery log did not catch up within ${seconds(settled.waitedMs)} (backlog ${settled.lag})`);
    const sliceStart = new Date();
    await scrapeEventLoopDelay(ingress.baseUrl); // resets the ingress's histogram: the next scrape covers this slice alone
    if (floodAddressCount !== undefined) {
      if (floodSlices === 0 && settings.BENCH_CPU_PROF) process.kill(ingress.process.pid, 'SIGUSR2');
      await flood.begin({
        baseUrl: ingress.baseUrl,
        integrationId: integration.id,
        sourceAddresses: floodSourceAddresses(floodSlices++, floodAddressCount),
        concurrency: settings.BENCH_FLOOD_CONCURRENCY,
        maxRate: settings.BENCH_FLOOD_RATE,
      });
      await new Promise((resolve) => setTimeout(resolve, floodLeadMs));
    }
    const measureMs = settings.BENCH_SECONDS * 1000;
    // The generator starts its schedule 20 ms after it is asked (open-loop.ts), warm-up first.
    const windowFrom = settings.BENCH_WARMUP_SECONDS * 1000 + 20;
    const [signed, cpu] = await Promise.all([
      signedStep(condition, measureMs),
      cpuDuring({ ingress: ingress.process.pid, flood: flood.pid }, windowFrom, windowFrom + measureMs),
    ]);
    const floodResult = floodAddressCount !== undefined ? await flood.end() : undefined;
    const eventLoop = await scrapeEventLoopDelay(ingress.baseUrl);
    if (ingress.process.hasExited()) throw new Error(`the ingress exited during round ${round} (${condition}); see ${ingress.logFile}`);
    const slice: SliceResult = {
      condition,
      round,
      ...(floodAddressCount !== undefined ? { floodAddresses: floodAddressCount } : {}),
      startedAt: sliceStart.toISOString(),
      endedAt: new Date().toISOString(),
      signed,
      cpu,
      ...(floodResult ? { flood: floodResult } : {}),
      ...(eventLoop ? { eventLoop } : {}),
    };
    say(formatSlice(slice));
    return slice;
  };

  say(`warm-up: ${settings.BENCH_RATE} signed/s for ${settings.BENCH_WARMUP_SECONDS + 5} s, not measured`);
  await signedStep('warm-up', 5_000);
  // Baseline, then each flood, round after round, and a closing baseline: every flood slice has a baseline on either side.
  const slices: SliceResult[] = [];
  for (let round = 1; round <= settings.BENCH_ROUNDS; round += 1) {
    slices.push(await runSlice(round, baselineCondition));
    for (const count of settings.BENCH_FLOOD_ADDRESSES) slices.push(await runSlice(round, floodCondition(count), count));
  }
  slices.push(await runSlice(settings.BENCH_ROUNDS + 1, baselineCondition));

  const kindCosts = settings.BENCH_KIND_COSTS
    ? await measureKindCosts({
        flood,
        ingressPid: ingress.process.pid,
        request: { baseUrl: ingress.baseUrl, integrationId: integration.id, concurrency: settings.BENCH_FLOOD_CONCURRENCY, maxRate: settings.BENCH_FLOOD_RATE },
        addresses: (count) => floodSourceAddresses(floodSlices++, count),
        settle: async () => void (await settle(kafka, settleOptions)),
      })
    : undefined;

  // The delivery log is written behind the answers: read it once the log has caught up.
  await settle(kafka, settleOptions);
  for (const slice of slices) slice.deliveryLog = await deliveryLogByStatus(db, integration.id, slice);

  const report: FloodBenchReport = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machineInfo(),
    settings: { ...settings, refusalsPerMinute: process.env['INGRESS_REFUSALS_PER_MINUTE'] ?? '120 (default)' },
    machineBusyBeforePercent: before.machine,
    ...summarise(slices),
    ...(kindCosts ? { kindCosts } : {}),
    slices,
  };
  console.log(formatReport(report));
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  say(`results written to ${resultsFile}`);
  if (settings.BENCH_CPU_PROF) {
    say(`the ingress's CPU profile (from the first flood to its exit) goes to ${profileDir} as it stops; summarise it with`);
    say(`  node -r ./tools/register.js bench/ingress/profile-summary.ts ${join(profileDir, 'ingress.cpuprofile')}`);
  }
});

function floodCondition(addresses: number): string {
  return `flood from ${addresses} address${addresses === 1 ? '' : 'es'}`;
}

/** The integration's delivery-log rows received during the slice, by HTTP status. */
async function deliveryLogByStatus(db: Client, integrationId: string, slice: SliceResult): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: number; n: string }>(
    'SELECT http_status AS status, count(*) AS n FROM ingress.deliveries WHERE integration_id = $1 AND received_at >= $2 AND received_at < $3 GROUP BY 1',
    [integrationId, slice.startedAt, slice.endedAt],
  );
  return Object.fromEntries(rows.map((row) => [String(row.status), Number(row.n)]));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
