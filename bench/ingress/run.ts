// The ingress benchmark: how many webhooks per second the real ingress
// accepts, and how fast, next to a bare node:http server doing the same work
// (baseline-server.ts). Everything runs here, from nothing: Kafka, Postgres,
// both servers and the load generator, each its own process.
//
//   node -r ./tools/register.js bench/ingress/run.ts [--cpu-prof] [--log-level warn]
//
// See bench/README.md for how to read the results.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type RunningInfrastructure, pickFreePorts, startInfrastructure } from '@hookline/infra';
import { createTopics, generateLocalSecrets, migrateAll, repoRoot } from '@hookline/launcher';
import { KafkaConnection, ensureTopics } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { createIntegration } from '../shared/integrations';
import { benchDeliveryTopic } from './bench-topic';
import { LoadGenerator } from './load-client';
import { type RunStep, type TargetName, runProcedure } from './procedure';
import { type BenchReport, compareCost, evaluate, formatReport, formatStep, machineInfo, summariseTarget, writeReport } from './report';
import { deliveryLogLag, settle } from './settle';
import { type Target, startBaseline, startIngress } from './targets';

const dataDir = join(repoRoot, '.hookline', 'bench');
const logDir = join(dataDir, 'logs');
const resultsFile = join(dataDir, 'ingress-results.json');

const step = {
  warmupMs: 2_000,
  searchMeasureMs: 5_000,
  latencyMeasureMs: 10_000,
  // An overloaded step's queue is not waited out in full: the step has failed anyway.
  drainMs: 5_000,
  // Enough connections that a few slow answers do not hold the others up at ~10k/s and a few ms each.
  maxSockets: 64,
};
// As many partitions as `npm start` creates, so batches split the way they do there.
const partitions = 6;

const say = (message: string): void => console.log(`bench: ${message}`);

/**
 * What to stop on the way out, newest first. `stopAll` is idempotent; `signalAll`
 * only sends the stop signals, synchronously, for the process 'exit' handler.
 */
class Teardown {
  private readonly stops: { name: string; stop: () => Promise<void> | void }[] = [];
  private stopping: Promise<void> | undefined;

  add(name: string, stop: () => Promise<void> | void): void {
    this.stops.unshift({ name, stop });
  }

  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, stop } of this.stops) {
        try {
          await stop();
        } catch (error) {
          say(`could not stop ${name}: ${(error as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }

  signalAll(): void {
    for (const { stop } of this.stops) {
      try {
        void Promise.resolve(stop()).catch(() => undefined);
      } catch {
        // Exiting anyway; the watchdogs stop whatever is left.
      }
    }
  }
}

async function main(teardown: Teardown): Promise<void> {
  const { values: flags } = parseArgs({
    options: { 'cpu-prof': { type: 'boolean', default: false }, 'log-level': { type: 'string', default: 'warn' } },
  });
  const startedAt = new Date();
  const profileDir = join(dataDir, 'profiles');
  const profiling = flags['cpu-prof'] ?? false;
  // NODE_OPTIONS refuses --cpu-prof, but takes --require: the hook profiles in-process (see cpu-profile-hook.ts).
  const profileEnv = (name: TargetName): Record<string, string> =>
    profiling
      ? {
          NODE_OPTIONS: `--require ${join(repoRoot, 'tools', 'register.js')} --require ${join(repoRoot, 'bench', 'ingress', 'cpu-profile-hook.ts')}`,
          BENCH_CPU_PROFILE: join(profileDir, `${name}.cpuprofile`),
        }
      : {};

  // Logs of an earlier run would be confusing next to this run's results.
  rmSync(logDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
  if (profiling) mkdirSync(profileDir, { recursive: true });
  const infrastructure: RunningInfrastructure = await startInfrastructure({ dataDir, fresh: true, log: say });
  teardown.add('Kafka and Postgres', () => infrastructure.stop());
  const { kafkaBrokers, databaseUrl } = infrastructure;

  // Failures reach this run as exceptions; below fatal, kafkajs would also print errors it retries itself.
  const logger = createLogger({ service: 'bench', level: 'fatal' });
  await createTopics(kafkaBrokers, partitions, logger);
  const kafka = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'hookline-bench', logger });
  teardown.add('the Kafka admin client', () => kafka.close());
  await ensureBenchTopic(kafka);
  await migrateAll({ databaseUrl, logDir });

  const [ingressPort, baselinePort] = await pickFreePorts(2);
  if (ingressPort === undefined || baselinePort === undefined) throw new Error('no free ports');
  const secrets = generateLocalSecrets();
  say('starting the ingress…');
  const ingressProcess = await startIngress({ kafkaBrokers, databaseUrl, logDir, secrets, logLevel: flags['log-level'] ?? 'warn', extraEnv: profileEnv('ingress') }, ingressPort);
  teardown.add('the ingress', () => ingressProcess.process.stop());
  const integration = await createIntegration(ingressProcess.baseUrl, secrets.adminToken);
  const ingress: Target = { ...ingressProcess, webhookUrl: `${ingressProcess.baseUrl}/webhooks/${integration.id}` };
  say('starting the baseline server…');
  const baseline = await startBaseline({ kafkaBrokers, logDir, extraEnv: profileEnv('baseline') }, baselinePort, integration);
  teardown.add('the baseline server', () => baseline.process.stop());
  const load = LoadGenerator.start();
  teardown.add('the load generator', () => load.stop());
  const targets: Record<TargetName, Target> = { baseline, ingress };
  // From here on, not during start-up: the profiles show serving, not compiling and booting.
  if (profiling) for (const target of Object.values(targets)) process.kill(target.process.pid, 'SIGUSR2');
  say(`ready after ${seconds(Date.now() - startedAt.getTime())}; ingress ${ingress.baseUrl}, baseline ${baseline.baseUrl}, logs in ${logDir}`);

  const runStep: RunStep = async (name, rate, phase) => {
    const settled = await settle(kafka);
    if (settled.timedOut) say(`warning: the box did not go quiet within ${seconds(settled.waitedMs)} (delivery-log backlog ${settled.lag})`);
    const target = targets[name];
    const result = await load.run({
      target: name,
      url: target.webhookUrl,
      secret: integration.secret,
      serverPid: target.process.pid,
      rate,
      warmupMs: step.warmupMs,
      measureMs: phase === 'latency' ? step.latencyMeasureMs : step.searchMeasureMs,
      drainMs: step.drainMs,
      maxSockets: step.maxSockets,
    });
    if (target.process.hasExited()) throw new Error(`${name} exited during the benchmark; see ${target.logFile}`);
    return { result, notes: { settledMs: settled.waitedMs, deliveryLogBacklog: await deliveryLogLag(kafka) } };
  };
  const { outcomes, steps } = await runProcedure(['baseline', 'ingress'], runStep, (record) => say(formatStep(record)));

  const stepsOf = (name: TargetName) => steps.filter((record) => record.result.target === name);
  const summaries = { baseline: summariseTarget(outcomes.baseline, stepsOf('baseline')), ingress: summariseTarget(outcomes.ingress, stepsOf('ingress')) };
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machineInfo(),
    settings: { ...step, partitions, ingressLogLevel: flags['log-level'], cpuProfiles: profiling ? profileDir : false },
    targets: summaries,
    ...evaluate(summaries),
    costComparison: compareCost(steps),
    steps,
  };
  console.log(formatReport(report));
  writeReport(resultsFile, report);
  say(`results written to ${resultsFile}`);
  if (profiling) {
    say(`CPU profiles go to ${profileDir} as the servers stop; summarise one with`);
    say(`  node -r ./tools/register.js bench/ingress/profile-summary.ts ${join(profileDir, 'ingress.cpuprofile')}`);
  }
}

/**
 * On a broker seconds old, waiting for the new topic's leader sometimes
 * fails with UNKNOWN_TOPIC_OR_PARTITION (kafkajs retries only "leader not
 * available"). Creating is idempotent, so asking again is safe.
 */
async function ensureBenchTopic(kafka: KafkaConnection, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensureTopics(kafka, [benchDeliveryTopic.name], { partitions });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const teardown = new Teardown();
let interrupted = false;
// Ctrl-C: stop in order (load, servers flushing to a Kafka that is still up, then Kafka and Postgres).
// A second Ctrl-C leaves at once; the watchdogs then stop the servers.
process.once('SIGINT', () => {
  interrupted = true;
  say('interrupted; stopping everything (Ctrl-C again to leave at once)…');
  process.once('SIGINT', () => process.exit(130));
  void teardown.stopAll().finally(() => process.exit(130));
});
process.once('SIGTERM', () => {
  interrupted = true;
  void teardown.stopAll().finally(() => process.exit(143));
});
process.on('exit', () => teardown.signalAll());

main(teardown).then(
  async () => {
    await teardown.stopAll();
    process.exit(0);
  },
  async (error: unknown) => {
    // After Ctrl-C the step in flight fails because its load generator was stopped: expected, not worth a stack trace.
    if (!interrupted) console.error(error);
    await teardown.stopAll();
    process.exit(interrupted ? 130 : 1);
  },
);
