import { performance } from 'node:perf_hooks';
import { type LatencySummary, summarise } from '../shared/percentiles';
import type { StormGroup } from './storm-webhooks';
import type { WebhookSender } from './webhook-sender';

export interface StormSent {
  webhooks: number;
  /** 202: new delivery, its alerts on Kafka. */
  accepted: number;
  /** 200: the ingress had seen these bytes (a repeat notification). */
  duplicates: number;
  /** Webhooks that never got a 202 or 200, by last status (0: no answer). */
  failed: Record<string, number>;
  /** Attempts the sender repeated, by the status that made it. */
  retried: Record<string, number>;
  /** Alert events the ingress published, counting each delivery id once (a retried delivery publishes the same events). */
  alertEvents: number;
  /** From the first send to the last answer. */
  seconds: number;
  acceptedPerSecond: number;
  answeredPerSecond: number;
  /** Per webhook, send to final answer, retries included. */
  latencyMs: LatencySummary;
  /** Epoch ms of the last answer, the start of the catch-up. */
  finishedAt: number;
}

/**
 * Sends a storm as fast as the ingress answers: `concurrency` lanes, each
 * with its share of the groups, round-robin over them, one webhook in flight
 * per lane. A group's notifications therefore go out strictly one after the
 * other, each after the previous was answered, as Alertmanager's per-group
 * pipeline sends them; otherwise a resolve could overtake the fire it resolves.
 */
export async function sendStorm(sender: WebhookSender, groups: readonly StormGroup[], concurrency: number, say: (message: string) => void): Promise<StormSent> {
  const total = groups.reduce((sum, group) => sum + group.webhooks.length, 0);
  const failed: Record<string, number> = {};
  const retried: Record<string, number> = {};
  const alertsByDelivery = new Map<string, number>();
  const latencies = new Float64Array(total);
  let answered = 0;
  let accepted = 0;
  let duplicates = 0;

  const started = performance.now();
  const startedAt = Date.now();
  const progress = setInterval(() => say(`  ${answered} of ${total} webhooks answered (${Math.round(answered / ((performance.now() - started) / 1000))}/s)`), 10_000);
  const lane = async (lanes: readonly StormGroup[]) => {
    const next = lanes.map(() => 0);
    for (let remaining = true; remaining; ) {
      remaining = false;
      for (const [index, group] of lanes.entries()) {
        const body = group.webhooks[next[index] as number];
        if (!body) continue;
        remaining = true;
        next[index] = (next[index] as number) + 1;
        const sentAt = performance.now();
        const { answer, retriedOn } = await sender.deliver(body);
        latencies[answered] = performance.now() - sentAt;
        answered += 1;
        for (const status of retriedOn) retried[status] = (retried[status] ?? 0) + 1;
        if (answer.status === 202 && answer.deliveryId !== undefined) {
          accepted += 1;
          alertsByDelivery.set(answer.deliveryId, answer.alerts ?? 0);
        } else if (answer.status === 200) duplicates += 1;
        else failed[answer.status] = (failed[answer.status] ?? 0) + 1;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(concurrency, groups.length) }, (_, laneIndex) => groups.filter((_, index) => index % concurrency === laneIndex));
  await Promise.all(lanes.map(lane));
  clearInterval(progress);
  const seconds = (performance.now() - started) / 1000;
  let alertEvents = 0;
  for (const count of alertsByDelivery.values()) alertEvents += count;
  return {
    webhooks: total,
    accepted,
    duplicates,
    failed,
    retried,
    alertEvents,
    seconds,
    acceptedPerSecond: accepted / seconds,
    answeredPerSecond: total / seconds,
    latencyMs: summarise(latencies.subarray(0, answered)),
    finishedAt: startedAt + seconds * 1000,
  };
}
