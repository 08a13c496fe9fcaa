import { join } from 'node:path';
import { readRepeatableSql, type RepeatableSql } from '@hookline/platform/persistence';

/**
 * The ledger's functions, trigger and views, one `.sql` file each in `sql/`:
 * the current text, which the migration step applies again whenever it
 * changes. Change a function by editing its file; a versioned migration is
 * for tables, columns and indexes (and for a DROP when a file goes).
 *
 * In dependency order: a function after the functions it calls, a view after
 * what it reads. A changed file is applied with every file after it.
 */
export const ledgerSqlFiles = [
  'refuse_history_rewrite.sql',
  'month_of.sql',
  'month_start.sql',
  'month_range.sql',
  'seconds.sql',
  'severity_rank.sql',
  'maintenance_of.sql',
  'cut_by_month.sql',
  'months_covered.sql',
  'service_month_figures.sql',
  'refresh_service_months.sql',
  'span_digests.sql',
  'rebuild_entries.sql',
  'handling_team_of.sql',
  'stamp_handling_team.sql',
  'service_month_downtime.sql',
  'sla_by_service_month.sql',
  'downtime_cost_by_service_month.sql',
  'mttr_by_team_month.sql',
  'mtta_by_team_month.sql',
] as const;

export function ledgerSql(): RepeatableSql[] {
  return readRepeatableSql(join(__dirname, 'sql'), ledgerSqlFiles);
}
