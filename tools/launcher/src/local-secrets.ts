import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface LocalSecrets {
  /** Bearer token of the admin APIs. */
  adminToken: string;
  /** AES-256 key (hex) that encrypts integration secrets at rest; losing it makes stored secrets unreadable. */
  masterKey: string;
  /** Password of the ledger's read-only `hookline_analyst` role (LEDGER_ANALYST_PASSWORD). */
  analystPassword: string;
}

/** The variables that override a generated secret, by secret. */
export const secretVariables = {
  adminToken: 'HOOKLINE_ADMIN_TOKEN',
  masterKey: 'HOOKLINE_MASTER_KEY',
  analystPassword: 'LEDGER_ANALYST_PASSWORD',
} as const satisfies Record<keyof LocalSecrets, string>;

export type SecretName = keyof LocalSecrets;

/** The secrets of a local pipeline and, for each, where it came from, so the banner never prints a user's own secret. */
export interface ResolvedSecrets {
  secrets: LocalSecrets;
  fromEnvironment: ReadonlySet<SecretName>;
  file: string;
}

/** Fresh secrets for a throwaway pipeline (tests). */
export function generateLocalSecrets(): LocalSecrets {
  return {
    adminToken: randomBytes(24).toString('base64url'),
    masterKey: randomBytes(32).toString('hex'),
    analystPassword: randomBytes(18).toString('base64url'),
  };
}

// Files written before a secret existed lack it: it is generated and added.
const storedSecretsSchema = z.object({ adminToken: z.string(), masterKey: z.string(), analystPassword: z.string() }).partial();

/**
 * The local pipeline's secrets: each one from its environment variable when
 * set, otherwise the one generated on the first `npm start` and kept in the
 * data folder (owner-only), so integrations created yesterday still decrypt
 * today. A secret from the environment is never written to the file.
 * Deleting the data folder starts over with new generated ones.
 */
export function resolveLocalSecrets(dataDir: string, env: Readonly<Record<string, string | undefined>>): ResolvedSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? storedSecretsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : {};
  const generated = { ...generateLocalSecrets(), ...stored };
  if (Object.keys(stored).length < Object.keys(generated).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
  }
  const fromEnvironment = new Set<SecretName>();
  const secrets = { ...generated };
  for (const [name, variable] of Object.entries(secretVariables) as Array<[SecretName, string]>) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    secrets[name] = value;
    fromEnvironment.add(name);
  }
  return { secrets, fromEnvironment, file };
}
