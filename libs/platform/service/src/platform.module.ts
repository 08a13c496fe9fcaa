import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Catalog, loadCatalog } from '@hookline/catalog';
import type { ServiceConfig } from '@hookline/platform/config';
import { EventPublisher, KafkaConnection } from '@hookline/platform/kafka';
import { Metrics, ReadinessChecks, createLogger, type Logger } from '@hookline/platform/observability';
import { Inbox, Outbox, createDataSource, pingDatabase, schemaOf } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { OutboxRelayHost } from './outbox-relay-host';
import { HealthController } from './health.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { AdminTokenGuard } from './admin-token.guard';
import { ADMIN_TOKEN, type DatabaseDefinition, LOGGER, SERVICE_CONFIG } from './tokens';

export interface PlatformOptions {
  config: ServiceConfig;
  database: DatabaseDefinition;
  /** The app writes events to its outbox (see `Outbox`): run the relay that publishes them. */
  relayOutbox?: boolean;
}

/** Registers the readiness probes and closes connections last, after Nest stopped taking requests. */
@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
    @Inject(KafkaConnection) private readonly kafka: KafkaConnection,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.readiness.register({ name: 'kafka', check: () => this.kafka.ping() });
    this.readiness.register({ name: 'postgres', check: () => pingDatabase(this.dataSource) });
    // The same checks as /readyz, run when Prometheus scrapes: "not ready" can page without a probe of its own.
    this.metrics.sampledGauge('readiness_check_ok', 'Whether a readiness check passes now (1) or not (0), as /readyz reports it', ['check'], async () =>
      Object.entries((await this.readiness.run()).checks).map(([check, result]) => ({ labels: { check }, value: result.ok ? 1 : 0 })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // Flush what the producer holds before dropping the connections it needs.
    await this.publisher.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'producer did not flush'));
    await this.kafka.close().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The platform of one service as Nest providers: import it once in the app
 * module (`PlatformModule.forRoot({ config, database })`); it is global, so
 * feature modules inject the publisher, DataSource, inbox, outbox, catalog
 * and the admin token's guard directly, and provide none of them again.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config, database } = options;
    const logger = createLogger({ service: config.service, level: config.logLevel });
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, OpenApiController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: ADMIN_TOKEN, useValue: config.adminToken },
        AdminTokenGuard,
        // Loaded (and so validated) while the app is built: a broken catalog stops the start, naming the problem.
        { provide: Catalog, useFactory: () => new Catalog(loadCatalog(config.catalogPath)) },
        { provide: Metrics, useValue: new Metrics(config.service) },
        { provide: ReadinessChecks, useValue: new ReadinessChecks() },
        {
          provide: KafkaConnection,
          useFactory: () => new KafkaConnection({ ...config.kafka, logger }),
        },
        { provide: EventPublisher, useFactory: (kafka: KafkaConnection) => new EventPublisher(kafka), inject: [KafkaConnection] },
        {
          provide: DataSource,
          useFactory: () =>
            connectWithRetry(
              createDataSource({ url: config.database.url, poolSize: config.database.poolSize, applicationName: `hookline-${config.service}`, ...database }),
              logger,
            ),
        },
        { provide: Inbox, useFactory: (dataSource: DataSource) => new Inbox(dataSource), inject: [DataSource] },
        { provide: Outbox, useFactory: (dataSource: DataSource) => new Outbox(schemaOf(dataSource)), inject: [DataSource] },
        PlatformLifecycle,
        ...(options.relayOutbox ? [OutboxRelayHost] : []),
      ],
      exports: [
        SERVICE_CONFIG,
        LOGGER,
        ADMIN_TOKEN,
        AdminTokenGuard,
        Catalog,
        Metrics,
        ReadinessChecks,
        KafkaConnection,
        EventPublisher,
        DataSource,
        Inbox,
        Outbox,
        ...(options.relayOutbox ? [OutboxRelayHost] : []),
      ],
    };
  }
}

/**
 * Apps may start before Postgres accepts connections (compose, a rebooting
 * host); waiting a bounded time beats crash-looping, and a clear failure
 * after that beats waiting forever.
 */
async function connectWithRetry(dataSource: DataSource, logger: Logger, timeoutMs = 60_000): Promise<DataSource> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await dataSource.initialize();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      logger.warn({ err: error }, 'postgres not reachable yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
