// `npm test`: lint and type-check every project, start Kafka and Postgres once
// (fresh data), create the topics, migrate, then one Jest run over every spec
// in apps/, libs/, tools/ and test/. Ends with `tests: N passed, N failed,
// N skipped` from Jest's own JSON results; exits non-zero on any failure.
// Extra arguments go to Jest: `npm test -- libs/platform/kafka`.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startInfrastructure } from '@hookline/infra';
import { createLogger } from '@hookline/platform/observability';
import { infrastructureOverrides, loadLauncherConfig } from './launcher-config';
import { repoRoot } from './node-process';
import { createTopics, migrateAll } from './pipeline';

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

const say = (message: string) => console.log(`hookline test: ${message}`);

function step(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  say(`${name}…`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  say(`${name} ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

async function main(): Promise<number> {
  const config = loadLauncherConfig(process.env);
  const jestArgs = process.argv.slice(2);
  const checks: Record<string, boolean> = {};
  // A run narrowed to some specs (`npm test -- path`) skips the whole-repo checks.
  if (jestArgs.length === 0) {
    checks['lint'] = step('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']);
    checks['typecheck'] = step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  }

  // HOOKLINE_TEST_DATA_DIR lets two runs on one machine (say, two worktrees) keep apart.
  const dataDir = process.env['HOOKLINE_TEST_DATA_DIR'] ?? join(repoRoot, '.hookline', 'test');
  // Every run starts from empty logs, so a spec reading a log sees only this run.
  rmSync(join(dataDir, 'logs'), { recursive: true, force: true });
  const infraStarted = Date.now();
  const infrastructure = await startInfrastructure({
    dataDir,
    fresh: true,
    ...infrastructureOverrides(config),
    log: say,
  });
  const resultsFile = join(dataDir, 'jest-results.json');
  try {
    const logger = createLogger({ service: 'launcher', level: 'warn' });
    await createTopics(infrastructure.kafkaBrokers, 3, logger);
    await migrateAll({ databaseUrl: infrastructure.databaseUrl, logDir: join(dataDir, 'logs') });
    say(`infrastructure ready in ${((Date.now() - infraStarted) / 1000).toFixed(1)} s`);
    rmSync(resultsFile, { force: true });
    // --forceExit: a client socket a spec forgot to close must not hang the whole run (CI has a hard limit).
    step('jest', 'npx', ['jest', '--json', '--forceExit', `--outputFile=${resultsFile}`, ...jestArgs], {
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
      DATABASE_URL: infrastructure.databaseUrl,
      HOOKLINE_TEST_DATA_DIR: dataDir,
    });
  } finally {
    await infrastructure.stop();
  }

  const failedChecks = Object.entries(checks).filter(([, passed]) => !passed).map(([name]) => name);
  if (failedChecks.length > 0) say(`failed checks: ${failedChecks.join(', ')}`);
  let results: JestResults;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  } catch {
    console.log('tests: 0 passed, 1 failed (jest produced no results)');
    return 1;
  }
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(`tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
  return failed === 0 && failedChecks.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('tests: 0 passed, 1 failed (the test run could not start)');
    process.exit(1);
  },
);
