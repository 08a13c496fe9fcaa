import { runMigrationCommand } from '@hookline/platform/service';
import { statusPageDatabase } from './db/database';

void runMigrationCommand('status-page', statusPageDatabase);
