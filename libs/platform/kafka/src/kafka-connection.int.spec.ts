import { probeEvent, probeTopic, saslSslKafka, saslSslSecurity, uniqueName } from '@hookline/testing';
import { decodeEvent } from './event-codec';
import { EventPublisher } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { quietLogger, readAll } from './kafka-test-kit';
import { ensureTopics } from './topic-admin';

// The broker's SASL_SSL listener: TLS with the run's own CA, and one login for PLAIN and both SCRAMs.
describe('KafkaConnection over SASL_SSL', () => {
  const listener = saslSslKafka();
  const connect = (security: ReturnType<typeof saslSslSecurity>) =>
    new KafkaConnection({ brokers: listener.brokers, clientId: 'spec', logger: quietLogger, security });

  it.each(listener.mechanisms)('publishes an event and reads it back when logged in with %s', async (mechanism) => {
    const connection = connect(saslSslSecurity(listener, { mechanism }));
    const topic = probeTopic(`${uniqueName('spec.sasl')}.v1`);
    const publisher = new EventPublisher(connection);
    try {
      await ensureTopics(connection, [topic.name], { partitions: 1 });
      const event = probeEvent(topic, 1, mechanism);
      await publisher.publish(topic, event);

      const [message] = await readAll(connection, topic.name, 1);
      expect(decodeEvent(topic, message?.value ?? null)).toMatchObject({ ok: true, event: { id: event.id, data: { note: mechanism } } });
    } finally {
      await publisher.disconnect();
      await connection.close();
    }
  });

  it('reports a wrong password as a refused login naming KAFKA_SASL_PASSWORD', async () => {
    const connection = connect(saslSslSecurity(listener, { password: 'not-the-password' }));
    try {
      await expect(connection.ping()).rejects.toThrow(/^Kafka refused the SASL login: check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
    } finally {
      await connection.close();
    }
  });

  it('reports a broker certificate from a CA it does not trust naming KAFKA_SSL_CA_FILE, while kafkajs still retries', async () => {
    const connection = connect(saslSslSecurity(listener, { trusting: listener.untrustedCaFile }));
    try {
      await expect(connection.ping()).rejects.toThrow(/TLS certificate is not trusted: set KAFKA_SSL_CA_FILE/);
    } finally {
      await connection.close();
    }
  });
});
