import { kafkaTopicPrefixEnv } from '@hookline/platform/config';

const prefixSchema = kafkaTopicPrefixEnv.KAFKA_TOPIC_PREFIX;

/**
 * The names one deployment uses on a Kafka cluster it may share with others
 * (`KAFKA_TOPIC_PREFIX`): with the prefix `team-a`, the registry's topic
 * `ingress.alert.v1` is `team-a.ingress.alert.v1` on the broker, the group
 * `correlator` is `team-a.correlator` and its dead letters go to
 * `team-a.dlq.correlator`. One ACL on the prefix `team-a.` then covers the
 * whole deployment (Confluent Cloud, MSK), and two deployments on one
 * cluster never read each other's events or share a group.
 *
 * Applied here, at the edge of the Kafka client, and nowhere else: app code,
 * the contracts, event contexts, dead-letter headers and metrics keep the
 * registry names, so they read the same in every deployment.
 * Without a prefix every name is the registry's, unchanged.
 */
export class KafkaNamespace {
  readonly prefix: string;

  constructor(prefix = '') {
    const parsed = prefixSchema.safeParse(prefix);
    if (!parsed.success) throw new Error(`KAFKA_TOPIC_PREFIX ${JSON.stringify(prefix)}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
    this.prefix = parsed.data;
  }

  /** The broker's name for a registry topic (dead-letter topics included). */
  topic(registryName: string): string {
    return this.qualified(registryName);
  }

  /** The broker's id for a registry consumer group. */
  group(registryId: string): string {
    return this.qualified(registryId);
  }

  private qualified(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}.${name}`;
  }
}
