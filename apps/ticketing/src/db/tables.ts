import { quoteIdentifier, schemaOf } from '@hookline/platform/persistence';
import type { DataSource } from 'typeorm';

/**
 * The ticketing tables, qualified with the schema of a DataSource. Every
 * query names its tables through this, so the integration specs can run the
 * whole app's SQL in a throwaway schema of their own.
 */
export interface TicketingTables {
  schema: string;
  tickets: string;
  comments: string;
  syncJobs: string;
  breakers: string;
}

export function ticketingTables(schema: string): TicketingTables {
  const quoted = quoteIdentifier(schema);
  return {
    schema,
    tickets: `${quoted}.tickets`,
    comments: `${quoted}.ticket_comments`,
    syncJobs: `${quoted}.sync_jobs`,
    breakers: `${quoted}.connector_breakers`,
  };
}

export function tablesOf(dataSource: DataSource): TicketingTables {
  return ticketingTables(schemaOf(dataSource));
}
