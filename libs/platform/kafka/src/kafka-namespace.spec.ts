import { KafkaNamespace } from './kafka-namespace';

describe('KafkaNamespace', () => {
  it('keeps the registry names when the deployment has no prefix', () => {
    const namespace = new KafkaNamespace('');

    expect([namespace.topic('ingress.alert.v1'), namespace.group('correlator')]).toEqual(['ingress.alert.v1', 'correlator']);
  });

  it('puts topics, dead-letter topics and groups under the prefix, joined with a dot', () => {
    const namespace = new KafkaNamespace('acme.staging');

    expect([namespace.topic('ingress.alert.v1'), namespace.topic('dlq.correlator'), namespace.group('correlator')]).toEqual([
      'acme.staging.ingress.alert.v1',
      'acme.staging.dlq.correlator',
      'acme.staging.correlator',
    ]);
  });

  it.each([
    ['a space', 'team a'],
    ['a slash', 'team/a'],
    ['a trailing dot', 'team-a.'],
    ['two dots in a row', 'team..a'],
    ['more than 200 characters', 'a'.repeat(201)],
  ])('refuses a prefix with %s, naming the variable', (_what, prefix) => {
    expect(() => new KafkaNamespace(prefix)).toThrow(/^KAFKA_TOPIC_PREFIX /);
  });
});
