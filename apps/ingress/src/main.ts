import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { ingressConfigSchema } from './config';

void runService({ configSchema: ingressConfigSchema, module: (config) => AppModule.register(config) });
