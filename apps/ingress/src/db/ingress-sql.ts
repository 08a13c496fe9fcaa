import { join } from 'node:path';
import { readRepeatableSql, type RepeatableSql } from '@hookline/platform/persistence';

/**
 * The ingress's functions and triggers, one `.sql` file each in `sql/`: the
 * current text, applied again by the migration step whenever it changes.
 * Versioned migrations are for tables, columns and indexes.
 */
export const ingressSqlFiles = ['stamp_integration_change.sql'] as const;

export function ingressSql(): RepeatableSql[] {
  return readRepeatableSql(join(__dirname, 'sql'), ingressSqlFiles);
}
