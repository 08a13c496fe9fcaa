import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@hookline/platform/config';
import { listenerLine, loadListenerLayout, serviceUrls } from './listener-layout';

// The file only has to be readable here: the apps check that it holds a certificate that goes with its key.
const certificateFile = join(mkdtempSync(join(tmpdir(), 'hookline-listeners-')), 'cert.pem');
writeFileSync(certificateFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

function problemsOf(env: Record<string, string>, basePort = 3000): string[] {
  try {
    loadListenerLayout(env, basePort);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.problems];
  }
}

describe("npm start's listener layout", () => {
  it('is plain HTTP on one port per app when neither TLS_CERT_FILE nor ADMIN_PORT is set', () => {
    const layout = loadListenerLayout({}, 3000);

    expect(serviceUrls(layout, 'ingress', 3000)).toEqual({ url: 'http://127.0.0.1:3000' });
  });

  it('names https:// URLs when TLS_CERT_FILE is set', () => {
    const layout = loadListenerLayout({ TLS_CERT_FILE: certificateFile }, 3000);

    expect(serviceUrls(layout, 'status-page', 3003)).toEqual({ url: 'https://127.0.0.1:3003' });
  });

  it('gives each app its own admin listener from ADMIN_PORT on, in service order', () => {
    const layout = loadListenerLayout({ TLS_CERT_FILE: certificateFile, ADMIN_PORT: '9100' }, 3000);

    expect(serviceUrls(layout, 'ingress', 3000)).toEqual({ url: 'https://127.0.0.1:3000', adminUrl: 'https://127.0.0.1:9100' });
    expect(serviceUrls(layout, 'ledger', 3004)).toEqual({ url: 'https://127.0.0.1:3004', adminUrl: 'https://127.0.0.1:9104' });
  });

  it("prints each app's admin listener beside its public one", () => {
    const layout = loadListenerLayout({ TLS_CERT_FILE: certificateFile, ADMIN_PORT: '9100' }, 3000);

    expect(listenerLine({ name: 'ingress', ...serviceUrls(layout, 'ingress', 3000) })).toBe(
      '  ingress      https://127.0.0.1:3000   admin https://127.0.0.1:9100   (/api /readyz /metrics there)',
    );
    expect(listenerLine({ name: 'ingress', ...serviceUrls(loadListenerLayout({}, 3000), 'ingress', 3000) })).toBe(
      '  ingress      http://127.0.0.1:3000   (/healthz /readyz /metrics)',
    );
  });

  it('refuses admin ports that run into the apps\' ports or past 65535, or a random one', () => {
    expect(problemsOf({ ADMIN_PORT: '3002' })).toEqual([expect.stringMatching(/^ADMIN_PORT: the admin listeners \(3002–3006\) overlap the apps' ports \(3000–3004, HOOKLINE_BASE_PORT\)/)]);
    expect(problemsOf({ ADMIN_PORT: '65533' })).toEqual([expect.stringMatching(/^ADMIN_PORT: must leave room for 4 more ports/)]);
    expect(problemsOf({ ADMIN_PORT: '0' })).toEqual([expect.stringMatching(/^ADMIN_PORT: must be a fixed port for npm start/)]);
  });

  it('refuses a required client certificate where npm start checks readiness, naming that listener\'s variable', () => {
    expect(problemsOf({ TLS_CLIENT_AUTH: 'require' })).toEqual([expect.stringMatching(/^TLS_CLIENT_AUTH: is require, but npm start checks \/readyz there/)]);
    expect(problemsOf({ ADMIN_PORT: '9100', ADMIN_TLS_CLIENT_AUTH: 'require' })).toEqual([expect.stringMatching(/^ADMIN_TLS_CLIENT_AUTH: is require/)]);
    // Webhook senders may be asked for a certificate when /readyz lives on the admin listener.
    expect(problemsOf({ ADMIN_PORT: '9100', TLS_CLIENT_AUTH: 'require', ADMIN_TLS_CLIENT_AUTH: 'optional' })).toEqual([]);
  });
});
