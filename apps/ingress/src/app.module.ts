import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { IngressConfig } from './config';
import { ingressDatabase } from './db/database';
import { IngressModule } from './ingress.module';

/** Verifies monitoring webhooks and publishes them as alerts (ingress.alert.v1). */
@Module({})
export class AppModule {
  static register(config: IngressConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, database: ingressDatabase }), IngressModule.register(config.ingress)],
    };
  }
}
