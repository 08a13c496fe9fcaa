import { Module } from '@nestjs/common';
import { SlaController } from '../sla/sla.controller';
import { SlaQueries } from '../sla/sla-queries';
import { EntriesController } from './entries.controller';
import { EntryQueries } from './entry-queries';
import { LedgerEventsController } from './ledger-events.controller';
import { CatalogLedgerRates, LedgerRates } from './ledger-rates';
import { LedgerRecorder } from './ledger-recorder';

@Module({
  controllers: [EntriesController, SlaController, LedgerEventsController],
  providers: [{ provide: LedgerRates, useClass: CatalogLedgerRates }, LedgerRecorder, EntryQueries, SlaQueries],
})
export class LedgerModule {}
