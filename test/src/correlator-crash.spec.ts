import { type AlertEvent, createEvent, type IncidentEvent, topics } from '@hookline/contracts/events';
import { EventConsumer, EventPublisher, type KafkaConnection, on, startGroupAtEnd } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { eventually, uniqueName } from '@hookline/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type IsolatedDeployment, startIsolatedDeployment } from './support/isolated-deployment';
import { type ServiceProcess, startServiceProcess } from './support/service-process';

// The correlator's crash guarantee, against its real process, Kafka and
// Postgres: SIGKILL it in the middle of a stream, restart it as two replicas
// of one consumer group, and check that every alert was applied exactly once
// and that no incident change was ever published under two event ids.

const keys = 20;
const fingerprintsPerKey = 5;
const repeats = 20;

describe('correlator killed mid-stream, restarted as two replicas', () => {
  const logger = createLogger({ service: 'spec', level: 'silent' });
  const run = uniqueName('crash');
  const adminToken = randomBytes(24).toString('base64url');
  const correlatorEnv = { HOOKLINE_ADMIN_TOKEN: adminToken, KAFKA_SESSION_TIMEOUT_MS: '8000', CORRELATOR_TIMER_INTERVAL_MS: '1000' };
  let deployment: IsolatedDeployment;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let incidentReader: EventConsumer;
  let database: Client;
  const processes: ServiceProcess[] = [];
  const incidentEvents: IncidentEvent[] = [];

  beforeAll(async () => {
    deployment = await startIsolatedDeployment();
    connection = deployment.connectKafka();
    publisher = new EventPublisher(connection);
    database = new Client({ connectionString: deployment.databaseUrl });
    await database.connect();
    const incidentReaderGroup = uniqueName('spec-incidents');
    await startGroupAtEnd(connection, incidentReaderGroup, [topics.incident.name]);
    incidentReader = new EventConsumer(connection, publisher, {
      groupId: incidentReaderGroup,
      logger,
      handlers: [
        on(topics.incident, async (event) => {
          if (event.data.correlationKey.startsWith(run)) incidentEvents.push(event);
        }),
      ],
    });
    await incidentReader.start();
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await incidentReader?.stop();
    await publisher?.disconnect();
    await connection?.close();
    await database?.end();
    await deployment?.drop();
  });

  function alert(type: 'alert.fired' | 'alert.resolved', key: number, fingerprint: number): AlertEvent {
    const common = {
      integrationId: 'int_crash',
      sourceKind: 'alertmanager' as const,
      deliveryId: uniqueName('delivery'),
      fingerprint: `fp-${key}-${fingerprint}`,
      correlationKey: `${run}:key-${key}`,
      labels: {},
      annotations: {},
    };
    return type === 'alert.fired'
      ? createEvent(topics.alert, {
          type,
          source: 'spec',
          data: { ...common, severity: 'error', alertName: 'Crash', summary: `key ${key} is failing`, startsAt: new Date().toISOString() },
        })
      : createEvent(topics.alert, { type, source: 'spec', data: common });
  }

  const counts = async () => {
    const [row] = (
      await database.query(
        `SELECT count(DISTINCT i.id)::int AS incidents, coalesce(sum(a.occurrences), 0)::int AS occurrences
         FROM correlator.incidents i JOIN correlator.incident_alerts a ON a.incident_id = i.id
         WHERE i.correlation_key LIKE $1`,
        [`${run}:%`],
      )
    ).rows as { incidents: number; occurrences: number }[];
    return row ?? { incidents: 0, occurrences: 0 };
  };

  it('applies every alert once and publishes each incident change under one id', async () => {
    const fired: AlertEvent[] = [];
    for (let round = 0; round < repeats; round += 1) {
      for (let key = 0; key < keys; key += 1) {
        for (let fingerprint = 0; fingerprint < fingerprintsPerKey; fingerprint += 1) fired.push(alert('alert.fired', key, fingerprint));
      }
    }
    // The even keys recover at the end: every alert of theirs resolves.
    const resolves = Array.from({ length: keys / 2 }, (_, half) =>
      Array.from({ length: fingerprintsPerKey }, (_, fingerprint) => alert('alert.resolved', half * 2, fingerprint)),
    ).flat();
    const stream = [...fired, ...resolves];
    const killAt = Math.floor(stream.length * 0.4);

    processes.push(await startServiceProcess({ service: 'correlator', instance: 'crash-a', deployment, env: correlatorEnv }));
    for (let offset = 0; offset < killAt; offset += 100) await publisher.publishMany(topics.alert, stream.slice(offset, Math.min(offset + 100, killAt)));
    await eventually(async () => expect((await counts()).occurrences).toBeGreaterThan(0), { timeoutMs: 30_000 });
    await processes[0]?.kill();

    for (let offset = killAt; offset < stream.length; offset += 100) await publisher.publishMany(topics.alert, stream.slice(offset, offset + 100));
    const replicas = await Promise.all(
      ['crash-b', 'crash-c'].map((instance) => startServiceProcess({ service: 'correlator', instance, deployment, env: correlatorEnv })),
    );
    processes.push(...replicas);

    await eventually(async () => expect(await counts()).toMatchObject({ incidents: keys, occurrences: fired.length }), { timeoutMs: 120_000, intervalMs: 500 });
    const final = (
      await database.query(`SELECT id, status, revision, alert_count FROM correlator.incidents WHERE correlation_key LIKE $1`, [`${run}:%`])
    ).rows as { id: string; status: string; revision: number; alert_count: number }[];
    expect(final.filter((incident) => incident.status === 'resolved')).toHaveLength(keys / 2);
    expect(final.every((incident) => incident.alert_count === fingerprintsPerKey)).toBe(true);

    // Every revision of every incident reached Kafka, each under exactly one event id.
    await eventually(
      async () => {
        for (const incident of final) {
          const revisions = new Set(incidentEvents.filter((event) => event.data.incidentId === incident.id).map((event) => event.data.revision));
          expect(revisions.size).toBe(incident.revision);
        }
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const idsPerChange = new Map<string, Set<string>>();
    for (const event of incidentEvents) {
      const change = `${event.data.incidentId}/${event.data.revision}`;
      idsPerChange.set(change, (idsPerChange.get(change) ?? new Set()).add(event.id));
    }
    expect([...idsPerChange.values()].filter((ids) => ids.size > 1)).toEqual([]);
    const opened = new Set(incidentEvents.filter((event) => event.type === 'incident.opened').map((event) => event.data.incidentId));
    expect(opened.size).toBe(keys);
  }, 300_000);
});
