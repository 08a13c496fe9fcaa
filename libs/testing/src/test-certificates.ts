import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** PEM files of a throwaway certificate authority and of a broker certificate it signed for loopback. */
export interface TestCertificates {
  /** The CA that signed the broker's certificate: what a client puts in KAFKA_SSL_CA_FILE. */
  caFile: string;
  /** A second CA that signed nothing the broker shows: a client trusting only it must refuse the broker. */
  untrustedCaFile: string;
  /** Its private key: a key that does not go with `brokerCertificateFile`. */
  untrustedCaKeyFile: string;
  /** The broker's certificate (for 127.0.0.1 and localhost) and its unencrypted PKCS#8 key. */
  brokerCertificateFile: string;
  brokerKeyFile: string;
}

const VALID_DAYS = '2';

/**
 * Makes the certificates with `openssl` in `dir`, new on every call: they
 * live one test run, so nothing outlives it that a stolen file could open.
 * P-256 keys, because RSA key generation costs noticeable CPU on a busy machine.
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  await Promise.all([selfSignedCa(dir, 'ca', 'Hookline test CA'), selfSignedCa(dir, 'untrusted-ca', 'Hookline untrusted test CA')]);
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('broker.key')]);
  await openssl(['req', '-new', '-key', file('broker.key'), '-subj', '/CN=localhost', '-out', file('broker.csr')]);
  await writeFile(file('broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    file('broker.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    VALID_DAYS,
    '-extfile',
    file('broker.ext'),
    '-out',
    file('broker.pem'),
  ]);
  return {
    caFile: file('ca.pem'),
    untrustedCaFile: file('untrusted-ca.pem'),
    untrustedCaKeyFile: file('untrusted-ca.key'),
    brokerCertificateFile: file('broker.pem'),
    brokerKeyFile: file('broker.key'),
  };
}

/** The broker's certificate and key as text, as Kafka's inline PEM key store takes them. */
export async function readBrokerPems(certificates: TestCertificates): Promise<{ certificatePem: string; keyPem: string }> {
  const [certificatePem, keyPem] = await Promise.all([
    readFile(certificates.brokerCertificateFile, 'utf8'),
    readFile(certificates.brokerKeyFile, 'utf8'),
  ]);
  return { certificatePem, keyPem };
}

async function selfSignedCa(dir: string, name: string, commonName: string): Promise<void> {
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    VALID_DAYS,
    '-subj',
    `/CN=${commonName}`,
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    join(dir, `${name}.pem`),
  ]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await promisify(execFile)('openssl', args, { timeout: 30_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`making the test certificates with openssl failed: ${(error as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
}
