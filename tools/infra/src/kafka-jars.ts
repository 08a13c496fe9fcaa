import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { INFRA_ENV_VARS } from './env-vars';
import { errorCode, errorMessage } from './errors';
import { CommandError, isCommandNotFound, isProcessAlive, runCommand } from './child-process';
import { pathExists } from './files';
import { elapsedSince } from './timing';

/** Kafka 3.9.x: kafkajs 2.2.4 needs protocol versions that Kafka 4 removed. Keep in step with kafka/pom.xml. */
export const KAFKA_VERSION = '3.9.1';

export const KAFKA_POM = resolve(__dirname, '..', 'kafka', 'pom.xml');

/** Written last, so its presence means every jar is in place. */
const MARKER_FILE = 'fetch-complete.json';
const MAVEN_TIMEOUT_MS = 15 * 60_000;

export interface KafkaJars {
  version: string;
  /** A folder of jars, used as the classpath `<libsDir>/*`. */
  libsDir: string;
}

export interface EnsureKafkaJarsOptions {
  log: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** `${HOOKLINE_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/hookline}/kafka-<version>`. */
export function kafkaJarsCacheDir(env: NodeJS.ProcessEnv = process.env, version = KAFKA_VERSION): string {
  const root = env[INFRA_ENV_VARS.cacheDir] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'hookline');
  return resolve(root, `kafka-${version}`);
}

/**
 * The Kafka broker's jars, fetched with Maven once per machine. A warm cache
 * never starts Maven: that is what keeps a normal start within seconds and
 * lets it work offline.
 */
export async function ensureKafkaJars(options: EnsureKafkaJarsOptions): Promise<KafkaJars> {
  const env = options.env ?? process.env;
  const cacheDir = kafkaJarsCacheDir(env);
  const jars: KafkaJars = { version: KAFKA_VERSION, libsDir: join(cacheDir, 'libs') };
  if (await pathExists(join(cacheDir, MARKER_FILE))) {
    options.log(`using cached Kafka ${KAFKA_VERSION} jars`);
    return jars;
  }

  options.log(`fetching Kafka ${KAFKA_VERSION} jars with Maven (once per machine)`);
  const started = Date.now();
  await removeAbandonedStaging(cacheDir);
  // Fetch into a private folder and rename it into place: an interrupted fetch
  // never looks complete, and two first runs at once cannot mix their jars.
  const staging = `${cacheDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const stagedLibs = join(staging, 'libs');
    await runMaven(stagedLibs, env);
    const fetched = (await readdir(stagedLibs)).filter((name) => name.endsWith('.jar')).sort();
    if (!fetched.includes(`kafka_2.13-${KAFKA_VERSION}.jar`)) {
      throw new Error(`Maven finished but ${stagedLibs} holds no kafka_2.13-${KAFKA_VERSION}.jar`);
    }
    await writeFile(
      join(staging, MARKER_FILE),
      JSON.stringify({ kafkaVersion: KAFKA_VERSION, fetchedAt: new Date().toISOString(), jars: fetched }, null, 2),
    );
    await moveIntoPlace(staging, cacheDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  options.log(`fetched Kafka ${KAFKA_VERSION} jars in ${elapsedSince(started)} into ${jars.libsDir}`);
  return jars;
}

async function runMaven(outputDirectory: string, env: NodeJS.ProcessEnv): Promise<void> {
  const args = [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    KAFKA_POM,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDirectory}`,
    '-DincludeScope=runtime',
    // KAFKA_VERSION is the single source of truth; the pom's default is for people running mvn by hand.
    `-Dkafka.version=${KAFKA_VERSION}`,
  ];
  try {
    await runCommand({ command: 'mvn', args, env, timeoutMs: MAVEN_TIMEOUT_MS });
  } catch (error) {
    if (isCommandNotFound(error)) {
      throw new Error(
        `Maven (mvn) was not found; it fetches the Kafka ${KAFKA_VERSION} jars once per machine. ` +
          `Install Maven 3 (e.g. \`apt-get install maven\`, \`brew install maven\`), ` +
          `or use an existing Kafka by setting ${INFRA_ENV_VARS.externalKafkaBrokers}.`,
      );
    }
    const output = error instanceof CommandError ? `\n${error.output.trim().split('\n').slice(-30).join('\n')}` : '';
    throw new Error(
      `Fetching the Kafka ${KAFKA_VERSION} jars with Maven failed (is Maven Central reachable?): ` +
        `${errorMessage(error)}${output}`,
    );
  }
}

async function moveIntoPlace(staging: string, cacheDir: string): Promise<void> {
  try {
    await rename(staging, cacheDir);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    // Another run finished first; its jars are as good as ours.
    if (await pathExists(join(cacheDir, MARKER_FILE))) return;
    // A folder without the marker is left from an older, incomplete layout.
    await rm(cacheDir, { recursive: true, force: true });
    await rename(staging, cacheDir);
  }
}

/** Staging folders of runs that died mid-fetch; 46 MB each, so worth a look. */
async function removeAbandonedStaging(cacheDir: string): Promise<void> {
  const parent = resolve(cacheDir, '..');
  const prefix = `${cacheDir.slice(parent.length + 1)}.partial-`;
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (Number.isInteger(pid) && !isProcessAlive(pid)) await rm(join(parent, entry), { recursive: true, force: true });
  }
}
