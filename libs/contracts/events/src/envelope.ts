import { z } from 'zod';
import { fieldLimits, opaqueId, text, timestamp } from './fields';

/** The CloudEvents spec version the envelope follows in spirit (attribute names, `specversion`). */
export const specVersion = '1.0';

/**
 * The attributes every event shares, whatever its topic. `id` is the
 * idempotency key consumers record in their inbox, so it is a UUID minted once
 * by the producer and never regenerated on retry.
 */
export const envelopeAttributes = {
  id: z.uuid(),
  specversion: z.literal(specVersion),
  /** The producer, `hookline/<service>`, e.g. `hookline/ingress`. */
  source: text(fieldLimits.nameLength),
  time: timestamp,
  /** What the event is about, e.g. the incident id: lets tools filter without reading `data`. */
  subject: text(fieldLimits.titleLength).optional(),
  /**
   * The id of what caused this event: the delivery for an alert, the alert
   * event for an incident change, the incident event for a ticket change.
   * Not a UUID, because a delivery id may be the sender's own.
   */
  causationId: opaqueId.optional(),
} as const;

/**
 * Builds the schema of one event type: the envelope with `type` fixed to a
 * literal (the discriminator of its topic's union) and `data` as given.
 *
 * Objects strip unknown keys rather than reject them, so a consumer built
 * against an older schema still reads events that gained an optional field.
 */
export function eventEnvelope<Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z.object({
    id: envelopeAttributes.id,
    specversion: envelopeAttributes.specversion,
    type: z.literal(type),
    source: envelopeAttributes.source,
    time: envelopeAttributes.time,
    subject: envelopeAttributes.subject,
    causationId: envelopeAttributes.causationId,
    data,
  });
}
