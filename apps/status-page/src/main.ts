import { runService } from '@hookline/platform/service';
import { AppModule } from './app.module';
import { statusPageConfigSchema } from './config';

void runService({ configSchema: statusPageConfigSchema, module: (config) => AppModule.register(config) });
