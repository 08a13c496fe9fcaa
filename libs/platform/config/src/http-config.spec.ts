import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';
import { serviceEnvSchema, toServiceConfig } from './service-config';

const schema = serviceEnvSchema({ port: 3000 }).transform((env) => toServiceConfig('spec', env));
const baseEnv = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://hookline@127.0.0.1:5432/hookline', HOOKLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

const dir = mkdtempSync(join(tmpdir(), 'http-config-'));
const file = (name: string) => join(dir, name);
/** A self-signed certificate and its key, made once: what TLS_CERT_FILE and TLS_KEY_FILE point at. */
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=spec',
  '-keyout', file('key.pem'), '-out', file('cert.pem'),
]);
execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('other.key')]);
writeFileSync(file('not-a-cert.pem'), 'hello');
const tlsEnv = { TLS_CERT_FILE: file('cert.pem'), TLS_KEY_FILE: file('key.pem') };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(schema, { ...baseEnv, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('the HTTP listener variables', () => {
  it('keep one plain HTTP port that trusts no proxy when none is set', () => {
    expect(loadConfig(schema, baseEnv).http).toEqual({ host: '0.0.0.0', port: 3000 });
  });

  it('map TLS, an admin listener and trusted proxies to the listeners\' settings', () => {
    const http = loadConfig(schema, {
      ...baseEnv,
      ...tlsEnv,
      TLS_CLIENT_CA_FILE: file('cert.pem'),
      ADMIN_TLS_CLIENT_AUTH: 'require',
      ADMIN_PORT: '9100',
      ADMIN_HOST: '10.0.0.5',
      TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,loopback,2001:db8::/32',
      HSTS_MAX_AGE_SECONDS: '600',
    }).http;

    expect(http).toMatchObject({
      tls: { cert: { path: file('cert.pem') }, key: { path: file('key.pem') }, clientCa: { path: file('cert.pem') }, clientAuth: 'none' },
      admin: { host: '10.0.0.5', port: 9100, clientAuth: 'require' },
      trustedProxies: { addresses: ['10.0.0.0/8', '127.0.0.1', 'loopback', '2001:db8::/32'] },
      hstsMaxAgeSeconds: 600,
    });
  });

  it('put the admin listener on HOST unless ADMIN_HOST says otherwise', () => {
    expect(loadConfig(schema, { ...baseEnv, HOST: '127.0.0.1', ADMIN_PORT: '0' }).http.admin).toEqual({ host: '127.0.0.1', port: 0, clientAuth: 'none' });
  });

  it('refuse a proxy list entry that is not an address or range', () => {
    expect(problemsOf({ TRUSTED_PROXIES: '10.0.0.0/33,proxy.internal' })).toEqual([expect.stringMatching(/^TRUSTED_PROXIES: must be a comma-separated list of IP addresses/)]);
  });

  it('refuse naming the proxies and counting them at once', () => {
    expect(problemsOf({ TRUSTED_PROXIES: '10.0.0.1', TRUSTED_PROXY_HOPS: '1' })).toEqual([expect.stringMatching(/^TRUSTED_PROXY_HOPS: cannot be set together with TRUSTED_PROXIES/)]);
  });

  it('refuse half a certificate and a key that is not the certificate\'s', () => {
    expect(problemsOf({ TLS_CERT_FILE: file('cert.pem') })).toEqual([expect.stringMatching(/^TLS_KEY_FILE: is required when TLS_CERT_FILE is set/)]);
    expect(problemsOf({ ...tlsEnv, TLS_KEY_FILE: file('other.key') })).toEqual([expect.stringMatching(/^TLS_KEY_FILE: .* does not go with the certificate in TLS_CERT_FILE/)]);
    expect(problemsOf({ ...tlsEnv, TLS_CERT_FILE: file('not-a-cert.pem') })).toEqual([expect.stringMatching(/^TLS_CERT_FILE: .* holds no PEM certificate/)]);
  });

  it('refuse client certificates without TLS or without the CA that signs them', () => {
    expect(problemsOf({ TLS_CLIENT_AUTH: 'require', TLS_CLIENT_CA_FILE: file('cert.pem') })).toEqual([
      'TLS_CLIENT_AUTH: is require but the listener has no TLS: set TLS_CERT_FILE and TLS_KEY_FILE',
    ]);
    expect(problemsOf({ ...tlsEnv, TLS_CLIENT_AUTH: 'optional' })).toEqual([
      "TLS_CLIENT_CA_FILE: is required when TLS_CLIENT_AUTH is optional (the CA that signs the clients' certificates)",
    ]);
    expect(problemsOf({ ...tlsEnv, TLS_CLIENT_AUTH: 'sometimes' })).toEqual(['TLS_CLIENT_AUTH: must be none, optional or require']);
  });

  it('refuse admin settings without ADMIN_PORT, and an admin port that is the public one', () => {
    expect(problemsOf({ ADMIN_HOST: '127.0.0.1' })).toEqual([expect.stringMatching(/^ADMIN_HOST: is set but ADMIN_PORT is not/)]);
    expect(problemsOf({ PORT: '8080', ADMIN_PORT: '8080' })).toEqual(['ADMIN_PORT: must differ from PORT (8080): the admin listener is a second port']);
  });

  it('refuse HSTS over plain HTTP and a forwarded-protocol check without a proxy to believe', () => {
    expect(problemsOf({ HSTS_MAX_AGE_SECONDS: '60', REFUSE_FORWARDED_HTTP: 'true' })).toEqual([
      expect.stringMatching(/^HSTS_MAX_AGE_SECONDS: has no effect over plain HTTP/),
      expect.stringMatching(/^REFUSE_FORWARDED_HTTP: needs a trusted proxy/),
    ]);
  });
});
