import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { explainRejection, KafkaConnectionRejected } from './connection-rejection';

// kafkajs's typings leave out the message its constructor takes.
const SaslAuthenticationError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
const tlsFailure = (code: string) => Object.assign(new Error('handshake failed'), { code });
// kafkajs keeps Node's code on its connection error and wraps that once its retries run out.
const afterRetries = (error: Error) =>
  new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError(`Connection error: ${error.message}`, { code: (error as { code?: string }).code }), {
    retryCount: 5,
    retryTime: 1_000,
  });

describe('explainRejection', () => {
  it('names the login variables when the broker refuses the SASL login', () => {
    const rejection = explainRejection(new SaslAuthenticationError('SASL SCRAM SHA512 authentication failed'));

    expect(rejection).toBeInstanceOf(KafkaConnectionRejected);
    expect(rejection?.message).toMatch(/^Kafka refused the SASL login: check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM/);
  });

  it('names KAFKA_SSL_CA_FILE for an untrusted broker certificate, however deep kafkajs wrapped it', () => {
    expect(explainRejection(afterRetries(tlsFailure('SELF_SIGNED_CERT_IN_CHAIN')))?.message).toMatch(
      /TLS certificate is not trusted: set KAFKA_SSL_CA_FILE .*SELF_SIGNED_CERT_IN_CHAIN/,
    );
  });

  it('names KAFKA_BROKERS when the certificate is for another host', () => {
    expect(explainRejection(tlsFailure('ERR_TLS_CERT_ALTNAME_INVALID'))?.message).toMatch(/not issued for the host in KAFKA_BROKERS/);
  });

  it('names the client certificate variables when the broker refuses the client certificate', () => {
    expect(explainRejection(tlsFailure('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'))?.message).toMatch(
      /refused the client certificate: check KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE/,
    );
  });

  it('leaves a broker that is down unexplained, since no setting is wrong', () => {
    expect(explainRejection(afterRetries(tlsFailure('ECONNREFUSED')))).toBeUndefined();
    expect(explainRejection(new Error('kafka did not accept a connection'))).toBeUndefined();
  });
});
