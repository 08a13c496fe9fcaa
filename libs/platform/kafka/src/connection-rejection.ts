import { KAFKA_SECURITY_ENV as env } from '@hookline/platform/config';

/**
 * A broker refused this client's settings: wrong credentials or a
 * certificate nobody trusts. Unlike a broker that is down, it does not heal
 * by waiting, so the message says which setting to fix.
 */
export class KafkaConnectionRejected extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'KafkaConnectionRejected';
  }
}

/** Node's TLS error codes for settings that are wrong, each with what the operator should change. */
const settingFailures: ReadonlyArray<{ codes: readonly string[]; problem: string }> = [
  {
    // OpenSSL's verdicts on the broker's certificate chain.
    codes: [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_UNTRUSTED',
      'CERT_SIGNATURE_FAILURE',
    ],
    problem: `the Kafka broker's TLS certificate is not trusted: set ${env.caFile} to the CA certificate that signed it`,
  },
  { codes: ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'], problem: "the Kafka broker's TLS certificate is outside its validity period" },
  {
    codes: ['ERR_TLS_CERT_ALTNAME_INVALID'],
    problem: `the Kafka broker's TLS certificate is not issued for the host in ${env.brokers}: use a name the certificate carries`,
  },
  {
    // TLS alerts a broker sends when it will not accept the client's certificate.
    codes: [
      'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
      'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
    ],
    problem: `the Kafka broker refused the client certificate: check ${env.certFile} and ${env.keyFile}`,
  },
];

/**
 * Explains a connection failure that a setting causes, naming the variable
 * to fix, or undefined for anything else (a broker that is down, a timeout).
 * kafkajs wraps socket errors (keeping Node's `code`) and retries them, so
 * the whole `cause` chain is searched.
 */
export function explainRejection(error: unknown): KafkaConnectionRejected | undefined {
  for (const link of causeChain(error)) {
    if (link instanceof KafkaConnectionRejected) return link;
    const message = link instanceof Error ? link.message : String(link);
    if (link instanceof Error && link.name === 'KafkaJSSASLAuthenticationError') {
      const problem = `Kafka refused the SASL login: check ${env.saslUsername}, ${env.saslPassword} and ${env.saslMechanism}`;
      return new KafkaConnectionRejected(`${problem} (${message})`, { cause: error });
    }
    const code = codeOf(link);
    const failure = code === undefined ? undefined : settingFailures.find(({ codes }) => codes.includes(code));
    if (failure) return new KafkaConnectionRejected(`${failure.problem} (${code}: ${message})`, { cause: error });
  }
  return undefined;
}

function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let link: unknown = error; link !== undefined && link !== null && !seen.has(link); link = causeOf(link)) {
    seen.add(link);
    yield link;
  }
}

function causeOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  // kafkajs keeps the wrapped error in `cause` (retries exhausted) or `originalError` (protocol errors).
  const { cause, originalError } = error as { cause?: unknown; originalError?: unknown };
  return cause ?? originalError;
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
