import { ConfigError, loadConfig } from '@hookline/platform/config';
import { ingressConfigSchema } from './config';

const required = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://hookline@127.0.0.1:5432/hookline',
  HOOKLINE_ADMIN_TOKEN: 'a'.repeat(32),
  HOOKLINE_MASTER_KEY: '0'.repeat(64),
};

describe('the ingress configuration', () => {
  it('bounds slow clients and refusals by default', () => {
    const { ingress } = loadConfig(ingressConfigSchema, required);

    expect(ingress).toMatchObject({
      pagerDutyBodyLimitBytes: 512 * 1024,
      refusalsPerMinute: 120,
      connections: { headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000, idleTimeoutMs: 5_000, maxConnections: 4_096 },
    });
  });

  it('refuses a timeout that is not a positive whole number, naming the variable', () => {
    const load = () => loadConfig(ingressConfigSchema, { ...required, INGRESS_BODY_TIMEOUT_MS: '0', INGRESS_MAX_CONNECTIONS: 'many' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/INGRESS_BODY_TIMEOUT_MS[\s\S]*INGRESS_MAX_CONNECTIONS|INGRESS_MAX_CONNECTIONS[\s\S]*INGRESS_BODY_TIMEOUT_MS/);
  });
});
