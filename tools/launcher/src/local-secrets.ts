import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  /** Bearer token of the admin APIs. */
  adminToken: string;
  /** AES-256 key (hex) that encrypts integration secrets at rest; losing it makes stored secrets unreadable. */
  masterKey: string;
}

/** Fresh secrets for a throwaway pipeline (tests). */
export function generateLocalSecrets(): LocalSecrets {
  return { adminToken: randomBytes(24).toString('base64url'), masterKey: randomBytes(32).toString('hex') };
}

/**
 * The local pipeline's secrets, created on the first `npm start` and kept in
 * its data folder (owner-only), so integrations created yesterday still
 * decrypt today. Deleting the data folder starts over with new ones.
 */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets = generateLocalSecrets();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
