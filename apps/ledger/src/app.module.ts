import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { LedgerConfig } from './config';
import { ledgerDatabase } from './db/database';
import { LedgerModule } from './entries/ledger.module';

/** The downtime ledger analysts query for SLA, MTTR and cost. */
@Module({})
export class AppModule {
  static register(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, database: ledgerDatabase }), LedgerModule],
    };
  }
}
