import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { CorrelatorConfig } from './config';
import { correlatorDatabase } from './db/database';
import { IncidentsModule } from './incidents/incidents.module';

/** Turns alerts into incidents: dedupe, grouping, lifecycle (correlator.incident.v1). */
@Module({})
export class AppModule {
  static register(config: CorrelatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, database: correlatorDatabase, relayOutbox: true }), IncidentsModule.register(config.correlator)],
    };
  }
}
