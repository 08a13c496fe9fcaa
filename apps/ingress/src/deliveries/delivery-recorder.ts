import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type DeliveryEvent, topics } from '@hookline/contracts/events';
import { BatchingPublisher } from '@hookline/platform/kafka';
import { type Logger, Metrics } from '@hookline/platform/observability';
import { LOGGER } from '@hookline/platform/service';
import type { Counter } from 'prom-client';
import type { IngressConfig } from '../config';
import { INGRESS_CONFIG } from '../ingress-config.token';
import { DeliveryLog } from './delivery-log';
import { DeliverySpool } from './delivery-spool';

/** How long after a failed publish records skip Kafka and go to the spool at once: a refusal flood during an outage must not pile up publishes waiting for their timeout. */
export const kafkaBackoffMs = 5_000;
/** How often the spool is written out; the records of a whole outage second become one INSERT. */
export const spoolFlushIntervalMs = 500;
const flushBatchSize = 1_000;

/**
 * Writes the delivery-log record of an attempt the sender does not wait for
 * (every refusal, and the 503s of an outage), so that no attempt is missing
 * from the log. Normally through Kafka (`ingress.delivery.v1`, read back by
 * the delivery log's consumer group). When that publish fails, the record goes
 * to a bounded in-memory spool, written every half second straight into
 * `ingress.deliveries` in one INSERT; if Postgres is down too, the spool keeps
 * it and tries Postgres, then Kafka, again on each tick. The record keeps its
 * event id whichever way it travels, and the id is the log's primary key: a
 * publish that timed out but reached Kafka after all, and the copy written
 * directly, make one row.
 */
@Injectable()
export class DeliveryRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly spool: DeliverySpool;
  private readonly dropped: Counter;
  private kafkaSkippedUntil = 0;
  private flusher: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    @Inject(BatchingPublisher) private readonly publisher: BatchingPublisher,
    @Inject(DeliveryLog) private readonly deliveryLog: DeliveryLog,
    @Inject(INGRESS_CONFIG) config: IngressConfig['ingress'],
    @Inject(Metrics) metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.spool = new DeliverySpool(config.deliverySpoolLimit);
    this.dropped = metrics.counter('ingress_delivery_records_dropped_total', 'Delivery-log records lost: the spool was full while neither Kafka nor Postgres took them');
    metrics.sampledGauge('ingress_delivery_spool_records', 'Delivery-log records waiting in memory for Kafka or Postgres', [], async () => [{ labels: {}, value: this.spool.size }]);
  }

  onModuleInit(): void {
    this.flusher = setInterval(() => void this.flush(), spoolFlushIntervalMs);
    this.flusher.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flusher);
    await this.flush();
    if (this.spool.size > 0) this.logger.error({ records: this.spool.size }, 'delivery-log records lost at shutdown: neither Kafka nor Postgres took them');
  }

  /** Records without making the caller wait, and without failing if Kafka is down. */
  recordInBackground(record: DeliveryEvent): void {
    if (Date.now() < this.kafkaSkippedUntil) {
      this.toSpool(record);
      return;
    }
    this.publisher.publish(topics.delivery, [record]).catch((error: unknown) => {
      this.kafkaSkippedUntil = Date.now() + kafkaBackoffMs;
      this.logger.warn({ err: error, integrationId: record.data.integrationId }, 'could not publish a delivery record; writing it to the log directly');
      this.toSpool(record);
    });
  }

  /** Writes what the spool holds: one flush at a time, so a slow Postgres does not stack them up. */
  flush(): Promise<void> {
    this.flushing ??= this.writeSpool().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  get spooled(): number {
    return this.spool.size;
  }

  private toSpool(record: DeliveryEvent): void {
    if (!this.spool.offer(record)) this.dropped.inc();
  }

  private async writeSpool(): Promise<void> {
    while (this.spool.size > 0) {
      const batch = this.spool.take(flushBatchSize);
      try {
        await this.deliveryLog.write(batch);
      } catch (databaseError) {
        try {
          await this.publisher.publish(topics.delivery, batch);
        } catch (kafkaError) {
          this.logger.warn({ err: databaseError, kafkaError, records: batch.length }, 'delivery log unreachable through Postgres and Kafka; records kept in the spool');
          const lost = this.spool.putBack(batch);
          if (lost > 0) this.dropped.inc(lost);
          return;
        }
      }
    }
  }
}
