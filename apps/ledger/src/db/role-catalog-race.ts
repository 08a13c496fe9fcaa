/**
 * `hookline_analyst` is a role of the whole Postgres server, not of one
 * database, and its settings (`ALTER ROLE … SET`) are rows of a shared
 * catalog. Two ledger migration steps running at once against two databases
 * of one server (two deployments, parallel test runs) can collide there, and
 * the advisory lock that serialises migrations is per database, so it does
 * not help. Postgres then refuses one side with a unique violation on the
 * role or role-setting catalog, or "tuple concurrently updated". Both leave
 * nothing half done (the migration's transaction rolled back), and a second
 * try finds the role or setting in place: so the step is simply run again.
 */
export function isRoleCatalogRace(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (code === '23505') return /pg_authid_rolname_index|pg_db_role_setting_databaseid_rol_index/.test(text);
  return code === 'XX000' && text.includes('tuple concurrently updated');
}

/** Runs `step`, again (up to `attempts` times, after a short random pause) when it lost a role-catalog race. */
export async function retryOnRoleCatalogRace<T>(step: () => Promise<T>, attempts = 5, pauseMs = () => 50 + Math.random() * 200): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !isRoleCatalogRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs()));
    }
  }
}
