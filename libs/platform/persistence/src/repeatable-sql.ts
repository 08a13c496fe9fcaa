import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryRunner } from 'typeorm';
import { z } from 'zod';
import { queryRows } from './typed-query';

/**
 * A function, trigger or view kept as its current text (one `.sql` file),
 * not as history: the migration step applies it again whenever the text
 * changes, as Flyway does with its repeatable `R__` scripts. The text must be
 * idempotent (`CREATE OR REPLACE`), since it runs again on top of itself.
 */
export interface RepeatableSql {
  /** The file's name, e.g. `rebuild_entries.sql`; its row in `<schema>.repeatable_sql`. */
  name: string;
  sql: string;
}

/** The files of a folder, in the order given: dependency order, a thing after what it calls or reads. */
export function readRepeatableSql(directory: string, names: readonly string[]): RepeatableSql[] {
  return names.map((name) => ({ name, sql: readFileSync(join(directory, name), 'utf8') }));
}

function checksumOf(script: RepeatableSql): string {
  return createHash('sha256').update(script.sql).digest('hex');
}

/**
 * Applies, in one transaction, the scripts that need it and records their
 * checksums in `<schema>.repeatable_sql`. What needs it: every script when
 * versioned migrations have just run (one may have dropped a view to alter a
 * column, or left an older function text behind), otherwise the first script
 * whose text differs from the recorded one and every script after it, because
 * a later script may depend on it (a view that had to be dropped and made
 * again takes its dependent views with it). Returns the names applied.
 */
export async function applyRepeatableSql(
  runner: QueryRunner,
  table: string,
  scripts: readonly RepeatableSql[],
  options: { all: boolean },
): Promise<string[]> {
  await runner.query(`
    CREATE TABLE IF NOT EXISTS ${table} (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const recorded = new Map(
    (await queryRows(runner, z.object({ name: z.string(), checksum: z.string() }), `SELECT name, checksum FROM ${table}`)).map((row) => [row.name, row.checksum]),
  );
  const firstChanged = options.all ? 0 : scripts.findIndex((script) => recorded.get(script.name) !== checksumOf(script));
  const listed = scripts.map((script) => script.name);
  const unlisted = [...recorded.keys()].filter((name) => !listed.includes(name));
  if (firstChanged === -1 && unlisted.length === 0) return [];

  const pending = firstChanged === -1 ? [] : scripts.slice(firstChanged);
  await runner.startTransaction();
  try {
    for (const script of pending) {
      await runner.query(script.sql);
      await runner.query(
        `INSERT INTO ${table} (name, checksum) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
        [script.name, checksumOf(script)],
      );
    }
    // A file taken out of the list leaves its object to a versioned migration (DROP); its row goes, so the table mirrors the list.
    if (unlisted.length > 0) await runner.query(`DELETE FROM ${table} WHERE name = ANY($1)`, [unlisted]);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
  return pending.map((script) => script.name);
}
