import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { StatusPageConfig } from './config';
import { statusPageDatabase } from './db/database';

/** The public status page that follows incidents. */
@Module({})
export class AppModule {
  static register(config: StatusPageConfig): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot({ config, database: statusPageDatabase })] };
  }
}
