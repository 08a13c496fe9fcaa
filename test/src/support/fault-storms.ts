import { isDeepStrictEqual } from 'node:util';
import { type AlertStorm, type AlertStormShape, alertStorm } from './alert-storm';
import type { TestPipeline } from './pipeline-harness';
import { type StormAccount, accountForStorm, expectedAccount } from './storm-accounting';
import { type StreamCounts, type StreamOptions, deliverAll } from './webhook-sender';

/**
 * The storm each fault is injected into: HOOKLINE_FAULT_WEBHOOKS webhooks
 * (default 10,000, the figure the faults are specified with), one alert
 * each, collapsing into HOOKLINE_FAULT_GROUPS incidents (default 200).
 * Measured on the 2-core VM with other test runs sharing it: the three fault
 * specs take about 6.5 minutes so, about 4 with 2,500 webhooks over 50
 * groups, the setting for a quicker local loop.
 */
export function stormShape(): AlertStormShape {
  const webhooks = positiveInteger('HOOKLINE_FAULT_WEBHOOKS', 10_000);
  const groups = positiveInteger('HOOKLINE_FAULT_GROUPS', 200);
  return { webhooks, groups, alertsPerGroup: Math.max(1, Math.min(5, Math.floor(webhooks / groups))) };
}

/**
 * Time limits of the fault specs. They only catch a hang: a storm of 10,000
 * webhooks settles in about 75 s on an idle 2-core machine, but took four
 * times as long on one shared with a benchmark, and a slow machine must not
 * fail a spec whose counts come out right.
 */
export const faultTimeouts = {
  /** Starting the apps (and a spec's own Kafka or Postgres). */
  startMs: 300_000,
  /** One fault: the storm, the fault, and waiting for every count. */
  testMs: 900_000,
  /** Waiting, after the last webhook, for every alert to be counted. */
  settleMs: 600_000,
} as const;

/** A storm for the catalog service `suffix`, through an Alertmanager integration of its own. */
export async function stormFor(pipeline: TestPipeline, run: string, suffix: string): Promise<AlertStorm> {
  const service = pipeline.catalog.service(suffix);
  const integration = await pipeline.client.createIntegration({ name: `${run} ${suffix}`, source: 'alertmanager', auth: { scheme: 'bearer' }, service });
  return alertStorm(integration, { run, service, shape: stormShape() });
}

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${process.env[name]}`);
  return value;
}

/**
 * An arrival rate that spreads a storm over 25 s: injected at 40 % (10 s in),
 * a 20 s outage then has webhooks arriving all through it.
 */
export function rateSpanningOutage(shape: AlertStormShape): number {
  return shape.webhooks / 25;
}

/** One line with a fault's count, as the issue asks: sent, acknowledged, counted, in the ledger, duplicates. */
export function describeAccount(account: StormAccount): string {
  return [
    `sent ${account.sent}`,
    `acknowledged ${account.acknowledged}`,
    `counted on incidents ${account.counted}`,
    `incidents ${account.incidents} (${account.resolved} resolved)`,
    `tickets ${account.tickets}`,
    ...(account.deskTickets === undefined ? [] : [`external tickets ${account.deskTickets}`]),
    `status page unresolved ${account.statusPageUnresolved}`,
    `in the ledger ${account.ledgerEntries}`,
    `duplicates ${account.duplicates}`,
  ].join(', ');
}

/**
 * Sends a storm's firing webhooks; once 40 % of them are answered, starts
 * `fault` (kill and restart an app, stop and start a server) while the rest
 * keep coming, waits for the fault to be over, then sends the recovery.
 * Answers the firing webhooks' counts.
 */
export async function sendStormThroughFault(storm: AlertStorm, fault: () => Promise<void>, options: Omit<StreamOptions, 'onSent'> = {}): Promise<StreamCounts> {
  const faultAt = Math.floor(storm.firing.length * 0.4);
  let faultOver: Promise<void> | undefined;
  const counts = await deliverAll(storm.firing, {
    ...options,
    onSent: (answered) => {
      if (answered === faultAt) faultOver = fault();
    },
  });
  await faultOver;
  await deliverAll(storm.recovery, options);
  return counts;
}

/**
 * Polls the storm's account until it is what it must be, or the deadline
 * passes; answers the last account either way, so the spec's assertion shows
 * what was missing.
 */
export async function settledAccount(
  options: Parameters<typeof accountForStorm>[0] & { storm: AlertStorm; timeoutMs?: number },
): Promise<{ account: StormAccount; expected: StormAccount }> {
  const expected = expectedAccount(options.storm, options.counts, options.desk !== undefined);
  const deadline = Date.now() + (options.timeoutMs ?? faultTimeouts.settleMs);
  for (;;) {
    const account = await accountForStorm(options);
    if (isDeepStrictEqual(account, expected) || Date.now() >= deadline) return { account, expected };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
