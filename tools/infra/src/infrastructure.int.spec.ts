import { createServer, Socket, type Server } from 'node:net';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startInfrastructure, type RunningInfrastructure } from './infrastructure';
import { eventually, isRunning, listProcesses, processTree } from './test-support/process-table';

// Starting Kafka and Postgres costs seconds (and a Maven fetch on a machine's
// first run), so this file starts them once and every test shares that start.
const FIRST_START_TIMEOUT_MS = 10 * 60_000;

describe('startInfrastructure', () => {
  let dataDir: string;
  const logged: string[] = [];
  const log = (message: string): void => void logged.push(message);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-infra-spec-'));
    // As root, Postgres runs as the postgres OS user, which must be able to enter this folder.
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('with a fixed port that is taken', () => {
    let occupier: Server;
    let takenPort: number;

    beforeAll(async () => {
      occupier = createServer();
      await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
      const address = occupier.address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      takenPort = address.port;
    });

    afterAll(async () => {
      await new Promise((resolve) => occupier.close(resolve));
    });

    it('fails naming the Kafka port and HOOKLINE_KAFKA_PORT, before starting anything', async () => {
      const failedDataDir = join(dataDir, 'taken-kafka-port');

      await expect(startInfrastructure({ dataDir: failedDataDir, fresh: true, kafkaPort: takenPort, log })).rejects.toThrow(
        new RegExp(`Kafka port ${takenPort} is already in use.*HOOKLINE_KAFKA_PORT`),
      );
      await expect(readdir(failedDataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('fails naming the Postgres port and HOOKLINE_POSTGRES_PORT', async () => {
      await expect(
        startInfrastructure({ dataDir: join(dataDir, 'taken-postgres-port'), fresh: true, postgresPort: takenPort, log }),
      ).rejects.toThrow(new RegExp(`Postgres port ${takenPort} is already in use.*HOOKLINE_POSTGRES_PORT`));
    });
  });

  describe('started fresh', () => {
    let infra: RunningInfrastructure;
    let kafkaPid: number;
    let postgresPids: number[];
    let watchdogPids: number[];

    beforeAll(async () => {
      infra = await startInfrastructure({ dataDir, fresh: true, log });
      const processes = listProcesses();
      kafkaPid = onlyPid(processes.filter((p) => p.args.includes('kafka.Kafka') && p.args.some((arg) => arg.startsWith(dataDir))));
      const postmaster = onlyPid(processes.filter((p) => p.args.includes('-D') && p.args.includes(join(dataDir, 'postgres'))));
      postgresPids = processTree(postmaster, processes);
      watchdogPids = processes
        .filter((p) => p.args.includes('hookline-watchdog') && [kafkaPid, postmaster].map(String).some((pid) => p.args.includes(pid)))
        .map((p) => p.pid);
    }, FIRST_START_TIMEOUT_MS);

    afterAll(async () => {
      await infra?.stop();
    });

    it('returns a loopback Kafka that answers the Kafka protocol', async () => {
      expect(infra.kafkaBrokers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
      const [host, port] = (infra.kafkaBrokers[0] ?? '').split(':');

      const apiKeys = await kafkaApiVersions(host ?? '', Number(port));

      const produce = apiKeys.find((api) => api.key === 0);
      expect(produce?.max).toBeGreaterThanOrEqual(3);
    });

    it('returns a Postgres URL whose database answers SELECT 1', async () => {
      expect(infra.databaseUrl).toMatch(/^postgres:\/\/hookline:hookline@127\.0\.0\.1:\d+\/hookline$/);
      const client = new Client({ connectionString: infra.databaseUrl });
      await client.connect();
      try {
        const result = await client.query<{ one: number; db: string }>('SELECT 1 AS one, current_database() AS db');
        expect(result.rows).toEqual([{ one: 1, db: 'hookline' }]);
      } finally {
        await client.end();
      }
    });

    it('refuses a second infrastructure on the same data folder', async () => {
      await expect(startInfrastructure({ dataDir, fresh: true, log })).rejects.toThrow(
        `${dataDir} is in use by another Hookline infrastructure`,
      );
    });

    it('uses external servers as given, without starting or stopping anything', async () => {
      const external = await startInfrastructure({
        dataDir: join(dataDir, 'external'),
        fresh: true,
        externalKafkaBrokers: infra.kafkaBrokers.join(','),
        externalDatabaseUrl: infra.databaseUrl,
        log,
      });
      await external.stop();

      expect(external).toMatchObject({ kafkaBrokers: infra.kafkaBrokers, databaseUrl: infra.databaseUrl });
      expect(isRunning(kafkaPid)).toBe(true);
      expect(postgresPids.every(isRunning)).toBe(true);
    });

    it('logs how long the start took', () => {
      expect(logged).toContainEqual(expect.stringMatching(/^infrastructure ready in \d+\.\d s$/));
    });

    it('stops every process it started, and a second stop is harmless', async () => {
      expect(isRunning(kafkaPid)).toBe(true);
      expect(postgresPids.length).toBeGreaterThan(1);
      expect(watchdogPids).toHaveLength(2);

      await infra.stop();
      await infra.stop();

      const leftovers = [kafkaPid, ...postgresPids, ...watchdogPids].filter(isRunning);
      // Postgres workers leave a moment after the postmaster reports its shutdown.
      expect(await eventually(() => leftovers.every((pid) => !isRunning(pid)))).toBe(true);
    });
  });
});

function onlyPid(matches: { pid: number }[]): number {
  if (matches.length !== 1 || !matches[0]) throw new Error(`expected one process, found ${matches.length}`);
  return matches[0].pid;
}

interface ApiVersion {
  key: number;
  min: number;
  max: number;
}

/** ApiVersions v0 by hand: the spec proves a Kafka broker answers, without the kafkajs client this lib may not import. */
async function kafkaApiVersions(host: string, port: number): Promise<ApiVersion[]> {
  const clientId = Buffer.from('hookline-infra-spec');
  const header = Buffer.alloc(10);
  header.writeInt16BE(18, 0); // ApiVersions
  header.writeInt16BE(0, 2); // version 0
  header.writeInt32BE(4242, 4); // correlation id
  header.writeInt16BE(clientId.length, 8);
  const request = Buffer.concat([header, clientId]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(request.length);

  const response = await new Promise<Buffer>((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no ApiVersions response within 5 s')));
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.end();
        resolve(received.subarray(4));
      }
    });
    socket.connect(port, host, () => socket.write(Buffer.concat([size, request])));
  });

  expect(response.readInt32BE(0)).toBe(4242);
  expect(response.readInt16BE(4)).toBe(0); // error code NONE
  const count = response.readInt32BE(6);
  return Array.from({ length: count }, (_, i) => ({
    key: response.readInt16BE(10 + i * 6),
    min: response.readInt16BE(12 + i * 6),
    max: response.readInt16BE(14 + i * 6),
  }));
}
