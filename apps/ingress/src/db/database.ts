import type { DatabaseDefinition } from '@hookline/platform/service';
import { CreateIntegrationsAndDeliveries1795400000000 } from './migrations/1795400000000-create-integrations-and-deliveries';
import { IntegrationIncidentPolicy1795400200000 } from './migrations/1795400200000-integration-incident-policy';
import { Integration } from '../integrations/integration.entity';

/** The `ingress` schema: the webhook registry and the delivery log. */
export const ingressDatabase: DatabaseDefinition = {
  schema: 'ingress',
  entities: [Integration],
  migrations: [CreateIntegrationsAndDeliveries1795400000000, IntegrationIncidentPolicy1795400200000],
};
