import { alertEventSchema } from './alert.events';
import { deliveryEventSchema } from './delivery.events';
import { incidentEventSchema } from './incident.events';
import { maintenanceEventSchema } from './maintenance.events';
import { ticketEventSchema } from './ticket.events';
import { defineTopic } from './topic';

// The only place a topic name is spelled: everything else takes these definitions.

const alert = defineTopic({
  name: 'ingress.alert.v1',
  description:
    'Normalised alerts from every source: fired, resolved, acknowledged. Keyed by correlation key, so the alerts of one incident stay in order.',
  schema: alertEventSchema,
  key: (event) => event.data.correlationKey,
});

const delivery = defineTopic({
  name: 'ingress.delivery.v1',
  description: 'The delivery log: one record per webhook attempt, accepted or refused. Keyed by integration id.',
  schema: deliveryEventSchema,
  key: (event) => event.data.integrationId,
});

const incident = defineTopic({
  name: 'correlator.incident.v1',
  description: 'The incident lifecycle, each event with the full incident state. Keyed by incident id.',
  schema: incidentEventSchema,
  key: (event) => event.data.incidentId,
});

const ticket = defineTopic({
  name: 'ticketing.ticket.v1',
  description:
    "Tickets opened for incidents. Keyed by incident id (not ticket id), so a ticket's events keep their order with its incident's.",
  schema: ticketEventSchema,
  key: (event) => event.data.incidentId,
});

const maintenance = defineTopic({
  name: 'statuspage.maintenance.v1',
  description: 'Planned maintenance windows from the status page, each event with the full window. Keyed by maintenance id.',
  schema: maintenanceEventSchema,
  key: (event) => event.data.maintenanceId,
});

export const topics = { alert, delivery, incident, ticket, maintenance } as const;

/**
 * Who reads what. Group ids are used exactly as written (no suffix), because
 * the dead-letter topic and the committed offsets hang off them.
 */
export const consumerGroups = {
  /** The ingress's own reader of its delivery records: writes the queryable delivery log, off the hot path. */
  deliveryLog: { id: 'ingress-delivery-log', consumes: [topics.delivery] },
  correlator: { id: 'correlator', consumes: [topics.alert] },
  ticketing: { id: 'ticketing', consumes: [topics.incident] },
  statusPage: { id: 'status-page', consumes: [topics.incident] },
  ledger: { id: 'ledger', consumes: [topics.incident, topics.ticket, topics.maintenance] },
} as const;

export type ConsumerGroupName = keyof typeof consumerGroups;

/** Where a consumer group parks events it can never process: `dlq.<group>`. */
export function deadLetterTopicName(groupId: string): string {
  return `dlq.${groupId}`;
}

/** Every topic the system needs, dead letters included, so they can be created up front (auto-create stays off). */
export function allTopicNames(): string[] {
  const names = [
    ...Object.values(topics).map((topic) => topic.name),
    ...Object.values(consumerGroups).map((group) => deadLetterTopicName(group.id)),
  ];
  return [...new Set(names)];
}
