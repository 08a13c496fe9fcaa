import { allTopicNames, createEvent, deadLetterTopicName, consumerGroups, topics } from '@hookline/contracts/events';
import { loadConfig } from '@hookline/platform/config';
import { EventPublisher, KafkaConnection, ensureTopics } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { buildServiceApp, listenServiceApp } from '@hookline/platform/service';
import { type TestDatabase, createTestDatabase, eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { correlatorConfigSchema } from '../config';
import { correlatorDefinition } from '../correlator.definition';
import type { IncidentPage, IncidentView } from './incident-queries';

// The real correlator in-process, against the run's Kafka and Postgres:
// alerts go in on ingress.alert.v1, incidents come out of the API. It has a
// topic prefix and a database of its own, so no other spec's correlator
// shares its consumer group.

describe('correlator: alerts in, incidents out', () => {
  const logger = createLogger({ service: 'spec', level: 'silent' });
  const adminToken = randomBytes(24).toString('base64url');
  let app: NestFastifyApplication;
  let url: string;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let database: TestDatabase;

  beforeAll(async () => {
    const { kafkaBrokers } = testInfrastructure();
    const topicPrefix = uniqueName('spec-correlator').replace('_', '-');
    connection = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'spec', logger, topicPrefix });
    publisher = new EventPublisher(connection);
    await ensureTopics(connection, allTopicNames(), { partitions: 3 });
    database = await createTestDatabase();
    const config = loadConfig(correlatorConfigSchema, {
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      DATABASE_URL: database.url,
      HOOKLINE_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'silent',
      PORT: '0',
    });
    app = await buildServiceApp(correlatorDefinition, config);
    await listenServiceApp(app, 0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeoutMs: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await publisher?.disconnect();
    await connection?.close();
    await app?.close();
    await database?.drop();
  });

  async function api(method: string, path: string, body?: unknown, token = adminToken) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function fired(service: string, key: string) {
    return createEvent(topics.alert, {
      type: 'alert.fired',
      source: 'spec',
      data: {
        integrationId: 'int_api_spec',
        sourceKind: 'alertmanager',
        deliveryId: uniqueName('delivery'),
        fingerprint: uniqueName('fp'),
        correlationKey: key,
        severity: 'critical',
        alertName: 'CheckoutDown',
        summary: 'checkout answers 500',
        service,
        labels: {},
        annotations: {},
        startsAt: new Date().toISOString(),
      },
    });
  }

  async function openIncidentOf(service: string): Promise<IncidentView> {
    return eventually(
      async () => {
        const page = (await api('GET', `/api/incidents?service=${service}`)).body as unknown as IncidentPage;
        expect(page.incidents).toHaveLength(1);
        return page.incidents[0] as IncidentView;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  it('opens an incident from an alert, then acknowledges and resolves it through the API', async () => {
    const service = uniqueName('svc');
    await publisher.publish(topics.alert, fired(service, `int_api_spec:${service}`));
    const incident = await openIncidentOf(service);
    expect(incident).toMatchObject({ status: 'open', severity: 'critical', alertCount: 1, revision: 1 });

    const acknowledged = await api('POST', `/api/incidents/${incident.incidentId}/acknowledge`, { by: 'alice' });
    const again = await api('POST', `/api/incidents/${incident.incidentId}/acknowledge`, { by: 'bob' });
    const resolved = await api('POST', `/api/incidents/${incident.incidentId}/resolve`, { by: 'alice', note: 'restarted the pods' });
    const late = await api('POST', `/api/incidents/${incident.incidentId}/acknowledge`, {});

    expect(acknowledged).toMatchObject({ status: 200, body: { status: 'acknowledged', acknowledgedBy: 'alice', revision: 2 } });
    expect(again).toMatchObject({ status: 200, body: { acknowledgedBy: 'alice', revision: 2 } });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'resolved', resolution: { reason: 'manual', resolvedBy: 'alice', note: 'restarted the pods' } } });
    expect(late.status).toBe(409);
    const detail = await api('GET', `/api/incidents/${incident.incidentId}`);
    expect((detail.body['timeline'] as { kind: string }[]).map((entry) => entry.kind)).toEqual(['alert_fired', 'opened', 'acknowledged', 'resolved']);
  });

  it('takes an action with no body at all, or an empty JSON body, as an action without options', async () => {
    const service = uniqueName('svc');
    await publisher.publish(topics.alert, fired(service, `int_api_spec:${service}`));
    const incident = await openIncidentOf(service);
    const post = (action: string, headers: Record<string, string>) =>
      fetch(`${url}/api/incidents/${incident.incidentId}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, ...headers } });

    const acknowledged = await post('acknowledge', {});
    const resolved = await post('resolve', { 'content-type': 'application/json' });

    expect(acknowledged.status).toBe(200);
    expect(await acknowledged.json()).toMatchObject({ status: 'acknowledged' });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ status: 'resolved', resolution: { reason: 'manual' } });
  });

  it("titles every problem in Hookline's words, the same for its own errors and the framework's", async () => {
    const unknownIncident = await api('GET', '/api/incidents/00000000-0000-4000-8000-000000000000');
    const unknownRoute = await api('GET', '/api/no-such-thing');
    const badQuery = await api('GET', '/api/incidents?status=burning');
    const noToken = await api('GET', '/api/incidents', undefined, 'not-the-token');

    expect(unknownIncident.body).toMatchObject({ status: 404, title: 'Not found', type: 'urn:hookline:error:not_found' });
    expect(unknownRoute.body).toMatchObject({ status: 404, title: 'Not found', type: 'urn:hookline:error:not_found' });
    expect(badQuery.body).toMatchObject({ status: 400, title: 'Invalid request', type: 'urn:hookline:error:invalid_input' });
    expect(noToken.body).toMatchObject({ status: 401, title: 'Not authenticated', type: 'urn:hookline:error:unauthorized' });
  });

  it('tells a missing admin token from a wrong one', async () => {
    const wrong = await api('GET', '/api/incidents', undefined, 'not-the-token');
    const missing = await fetch(`${url}/api/incidents`);

    expect(wrong.body['detail']).toMatch(/^the admin token was refused/);
    expect(((await missing.json()) as { detail: string }).detail).toMatch(/^no admin token/);
  });

  it('answers 401 without the admin token, 400 naming a bad query parameter, 404 for an unknown incident', async () => {
    expect((await api('GET', '/api/incidents', undefined, 'not-the-token')).status).toBe(401);
    const badQuery = await api('GET', '/api/incidents?status=burning');
    expect(badQuery.status).toBe(400);
    expect(String(badQuery.body['detail'])).toMatch(/^query is invalid: status:/);
    expect((await api('GET', '/api/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('POST', '/api/incidents/not-an-id/resolve', {})).status).toBe(404);
  });

  it('sends a poison alert to dlq.correlator and goes on with the partition', async () => {
    const service = uniqueName('svc');
    const key = `int_api_spec:${service}`;
    const admin = await connection.connectedAdmin();
    const deadLetters = connection.namespace.topic(deadLetterTopicName(consumerGroups.correlator.id));
    const total = async () => (await admin.fetchTopicOffsets(deadLetters)).reduce((sum, partition) => sum + Number(partition.high), 0);
    const before = await total();

    // Same key, so the same partition: the valid alert behind the poison must still get through.
    await publisher.sendRaw(topics.alert.name, [{ key, value: '{"not":"an alert"', headers: {} }]);
    await publisher.publish(topics.alert, fired(service, key));

    expect(await openIncidentOf(service)).toMatchObject({ status: 'open' });
    await eventually(async () => expect(await total()).toBe(before + 1));
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/consumer_events_total\{[^}]*outcome="dead_lettered"[^}]*\} [1-9]/);
  });
});
