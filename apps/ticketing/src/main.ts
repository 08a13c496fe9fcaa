import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { ticketingConfigSchema } from './config';

void runService({ configSchema: ticketingConfigSchema, module: (config) => AppModule.register(config) });
