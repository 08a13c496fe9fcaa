import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificates, type TestCertificates } from '@hookline/testing';
import { ConfigError, loadConfig } from './load-config';
import { serviceEnvSchema, toServiceConfig } from './service-config';

const schema = serviceEnvSchema({ port: 3000 });
const plaintextEnv = { KAFKA_BROKERS: 'broker-1.example.com:9096', DATABASE_URL: 'postgres://hookline:secret@127.0.0.1:5432/hookline', HOOKLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };
const scramLogin = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'hookline', KAFKA_SASL_PASSWORD: 'pw' };

const kafkaOf = (env: Record<string, string>) => toServiceConfig('ingress', loadConfig(schema, env)).kafka;

/** What an operator reads when the app refuses to start. */
function startupProblems(env: Record<string, string>): readonly string[] {
  const result = (() => {
    try {
      return loadConfig(schema, env);
    } catch (error) {
      return error;
    }
  })();
  if (result instanceof ConfigError) return result.problems;
  throw new Error('expected the app to refuse this configuration');
}

describe('Kafka TLS and SASL settings', () => {
  let certificates: TestCertificates;
  beforeAll(async () => {
    certificates = await makeTestCertificates(join(tmpdir(), `hookline-kafka-security-spec-${process.pid}`));
  });

  it('reads the CA file and the login for a SASL_SSL cluster, accepting the mechanism in capitals', () => {
    const kafka = kafkaOf({
      ...plaintextEnv,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: certificates.caFile,
      ...scramLogin,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    });

    expect(kafka.security).toEqual({
      tls: { ca: expect.stringContaining('-----BEGIN CERTIFICATE-----') },
      sasl: { mechanism: 'scram-sha-512', username: 'hookline', password: 'pw' },
    });
  });

  it('reads a client certificate and its key for mutual TLS', () => {
    const kafka = kafkaOf({
      ...plaintextEnv,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CERT_FILE: certificates.brokerCertificateFile,
      KAFKA_SSL_KEY_FILE: certificates.brokerKeyFile,
    });

    expect(kafka.security).toEqual({
      tls: { cert: expect.stringContaining('BEGIN CERTIFICATE'), key: expect.stringContaining('BEGIN PRIVATE KEY') },
    });
  });

  it('stays plaintext without a login when none of the variables is set, or they are empty', () => {
    expect(kafkaOf(plaintextEnv).security).toBeUndefined();
    expect(kafkaOf({ ...plaintextEnv, KAFKA_SSL_CA_FILE: '', KAFKA_SASL_PASSWORD: '' }).security).toBeUndefined();
  });

  it('names KAFKA_SSL_CA_FILE when the file does not exist', () => {
    const missing = join(tmpdir(), 'hookline-no-such-ca.pem');

    expect(startupProblems({ ...plaintextEnv, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: missing })).toEqual([
      `KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`,
    ]);
  });

  it('names KAFKA_SSL_CA_FILE when the file holds no certificate', () => {
    const notPem = join(tmpdir(), `hookline-not-a-ca-${process.pid}.pem`);
    writeFileSync(notPem, 'hello');

    expect(startupProblems({ ...plaintextEnv, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem })).toEqual([
      `KAFKA_SSL_CA_FILE: ${notPem} holds no PEM certificate`,
    ]);
  });

  it('refuses a CA file without KAFKA_SSL=true rather than silently connecting in plaintext', () => {
    expect(startupProblems({ ...plaintextEnv, KAFKA_SSL_CA_FILE: certificates.caFile })).toEqual([
      'KAFKA_SSL_CA_FILE: is set but KAFKA_SSL is not true; set KAFKA_SSL=true to connect with TLS',
    ]);
  });

  it('refuses a KAFKA_SSL that is neither true nor false', () => {
    expect(startupProblems({ ...plaintextEnv, KAFKA_SSL: 'yes' })).toEqual(['KAFKA_SSL: must be true or false']);
  });

  it('names the missing half of a client certificate', () => {
    expect(startupProblems({ ...plaintextEnv, KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: certificates.brokerCertificateFile })).toEqual([
      "KAFKA_SSL_KEY_FILE: is required when KAFKA_SSL_CERT_FILE is set (the client certificate's private key)",
    ]);
  });

  it('names KAFKA_SSL_KEY_FILE when the key does not go with the certificate', () => {
    const problems = startupProblems({
      ...plaintextEnv,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CERT_FILE: certificates.brokerCertificateFile,
      KAFKA_SSL_KEY_FILE: certificates.untrustedCaKeyFile,
    });

    expect(problems).toEqual([expect.stringMatching(/^KAFKA_SSL_KEY_FILE: .* does not go with the certificate in KAFKA_SSL_CERT_FILE/)]);
  });

  it('names every missing part of a login when only the mechanism is set', () => {
    expect(startupProblems({ ...plaintextEnv, KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set',
      'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set',
    ]);
  });

  it('names KAFKA_SASL_MECHANISM when a login is given without it', () => {
    expect(startupProblems({ ...plaintextEnv, KAFKA_SASL_USERNAME: 'hookline', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([
      'KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (plain, scram-sha-256 or scram-sha-512)',
    ]);
  });

  it('refuses a mechanism Hookline cannot use', () => {
    expect(startupProblems({ ...plaintextEnv, ...scramLogin, KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual([
      'KAFKA_SASL_MECHANISM: must be plain, scram-sha-256 or scram-sha-512',
    ]);
  });
});
