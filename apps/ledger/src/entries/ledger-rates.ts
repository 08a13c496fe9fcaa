import { Inject, Injectable } from '@nestjs/common';
import { Catalog } from '@hookline/catalog';
import type { Severity } from '@hookline/contracts/events';

/**
 * What the ledger needs from the service catalog to price and weigh downtime.
 * An abstract class, so that it is both the type and the injection token.
 */
export abstract class LedgerRates {
  /** Currency units per minute of full outage; undefined for a service the catalog does not list. */
  abstract costPerMinute(service: string | undefined): number | undefined;
  /** 0 (does not count) to 1 (full outage). */
  abstract severityWeight(severity: Severity): number;
}

@Injectable()
export class CatalogLedgerRates implements LedgerRates {
  constructor(@Inject(Catalog) private readonly catalog: Catalog) {}

  costPerMinute(service: string | undefined): number | undefined {
    return service === undefined ? undefined : this.catalog.service(service)?.costPerMinute;
  }

  severityWeight(severity: Severity): number {
    return this.catalog.severityWeight(severity);
  }
}
