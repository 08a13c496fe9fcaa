import { z } from 'zod';
import { eventIdFor } from './event-id';

describe('eventIdFor', () => {
  it('gives the same id for the same name', () => {
    expect(eventIdFor('int_a/msg_1/alert.fired/f404')).toBe(eventIdFor('int_a/msg_1/alert.fired/f404'));
  });

  it('gives different ids for different names', () => {
    expect(eventIdFor('int_a/msg_1/alert.fired/f404')).not.toBe(eventIdFor('int_a/msg_2/alert.fired/f404'));
  });

  it('is a valid version 5 UUID', () => {
    const id = eventIdFor('anything');

    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('5');
  });
});
