import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { specVersion } from './envelope';
import type { EventOf, TopicDefinition } from './topic';

type Envelope = { type: string; data: unknown };

/**
 * What a producer supplies for one event of a topic. Distributes over the
 * topic's union, so `type` and `data` must belong to the same member:
 * `{ type: 'incident.resolved', data: <ticket data> }` does not compile.
 * Built from the schema's input type, so fields with defaults may be left out.
 */
export type EventInputOf<T extends TopicDefinition> = EventInput<z.input<T['schema']>>;

type EventInput<E> = E extends Envelope
  ? {
      type: E['type'];
      source: string;
      subject?: string;
      causationId?: string;
      data: E['data'];
    }
  : never;

/**
 * Left by `createEvent` on every event it returns, non-enumerable (so it is
 * neither serialised, spread nor compared): the schema the event passed and
 * its JSON at that moment. A publisher that finds the event still serialising
 * to exactly that JSON publishes it without parsing it a second time
 * (platform/kafka's `encodeEvent`); an event changed or copied since is
 * validated again. A `Symbol.for` key, so the publisher reads it by name: it
 * is a protocol between the two libs, not part of this lib's exports.
 */
const validatedEventMark = Symbol.for('hookline.contracts.events.validated');

interface ValidatedEventMark {
  schema: z.ZodType;
  json: string;
}

export interface CreateEventOptions {
  /** Pass a stored id when re-creating an event, so its idempotency key does not change. */
  id?: string;
  time?: Date;
}

/**
 * Creates a validated event: fills `id`, `specversion` and `time`, then parses
 * with the topic's schema so an invalid event fails here, where the bug is,
 * with a `ZodError` that names every bad field (format it with `z.prettifyError`).
 * No I/O: it returns the event and publishing is up to the caller.
 */
export function createEvent<T extends TopicDefinition>(
  topic: T,
  input: EventInputOf<T>,
  options: CreateEventOptions = {},
): EventOf<T> {
  const { type, source, subject, causationId, data } = input as EventInput<Envelope> & Envelope;
  const candidate = {
    id: options.id ?? randomUUID(),
    specversion: specVersion,
    type,
    source,
    time: (options.time ?? new Date()).toISOString(),
    // Absent rather than `undefined`, so the event compares equal after a JSON round trip.
    ...(subject === undefined ? {} : { subject }),
    ...(causationId === undefined ? {} : { causationId }),
    data,
  };
  const event: unknown = topic.schema.parse(candidate);
  if (typeof event === 'object' && event !== null) {
    const mark: ValidatedEventMark = { schema: topic.schema, json: JSON.stringify(event) };
    Object.defineProperty(event, validatedEventMark, { value: mark });
  }
  return event as EventOf<T>;
}
