import { type DynamicModule, Module } from '@nestjs/common';
import { Catalog, loadCatalog } from '@hookline/catalog';
import { PlatformModule } from '@hookline/platform/service';
import type { LedgerConfig } from './config';
import { ledgerDatabase } from './db/database';
import { catalogRates } from './entries/ledger-rates';
import { LedgerModule } from './entries/ledger.module';

/** The downtime ledger analysts query for SLA, MTTR and cost. */
@Module({})
export class AppModule {
  static register(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, database: ledgerDatabase }),
        LedgerModule.register(config.ledger, catalogRates(new Catalog(loadCatalog(config.ledger.catalogPath)))),
      ],
    };
  }
}
