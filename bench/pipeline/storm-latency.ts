import { performance } from 'node:perf_hooks';
import { type LatencySummary, summarise } from '../shared/percentiles';
import { type Probe, probeWebhooks, sendProbe } from './latency-probe';
import { sendOpenLoop } from './open-loop';
import { type StormGroup, type StormShape, stormWebhooks } from './storm-webhooks';
import type { WebhookSender } from './webhook-sender';

/** How the storm traffic around the probes fared. */
export interface BackgroundSent {
  webhooks: number;
  accepted: number;
  duplicates: number;
  /** Webhooks that never got a 202 or 200, by last status (0: no answer). */
  failed: Record<string, number>;
  /** Scheduled send → final answer, including any wait for the group's previous notification and retries. */
  ackMs: LatencySummary;
}

/**
 * The storm groups behind a storm-shaped latency phase: enough notifications
 * for `webhooks` background slots, plus one per group that opens its
 * incident before the phase (`openingNotifications`), so that during the
 * phase the storm only repeats, re-fires and resolves alerts of open
 * incidents, as a storm does once it is under way.
 */
export function backgroundGroups(run: string, shape: Omit<StormShape, 'webhooks'>, webhooks: number): StormGroup[] {
  const groupCount = Math.ceil(shape.alerts / shape.alertsPerGroup);
  const perGroup = Math.ceil(webhooks / groupCount) + 1;
  return stormWebhooks(run, { ...shape, webhooks: perGroup * groupCount });
}

/** Each group's first notification only: what is sent before the phase. */
export function openingNotifications(groups: readonly StormGroup[]): StormGroup[] {
  return groups.map((group) => ({ ...group, webhooks: group.webhooks.slice(0, 1) }));
}

/** Whether slot `index` of a `rate`/s schedule is a probe: `probeRate` of every `rate` slots, evenly spread. */
export function isProbeSlot(index: number, rate: number, probeRate: number): boolean {
  return Math.floor(((index + 1) * probeRate) / rate) > Math.floor((index * probeRate) / rate);
}

/**
 * `rate` webhooks a second for `seconds`, open loop, of which `probeRate` a
 * second are probes (each a new incident, as `runLatencyProbe` sends them)
 * and the rest the storm's notifications after each group's first, round
 * robin over the groups. A group's notifications leave strictly in order,
 * each once the previous was answered, as Alertmanager notifies a group, so
 * a slow answer delays the group's next notification past its slot (its
 * ack latency, counted from the slot, shows it) but never the probes.
 */
export async function runStormLatency(
  sender: WebhookSender,
  groups: readonly StormGroup[],
  options: { run: string; rate: number; probeRate: number; seconds: number; services: number },
): Promise<{ probes: Probe[]; background: BackgroundSent }> {
  const total = Math.round(options.rate * options.seconds);
  let probeCount = 0;
  for (let index = 0; index < total; index += 1) if (isProbeSlot(index, options.rate, options.probeRate)) probeCount += 1;
  const { probes, bodies } = probeWebhooks({ run: options.run, count: probeCount, services: options.services });
  const queues = groups.map((group) => group.webhooks.slice(1));
  const chains = groups.map(() => Promise.resolve());
  const background = { webhooks: 0, accepted: 0, duplicates: 0, failed: {} as Record<string, number> };
  const ack: number[] = [];
  let nextProbe = 0;
  let nextBackground = 0;

  const sendBackground = (scheduledAt: number): Promise<void> => {
    const groupIndex = nextBackground % groups.length;
    const body = queues[groupIndex]?.[Math.floor(nextBackground / groups.length)];
    nextBackground += 1;
    if (!body) throw new Error(`the storm ran out of notifications for group ${groupIndex}`);
    background.webhooks += 1;
    const sent = (chains[groupIndex] as Promise<void>)
      .then(() => sender.deliver(body))
      .then(({ answer }) => {
        ack.push(performance.timeOrigin + performance.now() - scheduledAt);
        if (answer.status === 202) background.accepted += 1;
        else if (answer.status === 200) background.duplicates += 1;
        else background.failed[answer.status] = (background.failed[answer.status] ?? 0) + 1;
      });
    chains[groupIndex] = sent;
    return sent;
  };

  await sendOpenLoop(options.rate, total, (index, scheduledAt) => {
    if (!isProbeSlot(index, options.rate, options.probeRate)) return sendBackground(scheduledAt);
    const probe = nextProbe++;
    return sendProbe(sender, probes[probe] as Probe, bodies[probe] as Buffer, scheduledAt);
  });
  return { probes, background: { ...background, ackMs: summarise(ack) } };
}
