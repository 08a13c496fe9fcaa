import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeadLetterReader, KafkaConnection } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
import { DataSource } from 'typeorm';
import { DeadLetterStore } from './dead-letter-store';
import { DEAD_LETTERS_GROUP, DEAD_LETTERS_LOGGER, type DeadLettersGroup } from './tokens';

/** The index's own consumer group: `<group>.dead-letter-index` (in the deployment's namespace, like every group). */
export function deadLetterIndexGroupId(groupId: string): string {
  return `${groupId}.dead-letter-index`;
}

const rejoinDelayMs = 5_000;

/**
 * Keeps `<schema>.dead_letters` in step with `dlq.<group>`: a consumer group
 * of its own reads the dead-letter topic and records each letter once. The
 * topic stays the record: with Postgres down the reader waits and commits
 * nothing, so a letter is indexed late, never lost. It starts in the
 * background, as the app's own consumer does, and is not part of /readyz:
 * an index that lags must not take the app out of service.
 */
@Injectable()
export class DeadLetterIndex implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private reader: DeadLetterReader | undefined;
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @Inject(KafkaConnection) private readonly connection: KafkaConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeadLetterStore) private readonly store: DeadLetterStore,
    @Inject(DEAD_LETTERS_GROUP) private readonly group: DeadLettersGroup,
    @Inject(DEAD_LETTERS_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.joinUntilStopped();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await this.reader?.stop();
  }

  private async joinUntilStopped(): Promise<void> {
    const groupId = this.group.id;
    while (!this.stopping) {
      const reader = new DeadLetterReader(this.connection, {
        groupId,
        readerGroupId: deadLetterIndexGroupId(groupId),
        logger: this.logger,
        handle: (letters) => this.store.record(this.dataSource, letters),
      });
      this.reader = reader;
      try {
        await reader.start();
        return;
      } catch (error) {
        await reader.stop().catch(() => undefined);
        this.logger.warn({ err: error, groupId }, 'dead-letter index could not start, retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, rejoinDelayMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
