import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Catalog, loadCatalog } from '@hookline/catalog';
import { Inbox, Outbox } from '@hookline/platform/persistence';
import { OutboxRelayHost } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
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
import type { Naming } from './public/status-snapshot';

/** One snapshot serves the requests of this long; local changes drop it at once. */
const snapshotCacheMs = 1_000;

/** Remembers the catalog's components once the app is up. */
@Injectable()
class ComponentRegistration implements OnApplicationBootstrap {
  constructor(@Inject(StatusReader) private readonly reader: StatusReader) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reader.registerComponents();
  }
}

@Module({})
export class StatusPageModule {
  static register(settings: StatusPageSettings, catalogPath: string): DynamicModule {
    const catalog = new Catalog(loadCatalog(catalogPath));
    const publicComponents = catalog.publicComponents();
    const isPublicComponent = (id: string) => publicComponents.some((component) => component.id === id);
    const publishDelayMs = settings.publishDelaySeconds * 1000;
    const naming: Naming = {
      publicTitle: (component, service) => catalog.publicTitle(component, service) ?? `${component}: service disruption`,
      componentName: (component) => catalog.component(component)?.name ?? component,
    };
    return {
      module: StatusPageModule,
      controllers: [PublicController, IncidentsAdminController, MaintenanceController, IncidentEventsController],
      providers: [
        { provide: IncidentStore, useValue: new IncidentStore() },
        {
          provide: MaintenanceWindows,
          useFactory: (dataSource: DataSource, outbox: Outbox, relay: OutboxRelayHost) =>
            new MaintenanceWindows(dataSource, outbox, isPublicComponent, () => relay.wake()),
          inject: [DataSource, Outbox, OutboxRelayHost],
        },
        {
          provide: StatusReader,
          useFactory: (dataSource: DataSource, store: IncidentStore, windows: MaintenanceWindows) =>
            new StatusReader(dataSource, store, windows, {
              page: settings.page,
              historyDays: settings.historyDays,
              publishDelayMs,
              naming,
              components: publicComponents,
              cacheMs: snapshotCacheMs,
            }),
          inject: [DataSource, IncidentStore, MaintenanceWindows],
        },
        {
          provide: IncidentIngestor,
          useFactory: (inbox: Inbox, store: IncidentStore, reader: StatusReader) => new IncidentIngestor(inbox, store, publishDelayMs, () => reader.invalidate()),
          inject: [Inbox, IncidentStore, StatusReader],
        },
        {
          provide: ManualIncidents,
          useFactory: (dataSource: DataSource, store: IncidentStore) => new ManualIncidents(dataSource, store, isPublicComponent),
          inject: [DataSource, IncidentStore],
        },
        ComponentRegistration,
      ],
    };
  }
}
