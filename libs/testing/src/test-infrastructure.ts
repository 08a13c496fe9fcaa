import { randomBytes } from 'node:crypto';

export interface TestInfrastructure {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** This run's folder for logs and artifacts (screenshots, app logs), under the gitignored .hookline/. */
  dataDir: string;
}

/**
 * The Kafka and Postgres started by `npm test` (tools/launcher) for this run.
 * Specs never start their own: one broker and one database per run keeps the
 * suite fast and the results comparable.
 */
export function testInfrastructure(): TestInfrastructure {
  const brokers = process.env['KAFKA_BROKERS'];
  const databaseUrl = process.env['DATABASE_URL'];
  const dataDir = process.env['HOOKLINE_TEST_DATA_DIR'];
  if (!brokers || !databaseUrl || !dataDir) {
    throw new Error(
      'KAFKA_BROKERS, DATABASE_URL and HOOKLINE_TEST_DATA_DIR are not set: a spec that uses the run\'s Kafka and Postgres ' +
        'is an integration spec (name it *.int.spec.ts; the unit tier starts nothing) and runs through `npm test` ' +
        '(e.g. `npm test -- libs/platform/kafka`), which starts Kafka and Postgres first.',
    );
  }
  return { kafkaBrokers: brokers.split(','), databaseUrl, dataDir };
}

/** A name no other spec in this run uses: for consumer groups, test topics and Postgres schemas. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
