import type { EventOf, TopicDefinition } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';

/** Kafka headers every Hookline event carries, so tools can route without parsing the body. */
export const eventHeaders = {
  contentType: 'content-type',
  eventId: 'ce_id',
  eventType: 'ce_type',
  traceparent: 'traceparent',
} as const;

export interface EncodedEvent {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Validates an event against its topic before it leaves the process: a bad
 * event is a bug here, not a consumer's problem. An event from `createEvent`
 * was validated there; if it still serialises to the JSON it had then, that
 * check stands and is not repeated (see `validatedEventMark` in the contracts).
 */
export function encodeEvent<T extends TopicDefinition>(topic: T, event: EventOf<T>): EncodedEvent {
  const { valid, json } = unchangedSinceCreated(topic, event) ?? validate(topic, event);
  return {
    key: topic.key(valid),
    value: json,
    headers: {
      [eventHeaders.contentType]: 'application/cloudevents+json',
      [eventHeaders.eventId]: valid.id,
      [eventHeaders.eventType]: valid.type,
    },
  };
}

type ValidEvent<T extends TopicDefinition> = EventOf<T> & { id: string; type: string };

/** Set by `createEvent` in the contracts lib, which owns its meaning. */
const validatedEventMark = Symbol.for('hookline.contracts.events.validated');

function unchangedSinceCreated<T extends TopicDefinition>(topic: T, event: EventOf<T>): { valid: ValidEvent<T>; json: string } | undefined {
  const mark = (event as { [validatedEventMark]?: { schema: unknown; json: string } } | null)?.[validatedEventMark];
  if (mark?.schema !== topic.schema) return undefined;
  const json = JSON.stringify(event);
  return json === mark.json ? { valid: event as ValidEvent<T>, json } : undefined;
}

function validate<T extends TopicDefinition>(topic: T, event: EventOf<T>): { valid: ValidEvent<T>; json: string } {
  const result = topic.schema.safeParse(event);
  if (!result.success) {
    throw new HooklineError('invalid_input', `event does not match ${topic.name}: ${formatIssues(result.error.issues)}`, {
      retryable: false,
      details: result.error.issues,
    });
  }
  const valid = result.data as ValidEvent<T>;
  return { valid, json: JSON.stringify(valid) };
}

export type DecodeResult<T extends TopicDefinition> =
  | { ok: true; event: EventOf<T> }
  | { ok: false; error: string };

/** Parses a message from the wire; a failure is permanent (no retry can fix bytes) and goes to the dead letters. */
export function decodeEvent<T extends TopicDefinition>(topic: T, value: Buffer | null): DecodeResult<T> {
  if (value === null) return { ok: false, error: 'message has no value (tombstone)' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, error: `message is not JSON: ${(error as Error).message}` };
  }
  const result = topic.schema.safeParse(json);
  if (!result.success) return { ok: false, error: `event does not match ${topic.name}: ${formatIssues(result.error.issues)}` };
  return { ok: true, event: result.data as EventOf<T> };
}

function formatIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}
