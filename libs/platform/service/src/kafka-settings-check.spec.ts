import { KafkaConnectionRejected } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { checkKafkaSettings } from './kafka-settings-check';

const logger = createLogger({ service: 'spec', level: 'silent' });
const unreachable = () => new Error('kafka did not accept a connection');
const refusedLogin = () => new KafkaConnectionRejected('Kafka refused the SASL login: check KAFKA_SASL_PASSWORD', { cause: new Error('auth failed') });

/** A connection whose pings answer in turn with each outcome given, then succeed. */
function connectionAnswering(...outcomes: Error[]): { ping: () => Promise<void>; pings: () => number } {
  let pings = 0;
  return {
    ping: async () => {
      const outcome = outcomes[pings++];
      if (outcome) throw outcome;
    },
    pings: () => pings,
  };
}

describe('checkKafkaSettings', () => {
  it('hands a refused login to onRejected, so the service can stop naming the variable', async () => {
    const rejections: string[] = [];

    const verdict = await checkKafkaSettings({
      connection: connectionAnswering(unreachable(), refusedLogin()),
      logger,
      signal: new AbortController().signal,
      onRejected: (rejection) => rejections.push(rejection.message),
      retryDelayMs: 1,
    });

    expect(verdict).toBe('rejected');
    expect(rejections).toEqual(['Kafka refused the SASL login: check KAFKA_SASL_PASSWORD']);
  });

  it('keeps waiting for a broker that is unreachable until it answers, without calling onRejected', async () => {
    const connection = connectionAnswering(unreachable(), unreachable(), unreachable());
    const onRejected = jest.fn();

    const verdict = await checkKafkaSettings({ connection, logger, signal: new AbortController().signal, onRejected, retryDelayMs: 1 });

    expect(verdict).toBe('accepted');
    expect(connection.pings()).toBe(4);
    expect(onRejected).not.toHaveBeenCalled();
  });

  it('stops probing once the service is shutting down', async () => {
    const stopping = new AbortController();
    const connection = {
      ping: async () => {
        stopping.abort();
        throw unreachable();
      },
    };
    const onRejected = jest.fn();

    const verdict = await checkKafkaSettings({ connection, logger, signal: stopping.signal, onRejected, retryDelayMs: 60_000 });

    expect(verdict).toBe('stopped');
    expect(onRejected).not.toHaveBeenCalled();
  });
});
