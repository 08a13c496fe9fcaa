import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { StatusPageConfig } from './config';
import { statusPageDatabase } from './db/database';
import { StatusPageModule } from './status-page.module';

/** The public status page that follows incidents, and the maintenance windows it publishes (statuspage.maintenance.v1). */
@Module({})
export class AppModule {
  static register(config: StatusPageConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, database: statusPageDatabase, relayOutbox: true }), StatusPageModule.register(config.statusPage)],
    };
  }
}
