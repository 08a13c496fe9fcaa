import { z } from 'zod';

/** An app name as the repo spells them (`status-page`): it becomes the folder, the consumer group id and, with underscores, the Postgres schema. */
const appName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. incident-digest')
  .max(40, 'must be at most 40 characters (it names a Postgres schema and a Kafka consumer group)');

/** What `nx g @hookline/nx-plugin:consumer` accepts, checked before anything is written. */
export const consumerOptionsSchema = z.object({
  name: appName,
  /** A key of `topics` in libs/contracts/events/src/registry.ts, e.g. `incident`. */
  topic: z.string().min(1),
  /** One handler call per chunk of events, one transaction per chunk (where volume demands it). */
  batch: z.boolean().default(false),
});

export type ConsumerOptions = z.infer<typeof consumerOptionsSchema>;
