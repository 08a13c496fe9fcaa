import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { schemaOf } from './migrations';
import { migratedSchemaForSpec } from './persistence-test-kit';
import { QueryRowsMismatch, queryRow, queryRows } from './typed-query';

describe('queryRows against the real Postgres', () => {
  let dataSource: DataSource;
  let effects: string;

  beforeAll(async () => {
    dataSource = await migratedSchemaForSpec();
    effects = `"${schemaOf(dataSource)}".effects`;
    await dataSource.query(`INSERT INTO ${effects} (note) VALUES ('a'), ('b')`);
  });
  afterAll(() => dataSource.destroy());

  const noteRow = z.object({ note: z.string() });

  it('returns typed rows of a SELECT, with Postgres bigints coerced where the schema says so', async () => {
    const rows = await queryRows(dataSource, z.object({ note: z.string(), total: z.coerce.number() }), `SELECT note, count(*) OVER () AS total FROM ${effects} ORDER BY note`);

    expect(rows).toEqual([
      { note: 'a', total: 2 },
      { note: 'b', total: 2 },
    ]);
  });

  it('returns the RETURNING rows of an UPDATE and a DELETE, which TypeORM wraps with their count', async () => {
    const updated = await queryRows(dataSource, noteRow, `UPDATE ${effects} SET note = note || '!' WHERE note = $1 RETURNING note`, ['a']);
    const deleted = await queryRows(dataSource, noteRow, `DELETE FROM ${effects} WHERE note = $1 RETURNING note`, ['a!']);
    const none = await queryRow(dataSource, noteRow, `DELETE FROM ${effects} WHERE note = $1 RETURNING note`, ['missing']);

    expect(updated).toEqual([{ note: 'a!' }]);
    expect(deleted).toEqual([{ note: 'a!' }]);
    expect(none).toBeUndefined();
  });

  it('names the column when a row does not have the shape its schema declares', async () => {
    const wrong = queryRows(dataSource, z.object({ note: z.number(), missing: z.string() }), `SELECT note FROM ${effects}`);

    await expect(wrong).rejects.toThrow(QueryRowsMismatch);
    await expect(wrong).rejects.toThrow(/note: .*expected number.*missing: /);
  });
});
