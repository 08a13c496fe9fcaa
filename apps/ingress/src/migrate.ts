import { runMigrationCommand } from '@hookline/platform/service';
import { ingressDatabase } from './db/database';

void runMigrationCommand('ingress', ingressDatabase);
