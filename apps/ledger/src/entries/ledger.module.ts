import { type DynamicModule, Module } from '@nestjs/common';
import { Inbox } from '@hookline/platform/persistence';
import { ADMIN_TOKEN } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import type { LedgerConfig } from '../config';
import { SlaController } from '../sla/sla.controller';
import { SlaQueries } from '../sla/sla-queries';
import { EntriesController } from './entries.controller';
import { EntryQueries } from './entry-queries';
import { LedgerEventsController } from './ledger-events.controller';
import type { LedgerRates } from './ledger-rates';
import { LedgerRecorder } from './ledger-recorder';

@Module({})
export class LedgerModule {
  static register(settings: LedgerConfig['ledger'], rates: LedgerRates): DynamicModule {
    return {
      module: LedgerModule,
      controllers: [EntriesController, SlaController, LedgerEventsController],
      providers: [
        { provide: ADMIN_TOKEN, useValue: settings.adminToken },
        {
          provide: LedgerRecorder,
          useFactory: (dataSource: DataSource, inbox: Inbox) => new LedgerRecorder({ dataSource, inbox, rates }),
          inject: [DataSource, Inbox],
        },
        { provide: EntryQueries, useFactory: (dataSource: DataSource) => new EntryQueries(dataSource), inject: [DataSource] },
        { provide: SlaQueries, useFactory: (dataSource: DataSource) => new SlaQueries(dataSource), inject: [DataSource] },
      ],
    };
  }
}
