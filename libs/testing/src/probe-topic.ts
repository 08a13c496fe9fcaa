import { z } from 'zod';
import { createEvent, defineTopic } from '@hookline/contracts/events';

/**
 * A throwaway topic with a tiny event, for specs of the messaging platform
 * itself: each spec gets its own topic, so specs running in parallel on the
 * same broker never read each other's events.
 */
export function probeTopic(name: string) {
  return defineTopic({
    name,
    description: 'integration-test topic',
    schema: z.object({
      id: z.uuid(),
      specversion: z.literal('1.0'),
      type: z.literal('probe.recorded'),
      source: z.string(),
      time: z.iso.datetime(),
      subject: z.string().optional(),
      causationId: z.string().optional(),
      data: z.object({ sequence: z.number().int(), note: z.string().max(50) }),
    }),
    // Three keys spread the events over partitions, as real keys do.
    key: (event) => String(event.data.sequence % 3),
  });
}

export type ProbeTopic = ReturnType<typeof probeTopic>;

export function probeEvent(topic: ProbeTopic, sequence: number, note = 'hello') {
  return createEvent(topic, { type: 'probe.recorded', source: 'hookline/spec', data: { sequence, note } });
}
