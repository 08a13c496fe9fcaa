import { z } from 'zod';

/** Anything TypeORM can run raw SQL on: a DataSource, an EntityManager (inside a transaction) or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Raw SQL whose rows are checked against a zod schema, so a mapped row has
 * the type its schema says and a column that was renamed, dropped or came
 * back with another type fails loudly at the query, naming the column,
 * instead of travelling on as `undefined` behind an `as` cast.
 *
 * Use it where SQL is the right tool (set-based updates, upserts, the
 * ledger's views); `Repository` entities where a table maps to one record.
 * Postgres returns `bigint` and `numeric` as strings and `timestamptz` as a
 * `Date`: say so in the schema (`z.coerce.number()`, `z.date()`).
 */
export async function queryRows<Row extends z.ZodType>(
  db: Queryable,
  row: Row,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<z.output<Row>[]> {
  const result = rowsOf(await db.query(sql, [...parameters]));
  const parsed = z.array(row).safeParse(result);
  if (!parsed.success) throw new QueryRowsMismatch(sql, parsed.error);
  return parsed.data;
}

/** The first row of `queryRows`, or undefined when the query returned none. */
export async function queryRow<Row extends z.ZodType>(
  db: Queryable,
  row: Row,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<z.output<Row> | undefined> {
  const [first] = await queryRows(db, row, sql, parameters);
  return first;
}

/** A query's rows did not have the shape its schema declares: a bug between the SQL and the code, never bad input. */
export class QueryRowsMismatch extends Error {
  constructor(sql: string, error: z.ZodError) {
    const problems = error.issues.map((issue) => `${issue.path.slice(1).join('.') || '(row)'}: ${issue.message}`);
    super(`rows of "${sql.replace(/\s+/g, ' ').trim().slice(0, 120)}" do not match their schema: ${[...new Set(problems)].join('; ')}`);
    this.name = 'QueryRowsMismatch';
  }
}

/**
 * TypeORM's Postgres driver answers UPDATE and DELETE with `[rows, affectedCount]`
 * and everything else with the rows; rows are objects, never arrays, so the
 * two shapes cannot be confused.
 */
function rowsOf(result: unknown): unknown {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return result;
}
