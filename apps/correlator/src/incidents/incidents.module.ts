import { type DynamicModule, Module } from '@nestjs/common';
import type { CorrelatorSettings } from '../config';
import { CORRELATOR_SETTINGS } from '../correlator-settings.token';
import { AlertEventsController } from './alert-events.controller';
import { CatalogServiceDirectory } from './catalog-directory';
import { ServiceDirectory } from './correlation-policy';
import { IncidentProcessor } from './incident-processor';
import { IncidentQueries } from './incident-queries';
import { IncidentStore } from './incident-store';
import { IncidentTimers } from './incident-timers';
import { IncidentsController } from './incidents.controller';

@Module({})
export class IncidentsModule {
  static register(settings: CorrelatorSettings): DynamicModule {
    return {
      module: IncidentsModule,
      controllers: [IncidentsController, AlertEventsController],
      providers: [
        { provide: CORRELATOR_SETTINGS, useValue: settings },
        { provide: ServiceDirectory, useClass: CatalogServiceDirectory },
        IncidentStore,
        IncidentProcessor,
        IncidentQueries,
        IncidentTimers,
      ],
    };
  }
}
