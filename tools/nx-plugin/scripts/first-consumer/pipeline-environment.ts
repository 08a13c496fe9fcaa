import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brokerList, loadConfig, portNumber, postgresUrl } from '@hookline/platform/config';
import { LOCAL_POSTGRES } from '@hookline/infra';
import { z } from 'zod';

/** How to reach a running `npm start` pipeline. */
export interface PipelineEnvironment {
  kafkaBrokers: string[];
  databaseUrl: string;
  ingressUrl: string;
  adminToken: string;
}

// Each value from its variable when set, else from what `npm start` keeps in its data folder.
const environmentSchema = z.object({
  HOOKLINE_DATA_DIR: z.string().min(1).default('.hookline/dev'),
  HOOKLINE_BASE_PORT: portNumber(3000),
  KAFKA_BROKERS: brokerList().optional(),
  DATABASE_URL: postgresUrl().optional(),
  HOOKLINE_ADMIN_TOKEN: z.string().min(1).optional(),
});

// tools/infra/src/local-ports.ts and tools/launcher/src/local-secrets.ts write these.
const portsFileSchema = z.object({ kafka: z.number().int(), postgres: z.number().int() });
const secretsFileSchema = z.object({ adminToken: z.string().min(1) });

export function pipelineEnvironment(repoRoot: string, env: Readonly<Record<string, string | undefined>>): PipelineEnvironment {
  const config = loadConfig(environmentSchema, env);
  const dataDir = resolve(repoRoot, config.HOOKLINE_DATA_DIR);
  const ports = () => portsFileSchema.parse(readJson(join(dataDir, 'config', 'ports.json')));
  const { user, password, database } = LOCAL_POSTGRES;
  return {
    kafkaBrokers: config.KAFKA_BROKERS ?? [`127.0.0.1:${ports().kafka}`],
    databaseUrl: config.DATABASE_URL ?? `postgres://${user}:${password}@127.0.0.1:${ports().postgres}/${database}`,
    ingressUrl: `http://127.0.0.1:${config.HOOKLINE_BASE_PORT}`,
    adminToken: config.HOOKLINE_ADMIN_TOKEN ?? secretsFileSchema.parse(readJson(join(dataDir, 'secrets.json'))).adminToken,
  };
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file} not found: is \`npm start\` running with this HOOKLINE_DATA_DIR?`);
  return JSON.parse(readFileSync(file, 'utf8'));
}
