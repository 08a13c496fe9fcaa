import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { CorrelatorConfig } from './config';
import { correlatorDatabase } from './db/database';

/** Turns alerts into incidents: dedupe, grouping, lifecycle (correlator.incident.v1). */
@Module({})
export class AppModule {
  static register(config: CorrelatorConfig): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot({ config, database: correlatorDatabase })] };
  }
}
