import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveLocalSecrets } from './local-secrets';

describe('resolveLocalSecrets', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-secrets-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates the secrets once and gives the same ones on the next start', () => {
    const first = resolveLocalSecrets(dataDir, {});
    const second = resolveLocalSecrets(dataDir, {});

    expect(second.secrets).toEqual(first.secrets);
    expect(first.secrets.adminToken.length).toBeGreaterThanOrEqual(32);
    expect(first.secrets.masterKey).toMatch(/^[0-9a-f]{64}$/);
    expect(first.fromEnvironment.size).toBe(0);
  });

  it("uses the user's own admin token, master key and analyst password, and never writes them to the file", async () => {
    const generated = resolveLocalSecrets(dataDir, {}).secrets;
    const env = { HOOKLINE_ADMIN_TOKEN: 'a'.repeat(40), HOOKLINE_MASTER_KEY: 'b'.repeat(64), LEDGER_ANALYST_PASSWORD: 'analyst-pw' };

    const resolved = resolveLocalSecrets(dataDir, env);

    expect(resolved.secrets).toEqual({ adminToken: 'a'.repeat(40), masterKey: 'b'.repeat(64), analystPassword: 'analyst-pw' });
    expect([...resolved.fromEnvironment].sort()).toEqual(['adminToken', 'analystPassword', 'masterKey']);
    expect(JSON.parse(await readFile(resolved.file, 'utf8'))).toEqual(generated);
  });

  it('adds an analyst password to a secrets file from before there was one, keeping the others', async () => {
    await writeFile(join(dataDir, 'secrets.json'), JSON.stringify({ adminToken: 't'.repeat(32), masterKey: 'c'.repeat(64) }));

    const { secrets } = resolveLocalSecrets(dataDir, {});

    expect(secrets).toMatchObject({ adminToken: 't'.repeat(32), masterKey: 'c'.repeat(64) });
    expect(secrets.analystPassword.length).toBeGreaterThanOrEqual(20);
    expect(resolveLocalSecrets(dataDir, {}).secrets.analystPassword).toBe(secrets.analystPassword);
  });
});
