import { join } from 'node:path';
import { INFRA_ENV_VARS } from './env-vars';
import { CommandError, isCommandNotFound, runCommand } from './child-process';
import { errorMessage } from './errors';

/** Kafka 3.9 brokers need Java 11 or newer. */
const MINIMUM_JAVA_MAJOR = 11;

export interface JavaRuntime {
  /** The executable to start, honouring JAVA_HOME like Kafka's own scripts do. */
  executable: string;
  major: number;
}

export async function requireJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime> {
  const executable = env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : 'java';
  let output: string;
  try {
    ({ output } = await runCommand({ command: executable, args: ['-version'], env, timeoutMs: 30_000 }));
  } catch (error) {
    if (isCommandNotFound(error)) throw new Error(javaMissing(executable));
    const detail = error instanceof CommandError ? error.output : errorMessage(error);
    throw new Error(`${executable} -version failed: ${detail}`);
  }
  const major = javaMajorVersion(output);
  if (major === undefined || major < MINIMUM_JAVA_MAJOR) {
    throw new Error(
      `The local Kafka needs Java ${MINIMUM_JAVA_MAJOR} or newer (17 recommended), but ${executable} reports: ` +
        `${output.split('\n')[0] ?? output}. Install a newer JDK or point JAVA_HOME at one.`,
    );
  }
  return { executable, major };
}

/** Parses `java -version` output: `version "17.0.15"` is 17, the old `version "1.8.0_392"` is 8. */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

function javaMissing(executable: string): string {
  return (
    `Java was not found (${executable}); the local Kafka runs on it. Install Java 17 ` +
    `(e.g. \`apt-get install openjdk-17-jre-headless\`, \`brew install openjdk@17\`) or set JAVA_HOME, ` +
    `or use an existing Kafka by setting ${INFRA_ENV_VARS.externalKafkaBrokers}.`
  );
}
