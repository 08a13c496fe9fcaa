import { consumerGroups } from '@hookline/contracts/events';
import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { ledgerConfigSchema } from './config';

void runService({
  configSchema: ledgerConfigSchema,
  module: (config) => AppModule.register(config),
  // The ledger is a record of everything that happened: a new group starts from the oldest event Kafka holds.
  consumer: { group: consumerGroups.ledger, fromBeginning: true },
});
