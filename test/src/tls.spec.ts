import { pickFreePorts } from '@hookline/infra';
import { generateLocalSecrets, spawnTypeScript } from '@hookline/launcher';
import { type TestCertificates, eventually, makeTestCertificates, senderFixture, testInfrastructure } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HttpsAnswer, httpsRequest } from './support/https-client';

// The real ingress as its own process, serving HTTPS directly: webhooks on the
// public port (client certificates optional), the admin API, /metrics and
// /readyz on an admin port that requires one, behind a trusted proxy on
// loopback. Clients verify the server against a CA the test made.
//
// Certificates: `first` and `second` are two throwaway CAs, each with a server
// certificate for 127.0.0.1. The self-signed certificate of `first`'s second
// CA is the operator's client certificate (TLS_CLIENT_CA_FILE trusts exactly
// it); `second`'s is a certificate nobody trusts.

const { dataDir, kafkaBrokers, databaseUrl } = testInfrastructure();
const dir = join(dataDir, 'tls-spec');
const serverCert = join(dir, 'server', 'cert.pem');
const serverKey = join(dir, 'server', 'key.pem');
const logFile = join(dataDir, 'logs', 'tls-ingress.log');

describe('the ingress serving HTTPS itself, with an admin listener of its own', () => {
  const secrets = generateLocalSecrets();
  let first: TestCertificates;
  let second: TestCertificates;
  let ca: string;
  let operator: { cert: string; key: string };
  let stranger: { cert: string; key: string };
  let publicUrl: string;
  let adminUrl: string;
  let ingress: Awaited<ReturnType<typeof spawnTypeScript>>;

  const call = (url: string, options: Omit<Parameters<typeof httpsRequest>[1], 'ca'> = {}) => httpsRequest(url, { ca, ...options });
  const admin = (method: string, path: string, body?: unknown) =>
    call(`${adminUrl}${path}`, {
      ...operator,
      method,
      headers: { authorization: `Bearer ${secrets.adminToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const fingerprintOf = async (file: string) => {
    const { X509Certificate } = await import('node:crypto');
    return new X509Certificate(await readFile(file)).fingerprint256;
  };
  const serveCertificateOf = async (certificates: TestCertificates) => {
    await copyFile(certificates.brokerCertificateFile, serverCert);
    await copyFile(certificates.brokerKeyFile, serverKey);
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([makeTestCertificates(join(dir, 'first')), makeTestCertificates(join(dir, 'second'))]);
    await mkdir(join(dir, 'server'), { recursive: true });
    await serveCertificateOf(first);
    ca = `${await readFile(first.caFile, 'utf8')}${await readFile(second.caFile, 'utf8')}`;
    operator = { cert: await readFile(first.untrustedCaFile, 'utf8'), key: await readFile(first.untrustedCaKeyFile, 'utf8') };
    stranger = { cert: await readFile(second.untrustedCaFile, 'utf8'), key: await readFile(second.untrustedCaKeyFile, 'utf8') };

    const [port, adminPort] = await pickFreePorts(2);
    publicUrl = `https://127.0.0.1:${port}`;
    adminUrl = `https://127.0.0.1:${adminPort}`;
    ingress = await spawnTypeScript({
      entry: 'apps/ingress/src/main.ts',
      env: {
        KAFKA_BROKERS: kafkaBrokers.join(','),
        DATABASE_URL: databaseUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        ADMIN_PORT: String(adminPort),
        LOG_LEVEL: 'info',
        HOOKLINE_ADMIN_TOKEN: secrets.adminToken,
        HOOKLINE_MASTER_KEY: secrets.masterKey,
        TLS_CERT_FILE: serverCert,
        TLS_KEY_FILE: serverKey,
        TLS_CLIENT_CA_FILE: first.untrustedCaFile,
        TLS_CLIENT_AUTH: 'optional',
        ADMIN_TLS_CLIENT_AUTH: 'require',
        TRUSTED_PROXIES: '127.0.0.1',
        HSTS_MAX_AGE_SECONDS: '31536000',
        REFUSE_FORWARDED_HTTP: 'true',
      },
      logFile,
    });
    await eventually(async () => expect((await call(`${adminUrl}/readyz`, operator)).status).toBe(200), { timeoutMs: 90_000 });
  }, 120_000);

  afterAll(() => ingress?.stop());

  it('takes a webhook over HTTPS that the sender verified, with HSTS', async () => {
    const { body } = await admin('POST', '/api/integrations', { name: 'tls', source: 'alertmanager', auth: { scheme: 'bearer' } });
    const { id, secret } = JSON.parse(body) as { id: string; secret: string };

    const delivery = await call(`${publicUrl}/webhooks/${id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
      body: JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` }),
    });

    expect(delivery.status).toBe(202);
    expect(delivery.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(delivery.serverCertificate).toBe(await fingerprintOf(first.brokerCertificateFile));
  });

  it('takes PagerDuty events on /v2/enqueue over HTTPS', async () => {
    const { body } = await admin('POST', '/api/integrations', { name: 'tls-pd', source: 'pagerduty', auth: { scheme: 'routing-key' } });
    const { secret } = JSON.parse(body) as { secret: string };
    const trigger = { ...(senderFixture('pagerduty-events-v2')['trigger'] as Record<string, unknown>), routing_key: secret, dedup_key: `tls-${randomUUID()}` };

    const answer = await call(`${publicUrl}/v2/enqueue`, { method: 'POST', body: JSON.stringify(trigger) });

    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'success', dedup_key: trigger.dedup_key });
  });

  it('is refused by a client that does not trust its certificate authority', async () => {
    await expect(httpsRequest(`${publicUrl}/healthz`, { ca: await readFile(second.untrustedCaFile, 'utf8') })).rejects.toThrow(/certificate/i);
  });

  it('serves only webhooks and /healthz on the public port: the admin API, /metrics and /readyz answer 404 there', async () => {
    const paths = ['/api/integrations', '/metrics', '/readyz', '/openapi.json'];
    const answers = await Promise.all(paths.map((path) => call(`${publicUrl}${path}`, { headers: { authorization: `Bearer ${secrets.adminToken}` } })));

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toMatchObject({ type: 'urn:hookline:error:not_found', status: 404 });
    expect((await call(`${publicUrl}/healthz`)).status).toBe(200);
  });

  it('serves the admin API, /metrics and /readyz on the admin port, and not the webhooks', async () => {
    const [integrations, metrics, ready, healthz, webhook] = await Promise.all([
      admin('GET', '/api/integrations'),
      call(`${adminUrl}/metrics`, operator),
      call(`${adminUrl}/readyz`, operator),
      call(`${adminUrl}/healthz`, operator),
      call(`${adminUrl}/webhooks/int_nosuchintegration00000`, { ...operator, method: 'POST', body: '{}' }),
    ]);

    expect([integrations.status, metrics.status, ready.status, healthz.status, webhook.status]).toEqual([200, 200, 200, 200, 404]);
    expect(metrics.body).toContain('hookline_http_requests_total');
  });

  it('refuses a connection to the admin port without a client certificate, or with one its CA did not sign', async () => {
    await expect(call(`${adminUrl}/readyz`)).rejects.toThrow();
    await expect(call(`${adminUrl}/readyz`, stranger)).rejects.toThrow();
  });

  it('lets a webhook sender without a certificate in, but not one showing a certificate that does not verify', async () => {
    await expect(call(`${publicUrl}/healthz`, stranger)).rejects.toThrow();
    expect((await call(`${publicUrl}/healthz`, operator)).status).toBe(200);
  });

  it('answers a malformed X-Forwarded-For from the trusted proxy with 400, never 500', async () => {
    const answers = await Promise.all(
      ['not-an-ip', '203.0.113.7:4711', '1.2.3.4, <script>', ''].map((forwardedFor) =>
        call(`${publicUrl}/webhooks/int_nosuchintegration00000`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor }, body: '{}' }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 404]);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toMatchObject({ type: 'urn:hookline:error:invalid_input', detail: expect.stringContaining('X-Forwarded-For') });
  });

  it('refuses what the trusted proxy says came in over plain HTTP', async () => {
    const forwarded = (proto: string) => call(`${publicUrl}/healthz`, { headers: { 'x-forwarded-proto': proto } });
    const [plain, secure] = await Promise.all([forwarded('http'), forwarded('https')]);

    expect([plain.status, secure.status]).toEqual([403, 200]);
    expect(JSON.parse(plain.body)).toMatchObject({ type: 'urn:hookline:error:forbidden', detail: expect.stringContaining('HTTPS only') });
  });

  it('serves a renewed certificate to new connections after SIGHUP, without restarting', async () => {
    const renewed = await fingerprintOf(second.brokerCertificateFile);
    await serveCertificateOf(second);

    process.kill(ingress.pid, 'SIGHUP');

    await eventually(async () => expect((await call(`${publicUrl}/healthz`)).serverCertificate).toBe(renewed));
    const answers: HttpsAnswer[] = await Promise.all([call(`${adminUrl}/readyz`, operator), call(`${publicUrl}/healthz`)]);
    expect(answers.map((answer) => [answer.status, answer.serverCertificate])).toEqual([
      [200, renewed],
      [200, renewed],
    ]);
    await eventually(async () => expect(await readFile(logFile, 'utf8')).toMatch(/"reason":"SIGHUP".*TLS certificate reloaded/));
  });

  it('also picks up certificate files replaced on disk without a signal', async () => {
    const renewed = await fingerprintOf(first.brokerCertificateFile);
    await serveCertificateOf(first);

    await eventually(async () => expect((await call(`${publicUrl}/healthz`)).serverCertificate).toBe(renewed));
  });
});
