import { probeEvent, probeTopic } from '@hookline/testing';
import { encodeEvent } from './event-codec';

describe('encodeEvent', () => {
  const topic = probeTopic('spec.codec.v1');
  const otherTopic = probeTopic('spec.codec_other.v1');

  afterEach(() => jest.restoreAllMocks());

  it('does not parse an event from createEvent a second time', () => {
    const event = probeEvent(topic, 1);
    const parse = jest.spyOn(topic.schema, 'safeParse');

    const encoded = encodeEvent(topic, event);

    expect(parse).not.toHaveBeenCalled();
    expect(JSON.parse(encoded.value)).toEqual(event);
    expect(encoded.key).toBe('1');
    expect(encoded.headers).toMatchObject({ ce_id: event.id, ce_type: 'probe.recorded' });
  });

  it('refuses an event from createEvent that was made invalid afterwards', () => {
    const event = probeEvent(topic, 2);
    event.data.note = 'x'.repeat(51);

    expect(() => encodeEvent(topic, event)).toThrow(/does not match .*data\.note/);
  });

  it('validates a copy of a created event, which carries no proof of its own', () => {
    const copy = { ...probeEvent(topic, 3), data: { sequence: 3, note: 'x'.repeat(51) } };

    expect(() => encodeEvent(topic, copy)).toThrow(/does not match .*data\.note/);
  });

  it('validates an event created for another schema', () => {
    const event = probeEvent(otherTopic, 4);
    const parse = jest.spyOn(topic.schema, 'safeParse');

    encodeEvent(topic, event);

    expect(parse).toHaveBeenCalledTimes(1);
  });
});
