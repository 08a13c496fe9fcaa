import { deadLettersMigration } from '@hookline/platform/dead-letters';
import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';
import { AnalystAdvisoryLocks1795400800000 } from './analyst-advisory-locks.migration';
import { AnalystRole1795400500000 } from './analyst-role.migration';
import { AnalystViews1795400400000 } from './analyst-views.migration';
import { LedgerDerivations1795400300000 } from './ledger-derivations.migration';
import { LedgerNumbers1795400700000 } from './ledger-numbers.migration';
import { LedgerQuietRebuilds1795400600000 } from './ledger-quiet-rebuilds.migration';
import { LedgerTables1795400200000 } from './ledger-tables.migration';

/** The `ledger` schema: entry history, entries, outage spans, maintenance windows, the SLA pre-aggregate, the analyst role, the inbox. Its functions, trigger and views are repeatable SQL (ledger-sql.ts), applied after these. */
export const ledgerDatabase: DatabaseDefinition = {
  schema: 'ledger',
  entities: [],
  migrations: [
    messagingTablesMigration({ schema: 'ledger', outbox: false, timestamp: 1795400000000 }),
    LedgerTables1795400200000,
    LedgerDerivations1795400300000,
    AnalystViews1795400400000,
    AnalystRole1795400500000,
    LedgerQuietRebuilds1795400600000,
    LedgerNumbers1795400700000,
    AnalystAdvisoryLocks1795400800000,
    deadLettersMigration({ schema: 'ledger', timestamp: 1795401500000 }),
  ],
};
