import { z } from 'zod';
import { eventEnvelope } from './envelope';
import { fieldLimits, opaqueId, text, timestamp } from './fields';

/** How ingress answered a delivery; each maps to one HTTP status family, kept separately in `httpStatus`. */
export const deliveryOutcomes = [
  'accepted',
  'duplicate',
  'unauthorized',
  'invalid',
  'rate_limited',
  'too_large',
  'unavailable',
] as const;
export const deliveryOutcome = z.enum(deliveryOutcomes);
export type DeliveryOutcome = z.infer<typeof deliveryOutcome>;

export const deliveryRecordedDataSchema = z.object({
  deliveryId: opaqueId,
  integrationId: opaqueId,
  receivedAt: timestamp,
  /** Node reports IPv4 clients of a dual-stack socket as `::ffff:a.b.c.d`; both forms are valid. */
  sourceIp: z.union([z.ipv4(), z.ipv6()]),
  outcome: deliveryOutcome,
  httpStatus: z.int().min(100).max(599),
  errorDetail: text(fieldLimits.detailLength)
    .optional()
    .meta({ description: 'Why a delivery was refused, as told to the sender (never a secret or a signature).' }),
  alertCount: z
    .int()
    .nonnegative()
    .meta({ description: 'Alerts published from this delivery (0 when refused or a duplicate).' }),
  latencyMs: z.number().nonnegative().meta({ description: 'From the first byte received to the answer sent.' }),
});

/** One per webhook attempt, accepted or refused: the delivery log an integration owner debugs with. */
export const deliveryRecordedEventSchema = eventEnvelope('delivery.recorded', deliveryRecordedDataSchema);

export const deliveryEventSchema = z.discriminatedUnion('type', [deliveryRecordedEventSchema]);

export type DeliveryRecordedData = z.infer<typeof deliveryRecordedDataSchema>;
export type DeliveryEvent = z.infer<typeof deliveryEventSchema>;
export type DeliveryEventType = DeliveryEvent['type'];
