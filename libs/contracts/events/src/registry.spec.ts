import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopicNames, consumerGroups, deadLetterTopicName, topics } from './registry';

function fixture(topicName: string, file: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', topicName, file), 'utf8'));
}

describe('the topic registry', () => {
  it.each(Object.values(topics).map((topic) => topic.name))('names %s as <owner>.<aggregate>.v<major> in lower-case kebab', (name) => {
    expect(name).toMatch(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/);
  });

  it('keys alerts by correlation key', () => {
    const event = topics.alert.schema.parse(fixture(topics.alert.name, 'alert.fired.alertmanager.json'));
    expect(topics.alert.key(event)).toBe('node/InstanceDown');
  });

  it('keys deliveries by integration id', () => {
    const event = topics.delivery.schema.parse(fixture(topics.delivery.name, 'delivery.recorded.accepted.json'));
    expect(topics.delivery.key(event)).toBe('int_7Hq2Lx9Pz4');
  });

  it('keys incidents by incident id', () => {
    const event = topics.incident.schema.parse(fixture(topics.incident.name, 'incident.opened.json'));
    expect(topics.incident.key(event)).toBe('inc_01H2X9KA7B');
  });

  it("keys tickets by their incident's id, so they stay in order with it", () => {
    const event = topics.ticket.schema.parse(fixture(topics.ticket.name, 'ticket.opened.json'));
    expect(topics.ticket.key(event)).toBe('inc_01H2X9KA7B');
  });

  it('names a dead-letter topic after its consumer group', () => {
    expect(deadLetterTopicName('status-page')).toBe('dlq.status-page');
  });

  it('lists every topic and every consumer group dead-letter topic once', () => {
    // The groups are read from the registry, so a team's new consumer (nx g @hookline/nx-plugin:consumer) keeps this true.
    const deadLetters = Object.values(consumerGroups).map((group) => `dlq.${group.id}`);

    expect(allTopicNames().sort()).toEqual(
      ['ingress.alert.v1', 'ingress.delivery.v1', 'statuspage.maintenance.v1', 'correlator.incident.v1', 'ticketing.ticket.v1', ...deadLetters].sort(),
    );
    expect(deadLetters).toEqual(expect.arrayContaining(['dlq.ingress-delivery-log', 'dlq.correlator', 'dlq.ticketing', 'dlq.status-page', 'dlq.ledger']));
  });

  it('gives every consumer group a distinct id', () => {
    const ids = Object.values(consumerGroups).map((group) => group.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets the ledger read incidents, tickets and maintenance windows', () => {
    expect(consumerGroups.ledger.consumes.map((topic) => topic.name)).toEqual([
      'correlator.incident.v1',
      'ticketing.ticket.v1',
      'statuspage.maintenance.v1',
    ]);
  });
});
