import { z } from 'zod';
import { eventEnvelope } from './envelope';
import { fieldLimits, opaqueId, text, timestamp } from './fields';

/**
 * A planned maintenance window, as the status page publishes it. Incidents on
 * its components during the window show as maintenance publicly, and the
 * ledger leaves that time out of SLA figures.
 */
export const maintenanceDataSchema = z.object({
  maintenanceId: opaqueId,
  revision: z.int().min(1).meta({ description: 'Increases with every event of this window; apply only a higher revision than the one held.' }),
  title: text(fieldLimits.titleLength),
  components: z
    .array(text(fieldLimits.nameLength))
    .min(1)
    .max(100)
    .meta({ description: 'Status-page component ids (service catalog) the window covers.' }),
  startsAt: timestamp,
  endsAt: timestamp,
  cancelled: z.boolean(),
});

export const maintenanceScheduledEventSchema = eventEnvelope('maintenance.scheduled', maintenanceDataSchema);
/** Times, title or components changed. */
export const maintenanceUpdatedEventSchema = eventEnvelope('maintenance.updated', maintenanceDataSchema);
/** Called off: `cancelled` is true, and the window no longer counts anywhere. */
export const maintenanceCancelledEventSchema = eventEnvelope('maintenance.cancelled', maintenanceDataSchema);

export const maintenanceEventSchema = z.discriminatedUnion('type', [
  maintenanceScheduledEventSchema,
  maintenanceUpdatedEventSchema,
  maintenanceCancelledEventSchema,
]);

export type MaintenanceData = z.infer<typeof maintenanceDataSchema>;
export type MaintenanceEvent = z.infer<typeof maintenanceEventSchema>;
