import { defineTopic, topics } from '@hookline/contracts/events';

/**
 * Where the baseline publishes its `delivery.recorded` events: the same
 * schema, key and partitions as `ingress.delivery.v1`, so the publish costs
 * the same, but a topic nobody reads. On the real topic, the ingress's own
 * delivery-log consumer would write every baseline delivery to Postgres, and
 * the ingress's cost would be billed to the baseline's measurement.
 */
export const benchDeliveryTopic = defineTopic({
  name: 'bench.delivery.v1',
  description: 'delivery.recorded events of the benchmark baseline server; never consumed.',
  schema: topics.delivery.schema,
  key: (event) => event.data.integrationId,
});
