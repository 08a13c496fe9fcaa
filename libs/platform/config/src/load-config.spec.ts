import { defaultCatalogPath } from '@hookline/catalog';
import { ConfigError, loadConfig } from './load-config';
import { serviceEnvSchema, toServiceConfig } from './service-config';

const schema = serviceEnvSchema({ port: 3000 });
const validEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:19092',
  DATABASE_URL: 'postgres://hookline:secret@127.0.0.1:5432/hookline',
  HOOKLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('maps a valid environment to a typed service config with defaults', () => {
    const config = toServiceConfig('ingress', loadConfig(schema, validEnv));

    expect(config).toEqual({
      service: 'ingress',
      logLevel: 'info',
      http: { host: '0.0.0.0', port: 3000 },
      kafka: {
        brokers: ['127.0.0.1:9092', 'kafka-2:19092'],
        clientId: 'hookline-ingress',
        sessionTimeoutMs: 30_000,
        fetch: { minBytes: 65_536, maxWaitMs: 100 },
        topicPrefix: '',
      },
      database: { url: validEnv.DATABASE_URL, poolSize: 10 },
      adminToken: validEnv.HOOKLINE_ADMIN_TOKEN,
      catalogPath: defaultCatalogPath,
    });
  });

  it('names the variable when the broker list is malformed', () => {
    expect(problemsOf({ ...validEnv, KAFKA_BROKERS: 'not a list' })).toEqual([
      'KAFKA_BROKERS: must be a comma-separated list of host:port (e.g. 127.0.0.1:9092)',
    ]);
  });

  it('lists every problem at once, including missing variables', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud' });

    expect(problems).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS: is required but not set',
        'DATABASE_URL: is required but not set',
        'HOOKLINE_ADMIN_TOKEN: is required but not set',
        expect.stringMatching(/^PORT: /),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('rejects a database URL that is not a postgres URL', () => {
    expect(problemsOf({ ...validEnv, DATABASE_URL: 'mysql://x' })).toEqual([
      'DATABASE_URL: must be a postgres:// connection URL',
    ]);
  });
});
