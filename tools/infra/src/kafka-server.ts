import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { saslMechanisms } from '@hookline/platform/config';
import { CommandError, describeExit, runCommand, spawnSupervised, type SupervisedProcess } from './child-process';
import { errorMessage } from './errors';
import type { JavaRuntime } from './java-runtime';
import type { KafkaJars } from './kafka-jars';
import { fileSize, pathExists, readSince, tailOf } from './files';
import { acceptsConnections, LOOPBACK } from './ports';
import { elapsedSince, pollUntil } from './timing';

/** Logged by KafkaRaftServer once broker and controller both serve requests. */
const STARTED_LINE = 'Kafka Server started';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const NODE_ID = 1;
const ERROR_LINE = /^\[[^\]]+\] (ERROR|FATAL) /;
/** A stack trace's headline, e.g. `Caused by: java.net.BindException: Address already in use`. */
const EXCEPTION_LINE = /^(Caused by: )?[a-z][\w$]*(\.[\w$]+)+(Exception|Error)\b/;

export interface KafkaServerOptions {
  java: JavaRuntime;
  jars: KafkaJars;
  /** Root data folder; Kafka uses `kafka/` (its log.dirs), `config/kafka*` and `logs/kafka*` inside it. */
  dataDir: string;
  fresh: boolean;
  port: number;
  controllerPort: number;
  /** A second client listener with TLS and SASL beside the plaintext one (tests only: its logins are made at format time). */
  secureListener?: SecureListenerOptions;
  log: (message: string) => void;
}

/** A SASL_SSL listener offering PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, all for the same login. */
export interface SecureListenerOptions {
  port: number;
  certificatePem: string;
  /** Unencrypted PKCS#8, as Kafka's PEM key store reads it without a key password. */
  keyPem: string;
  login: { username: string; password: string };
}

/** Every mechanism a Hookline app can use (KAFKA_SASL_MECHANISM), spelled as Kafka's configs spell them. */
const SECURE_LISTENER_MECHANISMS = saslMechanisms.map((mechanism) => mechanism.toUpperCase());

export interface RunningKafka {
  brokers: string[];
  /** The secure listener's address, when one was asked for. */
  secureBrokers?: string[];
  stop(): Promise<void>;
}

interface KafkaPaths {
  logDir: string;
  serverProperties: string;
  log4jProperties: string;
  logFile: string;
  stdoutFile: string;
}

export function kafkaPaths(dataDir: string): KafkaPaths {
  return {
    logDir: join(dataDir, 'kafka'),
    serverProperties: join(dataDir, 'config', 'kafka-server.properties'),
    log4jProperties: join(dataDir, 'config', 'kafka-log4j.properties'),
    logFile: join(dataDir, 'logs', 'kafka.log'),
    stdoutFile: join(dataDir, 'logs', 'kafka-stdout.log'),
  };
}

/** A single-node KRaft Kafka (broker and controller in one JVM) on loopback; resolves when it accepts clients. */
export async function startKafkaServer(options: KafkaServerOptions): Promise<RunningKafka> {
  const started = Date.now();
  const paths = kafkaPaths(options.dataDir);
  if (options.secureListener && !options.fresh) {
    // SCRAM logins are written when the storage is formatted, which a kept data folder is not.
    throw new Error('a secure Kafka listener needs fresh storage');
  }
  if (options.fresh) {
    await Promise.all([paths.logDir, paths.logFile, paths.stdoutFile].map((path) => rm(path, { recursive: true, force: true })));
  }
  await Promise.all([paths.logDir, join(options.dataDir, 'config'), join(options.dataDir, 'logs')].map((dir) => mkdir(dir, { recursive: true })));
  // Rewritten on every start: ports may change between runs, and the data does not depend on them.
  // Owner-only: with a secure listener it holds a private key and a login.
  await writeFile(paths.serverProperties, serverProperties(options, paths), { mode: 0o600 });
  await writeFile(paths.log4jProperties, log4jProperties(paths.logFile));

  if (!(await pathExists(join(paths.logDir, 'meta.properties')))) {
    options.log('formatting Kafka storage');
    await formatStorage(options, paths);
  }

  const logOffset = await fileSize(paths.logFile);
  const server = await spawnSupervised({
    name: 'Kafka',
    command: options.java.executable,
    args: [...jvmArgs(options, paths, '-Xms256m', '-Xmx768m'), 'kafka.Kafka', paths.serverProperties],
    outputFile: paths.stdoutFile,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: STOP_TIMEOUT_MS,
  });

  try {
    await waitUntilReady(server, options.port, paths, logOffset);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const secureBrokers = options.secureListener ? [`${LOOPBACK}:${options.secureListener.port}`] : undefined;
  options.log(
    `Kafka ${options.jars.version} ready on ${LOOPBACK}:${options.port}${secureBrokers ? ` (SASL_SSL on ${secureBrokers.join(',')})` : ''} in ${elapsedSince(started)}`,
  );
  return {
    brokers: [`${LOOPBACK}:${options.port}`],
    ...(secureBrokers ? { secureBrokers } : {}),
    stop: () => server.stop(),
  };
}

function serverProperties(options: KafkaServerOptions, paths: KafkaPaths): string {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@${LOOPBACK}:${options.controllerPort}`,
    listeners: `PLAINTEXT://${LOOPBACK}:${options.port},CONTROLLER://${LOOPBACK}:${options.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${options.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': paths.logDir,
    // Topics are created by their owners, so a misspelt topic fails instead of silently appearing.
    'auto.create.topics.enable': false,
    // One broker: every internal topic can have one replica only.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'min.insync.replicas': 1,
    // The defaults (50 each) make the first consumer group or transaction wait for 50 partitions to be created.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.num.partitions': 10,
    // Tests join and leave groups constantly; the default 3 s delay would be paid on every join.
    'group.initial.rebalance.delay.ms': 0,
    'num.partitions': 1,
    ...(options.secureListener ? secureListenerSettings(options, options.secureListener) : {}),
  };
  return (
    '# Written by tools/infra on every start; edits are overwritten.\n' +
    Object.entries(settings)
      .map(([key, value]) => `${key}=${escapePropertyValue(String(value))}`)
      .join('\n') +
    '\n'
  );
}

/** Adds the SASL_SSL listener; the plaintext one stays the inter-broker and everyday client listener. */
function secureListenerSettings(options: KafkaServerOptions, secure: SecureListenerOptions): Record<string, string> {
  const plain = `PLAINTEXT://${LOOPBACK}:${options.port}`;
  const sasl = `SASL_SSL://${LOOPBACK}:${secure.port}`;
  const prefix = 'listener.name.sasl_ssl';
  const { username, password } = secure.login;
  return {
    listeners: `${plain},${sasl},CONTROLLER://${LOOPBACK}:${options.controllerPort}`,
    'advertised.listeners': `${plain},${sasl}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    [`${prefix}.sasl.enabled.mechanisms`]: SECURE_LISTENER_MECHANISMS.join(','),
    [`${prefix}.plain.sasl.jaas.config`]: `org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";`,
    [`${prefix}.scram-sha-256.sasl.jaas.config`]: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    [`${prefix}.scram-sha-512.sasl.jaas.config`]: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    // PEM inline: no keytool run and no key store password to invent (KIP-651).
    [`${prefix}.ssl.keystore.type`]: 'PEM',
    [`${prefix}.ssl.keystore.certificate.chain`]: secure.certificatePem.trim(),
    [`${prefix}.ssl.keystore.key`]: secure.keyPem.trim(),
  };
}

/** `--add-scram` arguments: the SCRAM logins go into the metadata log when it is formatted, so no admin tool runs after start. */
function scramLogins(secure: SecureListenerOptions | undefined): string[] {
  if (!secure) return [];
  const { username, password } = secure.login;
  return SECURE_LISTENER_MECHANISMS.filter((mechanism) => mechanism.startsWith('SCRAM-')).flatMap((mechanism) => [
    '--add-scram',
    `${mechanism}=[name=${username},password=${password}]`,
  ]);
}

function log4jProperties(logFile: string): string {
  return [
    '# Written by tools/infra on every start; edits are overwritten.',
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    `log4j.appender.file.File=${escapePropertyValue(logFile)}`,
    'log4j.appender.file.MaxFileSize=20MB',
    'log4j.appender.file.MaxBackupIndex=2',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    // Per-request and per-partition chatter that drowns the lines worth reading.
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.kafka.log.LogCleaner=WARN',
    '',
  ].join('\n');
}

function jvmArgs(options: KafkaServerOptions, paths: KafkaPaths, ...heap: string[]): string[] {
  return [
    ...heap,
    // The C1 compiler only: a local broker is young (a test run, a benchmark, a
    // developer's afternoon), and for its first minutes C2 compiles the broker's hot
    // paths on the cores the apps need: half the broker's CPU in a benchmark storm.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=${pathToFileURL(paths.log4jProperties).href}`,
    '-cp',
    // The JVM expands `dir/*` itself; no shell is involved.
    join(options.jars.libsDir, '*'),
  ];
}

async function formatStorage(options: KafkaServerOptions, paths: KafkaPaths): Promise<void> {
  try {
    await runCommand({
      command: options.java.executable,
      args: [
        ...jvmArgs(options, paths, '-Xmx256m'),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        newClusterId(),
        '-c',
        paths.serverProperties,
        ...scramLogins(options.secureListener),
      ],
      timeoutMs: 60_000,
    });
  } catch (error) {
    const output = error instanceof CommandError ? `\n${error.output.trim()}` : '';
    throw new Error(`Formatting Kafka storage in ${paths.logDir} failed: ${errorMessage(error)}${output}`);
  }
}

/** 16 random bytes, base64url without padding, the form Kafka's own Uuid prints. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka never hands out ids starting with '-': the CLI would read them as an option.
    if (!id.startsWith('-')) return id;
  }
}

async function waitUntilReady(server: SupervisedProcess, port: number, paths: KafkaPaths, logOffset: number): Promise<void> {
  const ready = await pollUntil(
    async () => {
      if (server.hasExited()) {
        const exit = await server.exited;
        throw new Error(`Kafka exited during start-up (${describeExit(exit)}).${await startupDiagnostics(paths, logOffset)}`);
      }
      const started = (await readSince(paths.logFile, logOffset)).includes(STARTED_LINE);
      return started && (await acceptsConnections(LOOPBACK, port)) ? true : undefined;
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 200 },
  );
  if (!ready) {
    throw new Error(
      `Kafka did not become ready on ${LOOPBACK}:${port} within ${READY_TIMEOUT_MS / 1000} s.${await startupDiagnostics(paths, logOffset)}`,
    );
  }
}

/**
 * The first errors of this run, then the log's tail: a failed start ends in
 * pages of orderly shutdown, far below the line that says why.
 */
async function startupDiagnostics(paths: KafkaPaths, logOffset: number): Promise<string> {
  const [thisRun, log, stdout] = await Promise.all([readSince(paths.logFile, logOffset), tailOf(paths.logFile), tailOf(paths.stdoutFile)]);
  const errors = [...new Set(thisRun.split('\n').filter((line) => ERROR_LINE.test(line) || EXCEPTION_LINE.test(line)))].slice(0, 10);
  return (
    (errors.length > 0 ? `\n--- first errors in ${paths.logFile} ---\n${errors.join('\n')}` : '') +
    (log ? `\n--- last lines of ${paths.logFile} ---\n${log}` : '') +
    (stdout ? `\n--- last lines of ${paths.stdoutFile} ---\n${stdout}` : '')
  );
}

/** Java properties treat backslashes as escapes (only Windows paths contain them), and a value ends at a newline (PEM values span lines). */
function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
