import { runMigrationCommand } from '@hookline/platform/service';
import { ingressDatabase } from './db/database';
import { ingressSql } from './db/ingress-sql';

void runMigrationCommand('ingress', ingressDatabase, ingressSql());
