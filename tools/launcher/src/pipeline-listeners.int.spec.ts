import { readFile } from 'node:fs/promises';
import { get } from 'node:https';
import { join } from 'node:path';
import { pickFreePorts } from '@hookline/infra';
import { makeTestCertificates, testInfrastructure } from '@hookline/testing';
import { generateLocalSecrets } from './local-secrets';
import { type RunningService, startService } from './pipeline';

// What `npm start` does with TLS_CERT_FILE and ADMIN_PORT in its environment, with the real ingress:
// it names https:// URLs, and waits for /readyz on the admin listener, where the app serves it.

const { kafkaBrokers, databaseUrl, dataDir } = testInfrastructure();

/** The status of a GET that verifies the server against `ca`, as a user's client does. */
function verifiedStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('the launcher with TLS and an admin listener', () => {
  let ingress: RunningService;
  let ca: string;
  let ports: { public: number; admin: number };

  beforeAll(async () => {
    const certificates = await makeTestCertificates(join(dataDir, 'launcher-listeners', 'certificates'));
    ca = await readFile(certificates.caFile, 'utf8');
    const [publicPort = 0, adminPort = 0] = await pickFreePorts(2);
    ports = { public: publicPort, admin: adminPort };
    ingress = await startService(
      {
        kafkaBrokers,
        databaseUrl,
        logDir: join(dataDir, 'logs', 'launcher-listeners'),
        logLevel: 'warn',
        secrets: generateLocalSecrets(),
        listeners: { scheme: 'https', adminBasePort: adminPort },
        env: { TLS_CERT_FILE: certificates.brokerCertificateFile, TLS_KEY_FILE: certificates.brokerKeyFile },
      },
      'ingress',
      publicPort,
    );
  }, 120_000);
  afterAll(() => ingress?.process.stop());

  it('names the https:// URLs of both listeners', () => {
    expect({ url: ingress.url, adminUrl: ingress.adminUrl }).toEqual({
      url: `https://127.0.0.1:${ports.public}`,
      adminUrl: `https://127.0.0.1:${ports.admin}`,
    });
  });

  it('was ready on the admin listener, where /readyz lives once the public port no longer serves it', async () => {
    expect(await verifiedStatus(`${ingress.adminUrl}/readyz`, ca)).toBe(200);
    expect(await verifiedStatus(`${ingress.url}/readyz`, ca)).toBe(404);
    expect(await verifiedStatus(`${ingress.url}/healthz`, ca)).toBe(200);
  });
});
