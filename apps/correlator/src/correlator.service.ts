import type { ServiceDefinition } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { type CorrelatorConfig, correlatorConfigSchema } from './config';

/** How the correlator is built: by `main.ts`, and in-process by its integration specs. */
export const correlatorService: ServiceDefinition<CorrelatorConfig> = {
  configSchema: correlatorConfigSchema,
  module: (config) => AppModule.register(config),
};
