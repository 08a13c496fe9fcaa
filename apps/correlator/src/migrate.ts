import { runMigrationCommand } from '@hookline/platform/service';
import { correlatorDatabase } from './db/database';

void runMigrationCommand('correlator', correlatorDatabase);
