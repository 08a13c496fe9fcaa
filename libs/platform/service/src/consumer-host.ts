import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EventConsumer, type EventConsumerOptions, EventPublisher, KafkaConnection } from '@hookline/platform/kafka';
import { type Logger, Metrics, ReadinessChecks } from '@hookline/platform/observability';
import { LOGGER } from './tokens';

export type ConsumerRegistration = Omit<EventConsumerOptions, 'logger' | 'metrics'>;

const restartDelayMs = 5_000;

/**
 * Runs an app's consumer groups inside the Nest lifecycle. Feature modules
 * `register` their handlers while the app is built; consumers start once the
 * app is up and stop before its connections close. A consumer that cannot
 * join (Kafka down at boot) keeps trying instead of crashing the app, and
 * `/readyz` reports it until it has joined.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly registrations: ConsumerRegistration[] = [];
  private readonly running: EventConsumer[] = [];
  private readonly joined = new Set<string>();
  private stopping = false;

  constructor(
    @Inject(KafkaConnection) private readonly kafka: KafkaConnection,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(ReadinessChecks) readiness: ReadinessChecks,
  ) {
    readiness.register({
      name: 'consumers',
      check: async () => {
        const waiting = this.registrations.filter((registration) => !this.joined.has(registration.groupId));
        if (waiting.length > 0) throw new Error(`not yet joined: ${waiting.map((registration) => registration.groupId).join(', ')}`);
      },
    });
  }

  register(registration: ConsumerRegistration): void {
    this.registrations.push(registration);
  }

  onApplicationBootstrap(): void {
    for (const registration of this.registrations) void this.start(registration);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running.map((consumer) => consumer.stop()));
  }

  private async start(registration: ConsumerRegistration): Promise<void> {
    while (!this.stopping) {
      const consumer = new EventConsumer(this.kafka, this.publisher, { ...registration, logger: this.logger, metrics: this.metrics });
      try {
        this.running.push(consumer);
        await consumer.start();
        this.joined.add(registration.groupId);
        this.logger.info({ groupId: registration.groupId }, 'consumer joined its group');
        return;
      } catch (error) {
        this.running.splice(this.running.indexOf(consumer), 1);
        await consumer.stop().catch(() => undefined);
        this.logger.warn({ err: error, groupId: registration.groupId }, 'consumer could not start, retrying');
        await new Promise((resolve) => setTimeout(resolve, restartDelayMs));
      }
    }
  }
}
