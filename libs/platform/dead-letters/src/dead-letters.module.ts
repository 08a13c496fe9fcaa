import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { KafkaConnection } from '@hookline/platform/kafka';
import { schemaOf } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { DeadLetterIndex } from './dead-letter-index';
import { DeadLetterReplayer } from './dead-letter-replayer';
import { DeadLetterStore } from './dead-letter-store';
import { type DeadLettersHttp, deadLettersController } from './dead-letters.controller';
import { DEAD_LETTERS_GROUP, DEAD_LETTERS_LOGGER, type DeadLettersGroup } from './tokens';

export interface DeadLettersOptions extends DeadLettersHttp {
  group: DeadLettersGroup;
  /** The token of the app's logger. */
  logger: symbol;
}

/**
 * A consumer app's dead letters: the index of `dlq.<group>` in its schema's
 * `dead_letters` table and the admin API over it. Needs the app's
 * DataSource, KafkaConnection and EventPublisher (PlatformModule's).
 */
@Module({})
export class DeadLettersModule {
  static forGroup(options: DeadLettersOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: DEAD_LETTERS_GROUP, useValue: options.group },
      { provide: DEAD_LETTERS_LOGGER, useExisting: options.logger },
      {
        provide: DeadLetterStore,
        useFactory: (dataSource: DataSource, kafka: KafkaConnection) =>
          new DeadLetterStore(schemaOf(dataSource), { registryId: options.group.id, brokerId: kafka.namespace.group(options.group.id) }),
        inject: [DataSource, KafkaConnection],
      },
      DeadLetterReplayer,
      DeadLetterIndex,
    ];
    return { module: DeadLettersModule, controllers: [deadLettersController(options)], providers, exports: [DeadLetterStore, DeadLetterReplayer] };
  }
}
