// `npm start`: Kafka and Postgres (local, or the ones KAFKA_BROKERS /
// DATABASE_URL name), topics, migrations, the five apps; runs until Ctrl-C
// and then stops everything it started.
import { join } from 'node:path';
import { assertPortFree, startInfrastructure } from '@hookline/infra';
import { ConfigError } from '@hookline/platform/config';
import { createLogger } from '@hookline/platform/observability';
import { infrastructureOverrides, loadLauncherConfig } from './launcher-config';
import { repoRoot } from './node-process';
import { loadOrCreateLocalSecrets } from './local-secrets';
import { consecutivePorts, createTopics, migrateAll, startPipeline } from './pipeline';

async function main(): Promise<void> {
  const config = loadLauncherConfig(process.env);
  const logger = createLogger({ service: 'launcher', level: 'warn' });
  const dataDir = join(repoRoot, '.hookline', 'dev');
  const say = (message: string) => console.log(`hookline: ${message}`);

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const infrastructure = await startInfrastructure({
      dataDir,
      fresh: false,
      ...infrastructureOverrides(config),
      log: say,
    });
    stops.push(() => infrastructure.stop());
    const created = await createTopics(infrastructure.kafkaBrokers, config.HOOKLINE_TOPIC_PARTITIONS, logger);
    if (created.length > 0) say(`created topics: ${created.join(', ')}`);
    const environment = {
      kafkaBrokers: infrastructure.kafkaBrokers,
      databaseUrl: infrastructure.databaseUrl,
      logDir: join(dataDir, 'logs'),
      logLevel: config.LOG_LEVEL,
      secrets: loadOrCreateLocalSecrets(dataDir),
    };
    await migrateAll(environment);
    say('migrations applied');
    const ports = consecutivePorts(config.HOOKLINE_BASE_PORT);
    await Promise.all(
      Object.entries(ports).map(([service, port]) => assertPortFree({ port, service, envVar: 'HOOKLINE_BASE_PORT' })),
    );
    const pipeline = await startPipeline(environment, ports);
    stops.push(() => pipeline.stop());

    const ingress = pipeline.urlOf('ingress');
    say('ready');
    console.log(
      [
        '',
        ...pipeline.services.map((service) => `  ${service.name.padEnd(12)} ${service.url}   (/healthz /readyz /metrics)`),
        '',
        `  send webhooks to   ${ingress}/webhooks/<integration-id>`,
        `  status page        ${pipeline.urlOf('status-page')}/`,
        `  admin API token    ${environment.secrets.adminToken}   (Authorization: Bearer …; kept in ${join(dataDir, 'secrets.json')})`,
        `  new integration    curl -X POST ${ingress}/api/integrations -H "Authorization: Bearer ${environment.secrets.adminToken}" \\`,
        `                       -H 'Content-Type: application/json' -d '{"name":"prod","source":"alertmanager","auth":{"scheme":"bearer"}}'`,
        `  kafka              ${infrastructure.kafkaBrokers.join(',')}`,
        `  postgres           ${infrastructure.databaseUrl}`,
        `  logs               ${environment.logDir}`,
        '',
        '  Ctrl-C stops everything.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `hookline: ${(error as Error).message}`);
    await stopAll(1);
  }
}

void main();
