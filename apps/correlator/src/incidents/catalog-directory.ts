import type { Catalog } from '@hookline/catalog';
import type { ServiceDescription, ServiceDirectory } from './correlation-policy';

/** What an incident carries from the service catalog; a service it does not list gets none of it. */
export function catalogDirectory(catalog: Catalog): ServiceDirectory {
  return {
    describe(service: string): ServiceDescription {
      const entry = catalog.service(service);
      if (!entry) return {};
      return { tier: entry.tier, team: entry.team, ...(entry.component ? { component: entry.component } : {}) };
    },
  };
}
