import { INFRA_ENV_VARS } from './env-vars';
import { acceptsConnections } from './ports';
import { pollUntil } from './timing';

const CONNECT_TIMEOUT_MS = 15_000;

/** "host:port, host2:port" into ['host:port', 'host2:port']; rejects anything else with the variable's name. */
export function parseBrokerList(list: string): string[] {
  const brokers = list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  const invalid = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(broker));
  if (brokers.length === 0 || invalid.length > 0) {
    throw new Error(
      `${INFRA_ENV_VARS.externalKafkaBrokers} must be a comma-separated list of host:port (e.g. 127.0.0.1:9092), got "${list}"`,
    );
  }
  return brokers;
}

/**
 * A TCP answer from at least one broker, so a typo in the address fails here
 * in seconds rather than as a client timeout deep inside an app.
 */
export async function verifyExternalKafka(brokers: readonly string[]): Promise<void> {
  const reachable = await pollUntil(
    async () => {
      const answers = await Promise.all(brokers.map((broker) => acceptsConnections(...splitHostPort(broker))));
      return answers.some(Boolean) ? true : undefined;
    },
    { timeoutMs: CONNECT_TIMEOUT_MS, intervalMs: 500 },
  );
  if (!reachable) {
    throw new Error(
      `No Kafka broker of ${INFRA_ENV_VARS.externalKafkaBrokers}=${brokers.join(',')} accepted a connection within ` +
        `${CONNECT_TIMEOUT_MS / 1000} s. Start it, fix the address, or unset ${INFRA_ENV_VARS.externalKafkaBrokers} to run a local Kafka.`,
    );
  }
}

function splitHostPort(broker: string): [string, number] {
  const separator = broker.lastIndexOf(':');
  return [broker.slice(0, separator).replace(/^\[|\]$/g, ''), Number(broker.slice(separator + 1))];
}
