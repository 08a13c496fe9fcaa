import type { DatabaseDefinition } from '@hookline/platform/service';

/** The `ingress` schema: the webhook registry and the delivery log (issue: ingress). */
export const ingressDatabase: DatabaseDefinition = {
  schema: 'ingress',
  entities: [],
  migrations: [],
};
