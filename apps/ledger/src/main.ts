import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { ledgerConfigSchema } from './config';

void runService({ configSchema: ledgerConfigSchema, module: (config) => AppModule.register(config) });
