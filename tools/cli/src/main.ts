import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from './admin-client';
import { parseArgs, runIntegrationsCommand, usage } from './commands';

/** The token `npm start` generated, so a local user needs no setup. */
function localAdminToken(): string | undefined {
  const file = join(__dirname, '..', '..', '..', '.hookline', 'dev', 'secrets.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { adminToken?: string }).adminToken : undefined;
}

async function main(argv: string[]): Promise<void> {
  const [group, ...rest] = argv;
  if (group !== 'integrations') throw new Error(usage);
  const token = process.env['HOOKLINE_ADMIN_TOKEN'] ?? localAdminToken();
  if (!token) throw new Error('set HOOKLINE_ADMIN_TOKEN (the ingress admin token)');
  const client = new AdminClient(process.env['HOOKLINE_URL'] ?? 'http://127.0.0.1:3000', token);
  const result = await runIntegrationsCommand(client, parseArgs(rest));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hookline: ${(error as Error).message}\n`);
  process.exit(1);
});
