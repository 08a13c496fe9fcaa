import { consumerGroups } from '@hookline/contracts/events';
import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { ticketingConfigSchema } from './config';

void runService({
  configSchema: ticketingConfigSchema,
  module: (config) => AppModule.register(config),
  // A fresh install, or a new consumer group, tickets the incidents opened before it first ran.
  consumer: { group: consumerGroups.ticketing, fromBeginning: true },
});
