import { consumerGroups } from '@hookline/contracts/events';
import type { KafkaConnection } from '@hookline/platform/kafka';
import type { Client } from 'pg';
import { consumerGroupLag } from '../shared/consumer-lag';

/** The apps' outboxes: events committed with a state change, not yet on Kafka. */
const outboxes = ['correlator.outbox', 'ticketing.outbox', 'statuspage.outbox'];

export interface Backlog {
  /** Uncommitted records per consumer group. */
  lag: Record<string, number>;
  /** Rows waiting per outbox. */
  outbox: Record<string, number>;
}

export async function backlog(kafka: KafkaConnection, db: Client): Promise<Backlog> {
  const outbox: Record<string, number> = {};
  for (const table of outboxes) outbox[table] = Number(((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0] as { n: string }).n);
  const lag: Record<string, number> = {};
  for (const group of Object.values(consumerGroups)) lag[group.id] = await consumerGroupLag(kafka, group.id, group.consumes.map((topic) => topic.name));
  return { lag, outbox };
}

function isEmpty(state: Backlog): boolean {
  return [...Object.values(state.lag), ...Object.values(state.outbox)].every((count) => count === 0);
}

/**
 * Waits until every app has caught up: every consumer group has committed
 * everything on its topics and every outbox is empty. An event can move from
 * an outbox to a topic between the two reads, so it takes two empty polls in
 * a row. Returns when the first of them was taken, on this machine's clock.
 */
export async function waitUntilCaughtUp(kafka: KafkaConnection, db: Client, options: { pollMs: number; timeoutMs: number }): Promise<{ caughtUpAt: number; last: Backlog }> {
  const deadline = Date.now() + options.timeoutMs;
  let emptySince: number | undefined;
  for (;;) {
    const polledAt = Date.now();
    const state = await backlog(kafka, db);
    if (isEmpty(state)) {
      if (emptySince !== undefined) return { caughtUpAt: emptySince, last: state };
      emptySince = polledAt;
    } else emptySince = undefined;
    if (Date.now() > deadline) throw new Error(`the apps did not catch up within ${options.timeoutMs / 1000} s: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
