// `npm start`: Kafka and Postgres (local, or the ones KAFKA_BROKERS /
// DATABASE_URL name), topics, migrations, the five apps; runs until Ctrl-C
// and then stops everything it started.
import { join, resolve } from 'node:path';
import { assertPortFree, startInfrastructure } from '@hookline/infra';
import { ConfigError } from '@hookline/platform/config';
import { createLogger } from '@hookline/platform/observability';
import { infrastructureOverrides, loadLauncherConfig } from './launcher-config';
import { listenerLine, loadListenerLayout } from './listener-layout';
import { repoRoot } from './node-process';
import { type ResolvedSecrets, resolveLocalSecrets, secretVariables, type SecretName } from './local-secrets';
import { consecutivePorts, createTopics, migrateAll, startPipeline } from './pipeline';
import { type ServiceName, services } from './services';

/** `--only correlator,ledger` (what `nx serve <app>` passes): start just those apps on the local stack. */
function onlyServices(argv: readonly string[]): ServiceName[] {
  const index = argv.indexOf('--only');
  if (index === -1) return services.map((service) => service.name);
  const names = (argv[index + 1] ?? '').split(',').filter(Boolean);
  const known = services.map((service) => service.name as string);
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes app names from ${known.join(', ')}${unknown.length > 0 ? `; not an app: ${unknown.join(', ')}` : ''}`);
  }
  return names as ServiceName[];
}

async function main(): Promise<void> {
  const config = loadLauncherConfig(process.env);
  const listeners = loadListenerLayout(process.env, config.HOOKLINE_BASE_PORT);
  const logger = createLogger({ service: 'launcher', level: 'warn' });
  const dataDir = resolve(repoRoot, config.HOOKLINE_DATA_DIR);
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
    const only = onlyServices(process.argv.slice(2));
    const infrastructure = await startInfrastructure({
      dataDir,
      fresh: false,
      ...infrastructureOverrides(config),
      log: say,
    });
    stops.push(() => infrastructure.stop());
    const created = await createTopics(infrastructure.kafkaBrokers, config.HOOKLINE_TOPIC_PARTITIONS, logger, infrastructure.kafkaSecurity, config.KAFKA_TOPIC_PREFIX);
    if (created.length > 0) say(`created topics: ${created.join(', ')}`);
    const resolved = resolveLocalSecrets(dataDir, process.env);
    const localPostgres = config.DATABASE_URL === undefined;
    const environment = {
      kafkaBrokers: infrastructure.kafkaBrokers,
      databaseUrl: infrastructure.databaseUrl,
      logDir: join(dataDir, 'logs'),
      logLevel: config.LOG_LEVEL,
      secrets: resolved.secrets,
      listeners,
    };
    // A generated analyst password goes only to the Postgres we started: on a server someone else runs,
    // the analyst role's login is theirs to set (LEDGER_ANALYST_PASSWORD).
    const setsAnalystPassword = localPostgres || resolved.fromEnvironment.has('analystPassword');
    await migrateAll({ ...environment, analystPassword: setsAnalystPassword ? resolved.secrets.analystPassword : undefined });
    say('migrations applied');
    const ports = consecutivePorts(config.HOOKLINE_BASE_PORT);
    await Promise.all(only.map((service) => assertPortFree({ port: ports[service], service, envVar: 'HOOKLINE_BASE_PORT' })));
    const pipeline = await startPipeline(environment, ports, undefined, only);
    stops.push(() => pipeline.stop());

    const ingress = pipeline.urlOf('ingress');
    const ingressAdmin = pipeline.services.find((service) => service.name === 'ingress')?.adminUrl;
    say('ready');
    console.log(
      [
        '',
        ...pipeline.services.map(listenerLine),
        '',
        ...(only.includes('ingress') ? [`  send webhooks to   ${ingress}/webhooks/<integration-id>`] : []),
        ...(only.includes('status-page') ? [`  status page        ${pipeline.urlOf('status-page')}/`] : []),
        `  admin API token    ${shown(resolved, 'adminToken')}   (Authorization: Bearer …)`,
        `  new integration    ${ingressAdmin ? `HOOKLINE_URL=${ingressAdmin} ` : ''}npx hookline integrations create --source alertmanager --name prod   (prints the sender's configuration)`,
        `  kafka              ${infrastructure.kafkaBrokers.join(',')}`,
        `  postgres (owner)   ${infrastructure.databaseUrl}`,
        setsAnalystPassword
          ? `  analyst (ledger)   psql "${analystUrl(infrastructure.databaseUrl, resolved)}"   (read-only)`
          : `  analyst (ledger)   role ${ANALYST_ROLE}: set LEDGER_ANALYST_PASSWORD to give it a login on this server`,
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

/** The ledger's read-only role (apps/ledger/src/analysts/analyst-role.ts), which the ledger's migration step creates. */
const ANALYST_ROLE = 'hookline_analyst';

/** A generated secret is printed (it is the user's only way to learn it); one the user set is named, not echoed. */
function shown(resolved: ResolvedSecrets, name: SecretName): string {
  return resolved.fromEnvironment.has(name) ? `from ${secretVariables[name]}` : `${resolved.secrets[name]}   (kept in ${resolved.file})`;
}

function analystUrl(databaseUrl: string, resolved: ResolvedSecrets): string {
  const url = new URL(databaseUrl);
  url.username = ANALYST_ROLE;
  url.password = resolved.fromEnvironment.has('analystPassword') ? '$LEDGER_ANALYST_PASSWORD' : resolved.secrets.analystPassword;
  return url.toString().replace('%24LEDGER_ANALYST_PASSWORD', '$LEDGER_ANALYST_PASSWORD');
}

void main();
