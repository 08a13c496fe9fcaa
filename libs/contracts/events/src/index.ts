// The event contracts: topic names, event schemas and their types, in one place. Explicit exports only.

export { fieldLimits, severities, severity } from './fields';
export type { Severity } from './fields';

export { eventEnvelope, specVersion } from './envelope';

export { defineTopic, topicNamePattern } from './topic';
export type { EventOf, TopicDefinition, TopicOptions } from './topic';

export { createEvent } from './create-event';
export { eventIdFor } from './event-id';
export { optionalField } from './optional-field';
export type { CreateEventOptions, EventInputOf } from './create-event';

export {
  alertAcknowledgedEventSchema,
  alertEventSchema,
  alertFiredDataSchema,
  alertFiredEventSchema,
  alertResolvedEventSchema,
  alertTransitionDataSchema,
  incidentPolicySchema,
  sourceKind,
  sourceKinds,
} from './alert.events';
export type { AlertEvent, AlertEventType, AlertFiredData, AlertTransitionData, IncidentPolicy, SourceKind } from './alert.events';

export {
  maintenanceCancelledEventSchema,
  maintenanceDataSchema,
  maintenanceEventSchema,
  maintenanceScheduledEventSchema,
  maintenanceUpdatedEventSchema,
} from './maintenance.events';
export type { MaintenanceData, MaintenanceEvent } from './maintenance.events';

export { deliveryEventSchema, deliveryOutcome, deliveryOutcomes, deliveryRecordedDataSchema, deliveryRecordedEventSchema } from './delivery.events';
export type { DeliveryEvent, DeliveryEventType, DeliveryOutcome, DeliveryRecordedData } from './delivery.events';

export {
  incidentAcknowledgedEventSchema,
  incidentDataSchema,
  incidentEventSchema,
  incidentOpenedEventSchema,
  incidentReopenedEventSchema,
  incidentResolutionSchema,
  incidentResolvedEventSchema,
  incidentStatus,
  incidentStatuses,
  incidentUpdatedEventSchema,
  resolutionReason,
  resolutionReasons,
} from './incident.events';
export type {
  IncidentData,
  IncidentEvent,
  IncidentEventType,
  IncidentResolution,
  IncidentStatus,
  ResolutionReason,
} from './incident.events';
export { formatDuration } from './incident-duration';

export {
  externalTicketRefSchema,
  ticketClosedEventSchema,
  ticketClosedReason,
  ticketClosedReasons,
  ticketDataSchema,
  ticketEventSchema,
  ticketOpenedEventSchema,
  ticketPriorities,
  ticketPriority,
  ticketReopenedEventSchema,
  ticketStatus,
  ticketStatuses,
  ticketUpdatedEventSchema,
} from './ticket.events';
export type {
  ExternalTicketRef,
  TicketClosedReason,
  TicketData,
  TicketEvent,
  TicketEventType,
  TicketPriority,
  TicketStatus,
} from './ticket.events';

export { allTopicNames, consumerGroups, deadLetterTopicName, topics } from './registry';
export type { ConsumerGroupName } from './registry';

export { topicJsonSchema } from './json-schema';
export type { JsonSchema } from './json-schema';

export { findIncompatibilities, formatIncompatibilities } from './schema-compatibility';
export type { IncompatibilityKind, SchemaIncompatibility } from './schema-compatibility';
