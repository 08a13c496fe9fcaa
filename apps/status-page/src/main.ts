import { consumerGroups } from '@hookline/contracts/events';
import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { statusPageConfigSchema } from './config';

void runService({
  configSchema: statusPageConfigSchema,
  module: (config) => AppModule.register(config),
  // A new page starts from the whole incident history, so its uptime bars and history are complete.
  consumer: { group: consumerGroups.statusPage, fromBeginning: true },
});
