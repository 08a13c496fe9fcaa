import type { DataSourceSpec } from '@hookline/platform/persistence';

/** Injection tokens for values that have no class of their own. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');
/** `HOOKLINE_ADMIN_TOKEN`, for `AdminTokenGuard`; PlatformModule provides it from the shared service config. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** An app's Postgres schema with its entities and migrations, listed explicitly. */
export type DatabaseDefinition = Pick<DataSourceSpec, 'schema' | 'entities' | 'migrations'>;
