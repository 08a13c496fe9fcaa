import { deadLettersMigration } from '@hookline/platform/dead-letters';
import type { DatabaseDefinition } from '@hookline/platform/service';
import { CreateIntegrationsAndDeliveries1795400000000 } from './migrations/1795400000000-create-integrations-and-deliveries';
import { IntegrationIncidentPolicy1795400200000 } from './migrations/1795400200000-integration-incident-policy';
import { IntegrationChangeXid1795400800000 } from './migrations/1795400800000-integration-change-xid';
import { PagerDutyRoutingKeys1795400900000 } from './migrations/1795400900000-pagerduty-routing-keys';
import { IntegrationServiceBinding1795401000000 } from './migrations/1795401000000-integration-service-binding';
import { IntegrationOwnerAndActivity1795401100000 } from './migrations/1795401100000-integration-owner-and-activity';
import { Integration } from '../integrations/integration.entity';

/** The `ingress` schema: the webhook registry, the delivery log and each integration's activity summary. Its trigger is repeatable SQL (ingress-sql.ts), applied after these. */
export const ingressDatabase: DatabaseDefinition = {
  schema: 'ingress',
  entities: [Integration],
  migrations: [
    CreateIntegrationsAndDeliveries1795400000000,
    IntegrationIncidentPolicy1795400200000,
    IntegrationChangeXid1795400800000,
    PagerDutyRoutingKeys1795400900000,
    IntegrationServiceBinding1795401000000,
    IntegrationOwnerAndActivity1795401100000,
    deadLettersMigration({ schema: 'ingress', timestamp: 1795401500000 }),
  ],
};
