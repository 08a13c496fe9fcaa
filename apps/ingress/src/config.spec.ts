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

  it.each([
    ['64 hex digits', 'ab'.repeat(32)],
    ['padded base64', Buffer.alloc(32, 7).toString('base64')],
    ['unpadded base64url', Buffer.alloc(32, 250).toString('base64url')],
  ])('takes a master key as %s', (_format, key) => {
    expect(loadConfig(ingressConfigSchema, { ...required, HOOKLINE_MASTER_KEY: key }).ingress.masterKey).toHaveLength(32);
  });

  it.each([
    ['a base64 key with a stray character, which a lenient decoder would shorten silently', `${Buffer.alloc(32, 7).toString('base64').slice(0, 20)}!${Buffer.alloc(32, 7).toString('base64').slice(21)}`],
    ['a key of 31 bytes', Buffer.alloc(31, 1).toString('hex')],
    ['a passphrase', 'correct horse battery staple and more words here!'],
  ])('refuses %s, naming HOOKLINE_MASTER_KEY', (_case, key) => {
    expect(() => loadConfig(ingressConfigSchema, { ...required, HOOKLINE_MASTER_KEY: key })).toThrow(/HOOKLINE_MASTER_KEY: must be 32 bytes/);
  });
});
