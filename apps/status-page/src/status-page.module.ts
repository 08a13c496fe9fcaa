import { type DynamicModule, Module } from '@nestjs/common';
import type { StatusPageSettings } from './config';
import { IncidentEventsController } from './incidents/incident-events.controller';
import { IncidentIngestor } from './incidents/incident-ingestor';
import { IncidentStore } from './incidents/incident-store';
import { IncidentsAdminController } from './incidents/incidents-admin.controller';
import { ManualIncidents } from './incidents/manual-incidents';
import { MaintenanceController } from './maintenance/maintenance.controller';
import { MaintenanceWindows } from './maintenance/maintenance-windows';
import { PublicController } from './public/public.controller';
import { StatusReader } from './public/status-reader';
import { STATUS_PAGE_SETTINGS } from './status-page-settings.token';
import { CatalogPublicComponents, PublicComponents } from './status/public-components';

@Module({})
export class StatusPageModule {
  static register(settings: StatusPageSettings): DynamicModule {
    return {
      module: StatusPageModule,
      controllers: [PublicController, IncidentsAdminController, MaintenanceController, IncidentEventsController],
      providers: [
        { provide: STATUS_PAGE_SETTINGS, useValue: settings },
        { provide: PublicComponents, useClass: CatalogPublicComponents },
        IncidentStore,
        MaintenanceWindows,
        StatusReader,
        IncidentIngestor,
        ManualIncidents,
      ],
    };
  }
}
