import { consumerGroups } from '@hookline/contracts/events';
import type { ServiceDefinition } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { type CorrelatorConfig, correlatorConfigSchema } from './config';

/** How the correlator is built: by `main.ts`, and in-process by its integration specs. */
export const correlatorDefinition: ServiceDefinition<CorrelatorConfig> = {
  configSchema: correlatorConfigSchema,
  module: (config) => AppModule.register(config),
  consumer: {
    group: consumerGroups.correlator,
    // A group's first start reads what ingress accepted before it ever ran (a fresh install, a new replica set):
    // nothing acknowledged to a sender may be skipped. Later starts resume from committed offsets.
    fromBeginning: true,
  },
};
