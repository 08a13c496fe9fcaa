import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

// The CLI's whole configuration: read once, here.
const environmentSchema = z.object({
  HOOKLINE_URL: z.url({ protocol: /^https?$/, error: 'HOOKLINE_URL must be an http(s) URL, e.g. http://127.0.0.1:3000' }).default(DEFAULT_URL),
  HOOKLINE_ADMIN_TOKEN: z.string().min(1).optional(),
  // The same variable and default as `npm start` (tools/launcher), which keeps the generated admin token there.
  HOOKLINE_DATA_DIR: z.string().min(1).default('.hookline/dev'),
});

/** Where the admin token came from, so a refused one can be traced to the place to fix it. */
export type TokenSource = 'HOOKLINE_ADMIN_TOKEN' | 'secrets file';

export interface CliEnvironment {
  url: string;
  token: { value: string; source: TokenSource } | undefined;
  /** Where `npm start` keeps the token, for the message when there is none. */
  secretsFile: string;
}

const repoRoot = join(__dirname, '..', '..', '..');

const secretsFileSchema = z.object({ adminToken: z.string().min(1).optional() });

function tokenFromSecretsFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.adminToken : undefined;
}

/** The URL and admin token: the token from HOOKLINE_ADMIN_TOKEN, else the one `npm start` generated, so a local user needs no setup. */
export function readCliEnvironment(env: Readonly<Record<string, string | undefined>>): CliEnvironment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => issue.message).join('; '));
  const { HOOKLINE_URL: url, HOOKLINE_ADMIN_TOKEN: fromEnvironment, HOOKLINE_DATA_DIR: dataDir } = parsed.data;
  const secretsFile = join(resolve(repoRoot, dataDir), 'secrets.json');
  if (fromEnvironment !== undefined) return { url, secretsFile, token: { value: fromEnvironment, source: 'HOOKLINE_ADMIN_TOKEN' } };
  const fromFile = tokenFromSecretsFile(secretsFile);
  return { url, secretsFile, token: fromFile === undefined ? undefined : { value: fromFile, source: 'secrets file' } };
}
