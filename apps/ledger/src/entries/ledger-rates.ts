import type { Catalog } from '@hookline/catalog';
import type { Severity } from '@hookline/contracts/events';

/** What the ledger needs from the service catalog to price and weigh downtime. */
export interface LedgerRates {
  /** Currency units per minute of full outage; undefined for a service the catalog does not list. */
  costPerMinute(service: string | undefined): number | undefined;
  /** 0 (does not count) to 1 (full outage). */
  severityWeight(severity: Severity): number;
}

export function catalogRates(catalog: Catalog): LedgerRates {
  return {
    costPerMinute: (service) => (service === undefined ? undefined : catalog.service(service)?.costPerMinute),
    severityWeight: (severity) => catalog.severityWeight(severity),
  };
}
