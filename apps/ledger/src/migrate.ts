import { createLogger } from '@hookline/platform/observability';
import { runMigrationCommand } from '@hookline/platform/service';
import { analystLoginEnv, applyAnalystLogin } from './analysts/analyst-login';
import { ledgerDatabase } from './db/database';
import { ledgerSql } from './db/ledger-sql';
import { retryOnRoleCatalogRace } from './db/role-catalog-race';

// Migrations first (they create the analyst role), then the analyst's password from the environment.
void (async () => {
  const env = analystLoginEnv(process.env);
  await retryOnRoleCatalogRace(() => runMigrationCommand('ledger', ledgerDatabase, ledgerSql()));
  await retryOnRoleCatalogRace(() => applyAnalystLogin(env, createLogger({ service: 'ledger', level: 'info' })));
})().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
