import { isRoleCatalogRace, retryOnRoleCatalogRace } from './role-catalog-race';

const race = Object.assign(new Error('duplicate key value violates unique constraint "pg_authid_rolname_index"'), { code: '23505' });

describe('the ledger migration step and the server-wide analyst role', () => {
  it('recognises the two ways Postgres refuses a concurrent role change, and nothing else', () => {
    expect(isRoleCatalogRace(race)).toBe(true);
    expect(isRoleCatalogRace(Object.assign(new Error('tuple concurrently updated'), { code: 'XX000' }))).toBe(true);
    expect(isRoleCatalogRace(Object.assign(new Error('duplicate key value violates unique constraint "entries_pkey"'), { code: '23505' }))).toBe(false);
    expect(isRoleCatalogRace(new Error('connection refused'))).toBe(false);
  });

  it('runs the step again after a race, and gives up on any other error or after the last attempt', async () => {
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(race) : Promise.resolve('migrated'));

    await expect(retryOnRoleCatalogRace(flaky, 5, () => 0)).resolves.toBe('migrated');
    expect(calls).toBe(3);
    await expect(retryOnRoleCatalogRace(() => Promise.reject(race), 2, () => 0)).rejects.toBe(race);
    await expect(retryOnRoleCatalogRace(() => Promise.reject(new Error('syntax error')), 5, () => 0)).rejects.toThrow('syntax error');
  });
});
