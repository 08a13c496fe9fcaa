import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, type ServiceConfig, loadConfig } from '@hookline/platform/config';
import { EventPublisher, KafkaConnection, type KafkaConnectionRejected } from '@hookline/platform/kafka';
import { connectKafkaTransport, type KafkaTransportOptions } from '@hookline/platform/kafka-transport';
import { DeadLettersModule } from '@hookline/platform/dead-letters';
import { Metrics, ReadinessChecks, type Logger } from '@hookline/platform/observability';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { registerHttpMetrics } from './http-metrics';
import { type ServiceHttp, fastifyListenerOptions, serviceHttpOf, setUpServiceHttp, trustedProxiesOf } from './http/service-http';
import { checkKafkaSettings } from './kafka-settings-check';
import { NestPinoLogger } from './nest-logger';
import { ProblemDetailsFilter } from './problem-details.filter';
import { AdminTokenGuard } from './admin-token.guard';
import { ZodPipe } from './zod.pipe';
import { LOGGER } from './tokens';

export interface ServiceDefinition<Config extends ServiceConfig> {
  /** Maps the raw environment to the app's typed config; every problem is reported at once. */
  configSchema: z.ZodType<Config>;
  /** The root module for a config, usually `AppModule.register(config)`. */
  module: (config: Config) => DynamicModule;
  /** Largest request body accepted (413 beyond); 1 MiB by default. */
  bodyLimitBytes?: (config: Config) => number;
  /**
   * @deprecated An app's old trust-everything flag: true now trusts proxies on loopback and private
   * addresses only; TRUSTED_PROXIES or TRUSTED_PROXY_HOPS (every app's) name them and take precedence.
   */
  trustProxy?: (config: Config) => boolean;
  /** Routes or hooks registered directly on Fastify, outside Nest's pipeline (the ingress hot path). */
  configureHttp?: (app: NestFastifyApplication, config: Config) => void | Promise<void>;
  /** The app's consumer group: its controllers' `@EventPattern` handlers then run on Hookline's Kafka transport. */
  consumer?: ConsumerDefinition;
}

/** Declared once per app: which group its handlers form, and where a new group starts. */
export interface ConsumerDefinition {
  /** The app's entry in `consumerGroups` (libs/contracts/events): its id and the topics it reads. */
  group: KafkaTransportOptions['group'];
  /** A new group reads its topics' history first, so a fresh install catches up (default: only new events). */
  fromBeginning?: boolean;
}

/**
 * `main.ts` of every app. The process exits 1 with every config problem
 * named when the environment is wrong, and likewise when Kafka refuses its
 * login or certificate, so a bad deployment fails at once and says why (a
 * Kafka that is merely unreachable is waited for). The only place that
 * reads `process.env`.
 */
export async function runService<Config extends ServiceConfig>(definition: ServiceDefinition<Config>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(definition.configSchema, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // `main.ts --check-config` validates a deployment's environment without connecting to anything.
  if (process.argv.includes('--check-config')) {
    process.stdout.write('configuration ok\n');
    process.exit(0);
  }
  const app = await buildServiceApp(definition, config);
  const logger = app.get<Logger>(LOGGER);
  const stopping = new AbortController();
  void checkKafkaSettings({
    connection: app.get(KafkaConnection),
    logger,
    signal: stopping.signal,
    onRejected: (rejection) => exitOnRejectedKafkaSettings(rejection, logger),
  });
  await listenServiceApp(app, config.http.port, config.http.host);
  exitGracefullyOnSignal(app, logger, stopping);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const http = serviceHttpOf(app);
  const admin = http.adminAddress();
  logger.info({ port, host: config.http.host, tls: config.http.tls !== undefined, ...(admin ? { adminPort: admin.port, adminHost: admin.address } : {}) }, 'service listening');
  reloadCertificatesOnSighup(http, logger);
}

/**
 * Wrong Kafka credentials or an untrusted certificate never heal by waiting:
 * say which variable to fix, as a config error does, and exit 1 so the
 * orchestrator reports a failed start. Nothing is lost by not closing
 * gracefully: without Kafka nothing was acknowledged, and Postgres rolls
 * back whatever transaction the exit interrupts.
 */
function exitOnRejectedKafkaSettings(rejection: KafkaConnectionRejected, logger: Logger): never {
  logger.fatal({ reason: rejection.message }, 'kafka refused the connection settings, stopping');
  process.stderr.write(`${rejection.message}\n`);
  process.exit(1);
}

/**
 * The app of a service, wired but not yet listening: what `runService`
 * starts, and what an app's integration specs start in-process.
 */
export async function buildServiceApp<Config extends ServiceConfig>(
  definition: ServiceDefinition<Config>,
  config: Config,
): Promise<NestFastifyApplication> {
  const trust = trustedProxiesOf(config.http, definition.trustProxy?.(config) ?? false);
  const adapter = new FastifyAdapter({
    bodyLimit: definition.bodyLimitBytes?.(config) ?? 1024 * 1024,
    ...fastifyListenerOptions(config.http, trust.proxies),
  });
  // Nest's own body parsers are off: the one JSON parser is readEmptyJsonBodyAsEmptyObject's.
  const app = await NestFactory.create<NestFastifyApplication>(withDeadLetters(definition.module(config), definition.consumer), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  readEmptyJsonBodyAsEmptyObject(app.getHttpAdapter().getInstance());
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  if (trust.warning) logger.warn({ trustedProxies: trust.proxies }, trust.warning);
  setUpServiceHttp(app, config.http, trust.proxies, logger);
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Metrics));
  await definition.configureHttp?.(app, config);
  if (definition.consumer) {
    connectKafkaTransport(app, {
      ...definition.consumer,
      connection: app.get(KafkaConnection),
      deadLetters: app.get(EventPublisher),
      logger,
      metrics: app.get(Metrics),
      readiness: app.get(ReadinessChecks),
    });
  }
  return app;
}

/** Every consumer app keeps an index of its group's dead letters and serves the admin API over them (`/api/dead-letters`). */
function withDeadLetters(root: DynamicModule, consumer: ConsumerDefinition | undefined): DynamicModule {
  if (!consumer) return root;
  const deadLetters = DeadLettersModule.forGroup({ group: consumer.group, logger: LOGGER, adminGuard: AdminTokenGuard, validate: (schema, part) => new ZodPipe(schema, part) });
  return { ...root, imports: [...(root.imports ?? []), deadLetters] };
}

/** Starts a built app: its consumer (which joins its group in the background, see readiness) and its HTTP listeners. */
export async function listenServiceApp(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
  await serviceHttpOf(app).listenAdmin();
}

/**
 * `curl -X POST -H 'Content-Type: application/json' …/acknowledge` sends no
 * body, and every action's body is optional: Fastify's own parser answers
 * such a request 400, so an empty JSON body is read as `{}` here (and a
 * missing one in ZodPipe). Anything else goes through Fastify's parser,
 * with its prototype-poisoning checks.
 */
function readEmptyJsonBodyAsEmptyObject(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, {});
    else parseJson(request, body as string, done);
  });
}

/**
 * `kill -HUP <pid>` after renewing the certificate files puts them into
 * service without dropping a connection (files are also watched; see
 * CertificateReloader). Without TLS, SIGHUP keeps Node's default.
 */
function reloadCertificatesOnSighup(http: ServiceHttp, logger: Logger): void {
  const reload = http.reloadCertificates;
  if (!reload) return;
  process.on('SIGHUP', () => {
    logger.info({ signal: 'SIGHUP' }, 'reloading TLS certificate');
    reload();
  });
}

/**
 * SIGTERM/SIGINT: stop taking requests, run every shutdown hook (consumers
 * stop, the producer flushes, connections close), then exit 0. Nest's own
 * `enableShutdownHooks` re-raises the signal instead, so a clean stop would
 * look like a crash to whoever waits on the exit code.
 */
function exitGracefullyOnSignal(app: NestFastifyApplication, logger: Logger, stopping: AbortController): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    stopping.abort();
    logger.info({ signal }, 'stopping');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}
