// `npm test`: check that the install left the clone clean, lint and type-check
// every project, install the programs only tests need (chromium, amtool),
// start Kafka and Postgres once (fresh data), create the topics, migrate,
// then one Jest run over every spec in apps/, libs/, tools/ and test/. Ends
// with `tests: N passed, N failed, N skipped` from Jest's own JSON results;
// exits non-zero on any failure. Extra arguments go to Jest:
// `npm test -- libs/platform/kafka` (the whole-repo checks are then skipped).
// `--unit` first runs the unit tier alone, starting nothing (`npm run test:unit`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfrastructure } from '@hookline/infra';
import { createLogger } from '@hookline/platform/observability';
import { createTestDatabaseTemplate, saslSslKafkaEnv } from '@hookline/testing';
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

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = { ...process.env }): boolean {
  say(`${name}…`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  say(`${name} ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

/** `git status` of the tracked files (empty outside a git checkout, e.g. a Docker build context). */
function changedTrackedFiles(): string {
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : '';
}

/** The install step (tools/bootstrap/ensure-deps.mjs) names the tracked files it rewrote; each must match the commit again. */
function installLeftCloneClean(): boolean {
  let rewritten: string[];
  try {
    // Written by ensure-deps.mjs (rewrittenByInstallFile), which, being plain Node that runs first, cannot share this module.
    rewritten = JSON.parse(readFileSync(join(repoRoot, 'node_modules', '.hookline-rewritten-by-install.json'), 'utf8')) as string[];
  } catch {
    return true;
  }
  const stillDifferent = rewritten.filter((file) => spawnSync('git', ['diff', '--quiet', 'HEAD', '--', file], { cwd: repoRoot }).status === 1);
  if (stillDifferent.length > 0) {
    say(`npm install rewrote ${stillDifferent.join(', ')} on this machine: a fresh clone would be dirty after its first run; commit the file`);
  }
  return stillDifferent.length === 0;
}

function runChangedNoTrackedFile(before: string): boolean {
  const after = changedTrackedFiles();
  if (after !== before) say(`the run changed tracked files:\n${after}`);
  return after === before;
}

async function main(): Promise<number> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === '--unit') return runUnitTier(rest);
  const config = loadLauncherConfig(process.env);
  const jestArgs = process.argv.slice(2);
  const checks: Record<string, boolean> = {};
  // A run narrowed to some specs (`npm test -- path`) skips the whole-repo checks.
  const trackedAtStart = changedTrackedFiles();
  if (jestArgs.length === 0) {
    checks['install left the clone clean'] = installLeftCloneClean();
    checks['lint'] = step('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']);
    checks['typecheck'] = step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  }
  // Chromium and amtool: only the tests need them, so only `npm test` installs them.
  step('test programs', process.execPath, [join(repoRoot, 'tools', 'bootstrap', 'test-packages.mjs')]);

  // HOOKLINE_TEST_DATA_DIR lets two runs on one machine (say, two worktrees) keep apart.
  const dataDir = process.env['HOOKLINE_TEST_DATA_DIR'] ?? join(repoRoot, '.hookline', 'test');
  // Every run starts from empty logs, so a spec reading a log sees only this run.
  rmSync(join(dataDir, 'logs'), { recursive: true, force: true });
  const infraStarted = Date.now();
  const infrastructure = await startInfrastructure({
    dataDir,
    fresh: true,
    ...infrastructureOverrides(config),
    // For the specs of Kafka's TLS and SASL; every other spec keeps the plaintext listener.
    secureKafkaListener: true,
    log: say,
  });
  const resultsFile = join(dataDir, 'jest-results.json');
  let stopTemplate: (() => Promise<void>) | undefined;
  try {
    const logger = createLogger({ service: 'launcher', level: 'warn' });
    await createTopics(infrastructure.kafkaBrokers, 3, logger, infrastructure.kafkaSecurity);
    await migrateAll({ databaseUrl: infrastructure.databaseUrl, logDir: join(dataDir, 'logs') });
    // What the specs copy a database of their own from (createTestDatabase), so they can run in parallel.
    const template = await createTestDatabaseTemplate(infrastructure.databaseUrl);
    stopTemplate = template.drop;
    say(`infrastructure ready in ${((Date.now() - infraStarted) / 1000).toFixed(1)} s`);
    rmSync(resultsFile, { force: true });
    // --forceExit: a client socket a spec forgot to close must not hang the whole run (CI has a hard limit).
    step('jest', 'npx', ['jest', '--json', '--forceExit', `--outputFile=${resultsFile}`, ...jestArgs], {
      ...process.env,
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
      DATABASE_URL: infrastructure.databaseUrl,
      HOOKLINE_TEST_DATA_DIR: dataDir,
      ...(infrastructure.kafkaSaslSsl ? saslSslKafkaEnv(infrastructure.kafkaSaslSsl) : {}),
      ...template.env,
    });
  } finally {
    // Matters on an external Postgres only: a local one is wiped by the next run.
    await stopTemplate?.().catch((error: unknown) => say(`could not drop the test database template: ${(error as Error).message}`));
    await infrastructure.stop();
  }

  // In CI only: on a developer's machine, files edited while the suite runs are not the suite's doing.
  if (jestArgs.length === 0 && process.env['CI']) checks['the run changed no tracked file'] = runChangedNoTrackedFile(trackedAtStart);
  return summarise(resultsFile, checks);
}

/**
 * `npm run test:unit [-- path]`: the unit tier alone, the developer's fast
 * loop. Nothing is started, and the infrastructure variables are withheld,
 * so a spec that needs Kafka or Postgres fails naming the tier it belongs to.
 */
function runUnitTier(jestArgs: string[]): number {
  const resultsFile = join(tmpdir(), `hookline-unit-${process.pid}.json`);
  const { KAFKA_BROKERS: _kafka, DATABASE_URL: _database, HOOKLINE_TEST_DATA_DIR: _data, ...env } = process.env;
  step('jest (unit tier)', 'npx', ['jest', '--selectProjects', 'unit', '--json', `--outputFile=${resultsFile}`, ...jestArgs], env);
  try {
    return summarise(resultsFile, {});
  } finally {
    rmSync(resultsFile, { force: true });
  }
}

/** The one closing line, from Jest's own results, and the exit code (failed checks fail the run too). */
function summarise(resultsFile: string, checks: Record<string, boolean>): number {
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
