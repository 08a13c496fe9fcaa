import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { correlatorConfigSchema } from './config';

void runService({ configSchema: correlatorConfigSchema, module: (config) => AppModule.register(config) });
