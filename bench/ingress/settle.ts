import { consumerGroups, topics } from '@hookline/contracts/events';
import type { KafkaConnection } from '@hookline/platform/kafka';
import { consumerGroupLag } from '../shared/consumer-lag';
import { machineBusyPercent, machineCpu } from '../shared/cpu';

/**
 * Records the ingress's delivery-log consumer has not yet written to
 * Postgres. It runs inside the ingress process, so a backlog left by one step
 * would eat CPU during the next, whichever target that next step measures.
 */
export function deliveryLogLag(kafka: KafkaConnection): Promise<number> {
  return consumerGroupLag(kafka, consumerGroups.deliveryLog.id, [topics.delivery.name]);
}

export interface SettleOptions {
  /** Machine-wide CPU (all cores) below which the box counts as idle. */
  idleBelowPercent: number;
  sampleMs: number;
  timeoutMs: number;
}

export const defaultSettleOptions: SettleOptions = { idleBelowPercent: 20, sampleMs: 500, timeoutMs: 60_000 };

/**
 * Waits until the previous step has left nothing behind: the delivery log
 * caught up and the machine idle (Kafka flushed, GC done). Every step then
 * starts from the same state, whichever target ran before it. Returns how
 * long it waited and whether it gave up.
 */
export async function settle(kafka: KafkaConnection, options: SettleOptions = defaultSettleOptions): Promise<{ waitedMs: number; timedOut: boolean; lag: number }> {
  const started = Date.now();
  let lag = Number.NaN;
  while (Date.now() - started < options.timeoutMs) {
    const before = machineCpu();
    await new Promise((resolve) => setTimeout(resolve, options.sampleMs));
    const busy = machineBusyPercent(before, machineCpu());
    lag = await deliveryLogLag(kafka);
    if (lag === 0 && busy < options.idleBelowPercent) return { waitedMs: Date.now() - started, timedOut: false, lag };
  }
  return { waitedMs: Date.now() - started, timedOut: true, lag };
}
