import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, KAFKA_POM, KAFKA_VERSION, kafkaJarsCacheDir } from './kafka-jars';

describe('Kafka jars', () => {
  let cacheRoot: string;
  const logged: string[] = [];
  const log = (message: string): void => void logged.push(message);

  beforeEach(async () => {
    cacheRoot = await mkdtemp(join(tmpdir(), 'hookline-kafka-jars-'));
    logged.length = 0;
  });

  afterEach(async () => {
    await rm(cacheRoot, { recursive: true, force: true });
  });

  it('pins Kafka 3.9.x, the last line whose protocol versions kafkajs 2.2.4 speaks', () => {
    expect(KAFKA_VERSION).toMatch(/^3\.9\.\d+$/);
  });

  it('keeps the pom default in step with KAFKA_VERSION, for people who run mvn by hand', async () => {
    expect(await readFile(KAFKA_POM, 'utf8')).toContain(`<kafka.version>${KAFKA_VERSION}</kafka.version>`);
  });

  it('caches under HOOKLINE_CACHE_DIR, else XDG_CACHE_HOME/hookline, else ~/.cache/hookline', () => {
    expect(kafkaJarsCacheDir({ HOOKLINE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe(`/c/kafka-${KAFKA_VERSION}`);
    expect(kafkaJarsCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(`/x/hookline/kafka-${KAFKA_VERSION}`);
    expect(kafkaJarsCacheDir({})).toBe(join(homedir(), '.cache', 'hookline', `kafka-${KAFKA_VERSION}`));
  });

  it('uses a complete cache without running Maven', async () => {
    const cacheDir = join(cacheRoot, `kafka-${KAFKA_VERSION}`);
    await mkdir(join(cacheDir, 'libs'), { recursive: true });
    await writeFile(join(cacheDir, 'fetch-complete.json'), '{}');

    // No PATH: were Maven started, the spawn would fail.
    const jars = await ensureKafkaJars({ log, env: { HOOKLINE_CACHE_DIR: cacheRoot, PATH: '' } });

    expect(jars).toEqual({ version: KAFKA_VERSION, libsDir: join(cacheDir, 'libs') });
    expect(logged).toEqual([`using cached Kafka ${KAFKA_VERSION} jars`]);
  });

  it('does not trust a cache folder without the completion marker', async () => {
    await mkdir(join(cacheRoot, `kafka-${KAFKA_VERSION}`, 'libs'), { recursive: true });

    await expect(ensureKafkaJars({ log, env: { HOOKLINE_CACHE_DIR: cacheRoot, PATH: '/nonexistent' } })).rejects.toThrow(
      /Maven \(mvn\) was not found; it fetches the Kafka 3\.9\.\d+ jars once per machine\. Install Maven 3/,
    );
    expect(await readdir(cacheRoot)).toEqual([`kafka-${KAFKA_VERSION}`]);
  });

  it(
    'fetches into an empty cache with Maven, then serves later calls from the cache',
    async () => {
      const env = { ...process.env, HOOKLINE_CACHE_DIR: cacheRoot };

      const jars = await ensureKafkaJars({ log, env });
      const cached = await ensureKafkaJars({ log, env: { HOOKLINE_CACHE_DIR: cacheRoot, PATH: '' } });

      const fetched = await readdir(jars.libsDir);
      expect(fetched).toEqual(expect.arrayContaining([`kafka_2.13-${KAFKA_VERSION}.jar`, `kafka-clients-${KAFKA_VERSION}.jar`]));
      expect(fetched.some((jar) => jar.startsWith('slf4j-reload4j-'))).toBe(true);
      expect(cached).toEqual(jars);
      expect(logged[0]).toBe(`fetching Kafka ${KAFKA_VERSION} jars with Maven (once per machine)`);
      expect(logged.at(-1)).toBe(`using cached Kafka ${KAFKA_VERSION} jars`);
      // No staging folder is left next to the cache.
      expect(await readdir(cacheRoot)).toEqual([`kafka-${KAFKA_VERSION}`]);
    },
    10 * 60_000,
  );
});
