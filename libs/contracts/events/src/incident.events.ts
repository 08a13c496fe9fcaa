import { z } from 'zod';
import { eventEnvelope } from './envelope';
import { fieldLimits, opaqueId, severity, text, timestamp } from './fields';

export const incidentStatuses = ['open', 'acknowledged', 'resolved'] as const;
export const incidentStatus = z.enum(incidentStatuses);
export type IncidentStatus = z.infer<typeof incidentStatus>;

/** `alerts_resolved`: every alert in it resolved; `timeout`: no alert for the auto-resolve period. */
export const resolutionReasons = ['alerts_resolved', 'manual', 'timeout'] as const;
export const resolutionReason = z.enum(resolutionReasons);
export type ResolutionReason = z.infer<typeof resolutionReason>;

export const incidentResolutionSchema = z.object({
  reason: resolutionReason,
  /** Who resolved it by hand; absent when Hookline resolved it. */
  resolvedBy: text(fieldLimits.nameLength).optional(),
  note: text(fieldLimits.detailLength).optional(),
});
export type IncidentResolution = z.infer<typeof incidentResolutionSchema>;

/**
 * The incident as it stands after the change the event type names: every
 * event carries the full state, so a consumer that missed one (or starts from
 * a compacted history) never has to merge partial updates.
 */
export const incidentDataSchema = z.object({
  incidentId: opaqueId,
  revision: z.int().min(1).meta({
    description:
      'Starts at 1 and increases with every event of this incident. Consumers apply an event only if its revision is higher than the one they hold, so a replayed or re-delivered older event cannot roll the state back.',
  }),
  correlationKey: text(512),
  title: text(fieldLimits.titleLength),
  status: incidentStatus,
  severity: severity.meta({ description: 'The highest severity among its alerts.' }),
  service: text(fieldLimits.nameLength).optional(),
  /** From the service catalog, when the service is in it. */
  tier: text(64).optional(),
  team: text(fieldLimits.nameLength).optional(),
  component: text(fieldLimits.nameLength).optional().meta({ description: 'The status-page component the service maps to.' }),
  openedAt: timestamp,
  acknowledgedAt: timestamp.optional(),
  acknowledgedBy: text(fieldLimits.nameLength).optional(),
  resolvedAt: timestamp.optional(),
  resolution: incidentResolutionSchema.optional(),
  alertCount: z.int().nonnegative().meta({ description: 'Distinct alerts (fingerprints) grouped into this incident so far.' }),
  flapping: z.boolean().meta({ description: 'Firing and resolving repeatedly: consumers may damp notifications.' }),
  test: z.boolean().meta({ description: 'Opened by synthetic test alerts only: never pages, tickets or shows publicly.' }),
});

export const incidentOpenedEventSchema = eventEnvelope('incident.opened', incidentDataSchema);
/** Severity, title, alert count or flapping changed while the status did not. */
export const incidentUpdatedEventSchema = eventEnvelope('incident.updated', incidentDataSchema);
export const incidentAcknowledgedEventSchema = eventEnvelope('incident.acknowledged', incidentDataSchema);
export const incidentResolvedEventSchema = eventEnvelope('incident.resolved', incidentDataSchema);
/** Fired again within the cool-down after it resolved: the same incident, not a new one. */
export const incidentReopenedEventSchema = eventEnvelope('incident.reopened', incidentDataSchema);

export const incidentEventSchema = z.discriminatedUnion('type', [
  incidentOpenedEventSchema,
  incidentUpdatedEventSchema,
  incidentAcknowledgedEventSchema,
  incidentResolvedEventSchema,
  incidentReopenedEventSchema,
]);

export type IncidentData = z.infer<typeof incidentDataSchema>;
export type IncidentEvent = z.infer<typeof incidentEventSchema>;
export type IncidentEventType = IncidentEvent['type'];
