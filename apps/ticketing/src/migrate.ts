import { runMigrationCommand } from '@hookline/platform/service';
import { ticketingDatabase } from './db/database';

void runMigrationCommand('ticketing', ticketingDatabase);
