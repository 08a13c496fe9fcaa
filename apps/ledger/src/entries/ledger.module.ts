import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { consumerGroups, topics } from '@hookline/contracts/events';
import { onBatch } from '@hookline/platform/kafka';
import { Inbox } from '@hookline/platform/persistence';
import { ADMIN_TOKEN, ConsumerHost } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import type { LedgerConfig } from '../config';
import { SlaController } from '../sla/sla.controller';
import { SlaQueries } from '../sla/sla-queries';
import { EntriesController } from './entries.controller';
import { EntryQueries } from './entry-queries';
import type { LedgerRates } from './ledger-rates';
import { LedgerRecorder } from './ledger-recorder';

/** Consumes incidents, tickets and maintenance windows into the ledger. */
@Injectable()
class LedgerConsumer {
  constructor(@Inject(LedgerRecorder) recorder: LedgerRecorder, @Inject(ConsumerHost) consumers: ConsumerHost) {
    consumers.register({
      groupId: consumerGroups.ledger.id,
      handlers: [
        onBatch(topics.incident, async (events) => void (await recorder.recordIncidents(events))),
        onBatch(topics.ticket, async (events) => void (await recorder.recordTickets(events))),
        onBatch(topics.maintenance, async (events) => void (await recorder.recordMaintenance(events))),
      ],
      // The ledger is a record of everything that happened: a new group starts from the oldest event Kafka holds.
      fromBeginning: true,
    });
  }
}

@Module({})
export class LedgerModule {
  static register(settings: LedgerConfig['ledger'], rates: LedgerRates): DynamicModule {
    return {
      module: LedgerModule,
      controllers: [EntriesController, SlaController],
      providers: [
        { provide: ADMIN_TOKEN, useValue: settings.adminToken },
        {
          provide: LedgerRecorder,
          useFactory: (dataSource: DataSource, inbox: Inbox) => new LedgerRecorder({ dataSource, inbox, rates }),
          inject: [DataSource, Inbox],
        },
        { provide: EntryQueries, useFactory: (dataSource: DataSource) => new EntryQueries(dataSource), inject: [DataSource] },
        { provide: SlaQueries, useFactory: (dataSource: DataSource) => new SlaQueries(dataSource), inject: [DataSource] },
        LedgerConsumer,
      ],
    };
  }
}
