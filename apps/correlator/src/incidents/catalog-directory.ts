import { Inject, Injectable } from '@nestjs/common';
import { Catalog } from '@hookline/catalog';
import type { ServiceDescription, ServiceDirectory } from './correlation-policy';

/** What an incident carries from the service catalog; a service it does not list gets none of it. */
@Injectable()
export class CatalogServiceDirectory implements ServiceDirectory {
  constructor(@Inject(Catalog) private readonly catalog: Catalog) {}

  describe(service: string): ServiceDescription {
    const entry = this.catalog.service(service);
    if (!entry) return {};
    return { tier: entry.tier, team: entry.team, ...(entry.component ? { component: entry.component } : {}) };
  }
}
