import { setTimeout as delay } from 'node:timers/promises';
import { type KafkaConnection, KafkaConnectionRejected } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';

export interface KafkaSettingsCheckOptions {
  connection: Pick<KafkaConnection, 'ping'>;
  logger: Logger;
  /** Called once when the broker refuses this service's settings; `runService` exits there. */
  onRejected: (rejection: KafkaConnectionRejected) => void;
  /** Ends the wait without a verdict: the service is shutting down. */
  signal: AbortSignal;
  /** Pause between two probes while the broker is unreachable. */
  retryDelayMs?: number;
}

/**
 * Probes Kafka until it first answers, in the background of a starting
 * service. A broker that is down or not started yet is waited for, however
 * long (compose starts the apps before Kafka, and an outage heals by
 * itself); a broker that refuses the login or the certificate will refuse
 * it forever, so that ends the wait at once through `onRejected`, instead of
 * a service that runs unready with the reason only on /readyz.
 */
export async function checkKafkaSettings(options: KafkaSettingsCheckOptions): Promise<'accepted' | 'rejected' | 'stopped'> {
  const { connection, logger, onRejected, signal, retryDelayMs = 1_000 } = options;
  let loggedWaiting = false;
  while (!signal.aborted) {
    try {
      await connection.ping();
      return 'accepted';
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof KafkaConnectionRejected) {
        onRejected(error);
        return 'rejected';
      }
      if (!loggedWaiting) logger.warn({ err: error }, 'kafka not reachable yet, waiting');
      loggedWaiting = true;
    }
    await delay(retryDelayMs, undefined, { signal }).catch(() => undefined);
  }
  return 'stopped';
}
