import { z } from 'zod';

// The admin API's inputs: every one checked here, so a mistake is a 400 naming the field.

export const deadLetterIdSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'a dead letter id is a positive whole number, as the list shows it');

const by = z.string().trim().min(1).max(100).optional();
const topic = z.string().min(1).max(249);
const since = z.iso.datetime({ offset: true, error: 'an ISO 8601 time with its offset, e.g. 2026-05-01T12:00:00Z' }).transform((text) => new Date(text));

export const listDeadLettersSchema = z
  .object({
    state: z.enum(['open', 'replayed', 'discarded', 'all']).default('open'),
    topic: topic.optional(),
    since: since.optional(),
    cursor: deadLetterIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/** `{ ids }`, or `{ since, topic?, limit? }`: one or the other, named in the error when both or neither are given. */
export const replayDeadLettersSchema = z
  .object({
    ids: z.array(deadLetterIdSchema).min(1).max(500).optional(),
    since: since.optional(),
    topic: topic.optional(),
    limit: z.number().int().min(1).max(1_000).optional(),
    by,
  })
  .strict()
  .superRefine((body, context) => {
    if ((body.ids === undefined) === (body.since === undefined)) {
      context.addIssue({ code: 'custom', path: ['ids'], message: 'give either ids (dead letter ids) or since (a time, with an optional topic), not both or neither' });
    } else if (body.ids !== undefined && (body.topic !== undefined || body.limit !== undefined)) {
      context.addIssue({ code: 'custom', path: [body.topic === undefined ? 'limit' : 'topic'], message: 'only with since: ids name the dead letters themselves' });
    }
  });

export const discardDeadLetterSchema = z.object({ reason: z.string().trim().min(1).max(1_000), by }).strict();

export type ListDeadLetters = z.infer<typeof listDeadLettersSchema>;
export type ReplayDeadLetters = z.infer<typeof replayDeadLettersSchema>;
export type DiscardDeadLetter = z.infer<typeof discardDeadLetterSchema>;
