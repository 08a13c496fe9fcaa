import { runMigrationCommand } from '@hookline/platform/service';
import { ledgerDatabase } from './db/database';

void runMigrationCommand('ledger', ledgerDatabase);
