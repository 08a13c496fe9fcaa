import { ConfigError } from '@hookline/platform/config';
import { infrastructureOverrides, loadLauncherConfig } from './launcher-config';

describe('the Kafka settings of npm start and npm test', () => {
  it('hands the login of an external Kafka to the infrastructure, so topics are created with it', () => {
    const config = loadLauncherConfig({
      KAFKA_BROKERS: 'kafka.example.com:9096',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'hookline',
      KAFKA_SASL_PASSWORD: 'pw',
    });

    expect(infrastructureOverrides(config)).toMatchObject({
      externalKafkaBrokers: 'kafka.example.com:9096',
      externalKafkaSecurity: { sasl: { mechanism: 'scram-sha-512', username: 'hookline', password: 'pw' } },
    });
  });

  it('refuses TLS or a login for the local Kafka, which is plaintext, naming KAFKA_BROKERS', () => {
    expect(() => loadLauncherConfig({ KAFKA_SSL: 'true' })).toThrow(ConfigError);
    expect(() => loadLauncherConfig({ KAFKA_SSL: 'true' })).toThrow(/KAFKA_BROKERS: is required with KAFKA_SSL or KAFKA_SASL_MECHANISM/);
  });

  it('keeps the local Kafka plaintext when nothing is set', () => {
    expect(infrastructureOverrides(loadLauncherConfig({})).externalKafkaSecurity).toBeUndefined();
  });

  it('refuses a KAFKA_TOPIC_PREFIX that Kafka cannot name topics with, naming the variable', () => {
    expect(() => loadLauncherConfig({ KAFKA_TOPIC_PREFIX: 'team a/' })).toThrow(/KAFKA_TOPIC_PREFIX: must be words of letters, digits/);
    expect(loadLauncherConfig({ KAFKA_TOPIC_PREFIX: 'acme.staging' }).KAFKA_TOPIC_PREFIX).toBe('acme.staging');
  });
});
