import { Body, type CanActivate, Controller, Get, HttpCode, Inject, Param, type PipeTransform, Post, Query, type Type, UseGuards } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { DeadLetterReplayer, type ReplayOutcome } from './dead-letter-replayer';
import { type DeadLetterDetail, DeadLetterStore, type DeadLetterSummary } from './dead-letter-store';
import {
  type DiscardDeadLetter,
  type ListDeadLetters,
  type ReplayDeadLetters,
  deadLetterIdSchema,
  discardDeadLetterSchema,
  listDeadLettersSchema,
  replayDeadLettersSchema,
} from './dead-letter.schemas';

/**
 * What the app's platform hands in: its admin-token guard and its zod
 * validation pipe. platform/service mounts this module on every consumer
 * app, so this lib cannot import them from there (a cycle); the very classes
 * are needed, because the OpenAPI document and the admin listener recognise
 * routes by them.
 */
export interface DeadLettersHttp {
  adminGuard: Type<CanActivate>;
  validate: (schema: z.ZodType, part?: 'request body' | 'query') => PipeTransform;
}

/** Who asked, when the caller does not say: the admin token is shared, so a name is the caller's word. */
const unnamedOperator = 'admin';
/** The most open letters one `since` replay sends; `more` in its answer says to call again. */
const defaultReplayLimit = 500;

/** The dead-letters admin API of a consumer app (bearer `HOOKLINE_ADMIN_TOKEN`). */
export function deadLettersController({ adminGuard, validate }: DeadLettersHttp): Type<unknown> {
  @Controller('api/dead-letters')
  @UseGuards(adminGuard)
  class DeadLettersController {
    constructor(
      @Inject(DataSource) private readonly dataSource: DataSource,
      @Inject(DeadLetterStore) private readonly store: DeadLetterStore,
      @Inject(DeadLetterReplayer) private readonly replayer: DeadLetterReplayer,
    ) {}

    /** Newest first, `state=open` unless asked otherwise; `nextCursor` fetches the next page. */
    @Get()
    list(@Query(validate(listDeadLettersSchema, 'query')) query: ListDeadLetters): Promise<{ deadLetters: DeadLetterSummary[]; nextCursor: string | null }> {
      const { state, ...rest } = query;
      return this.store.page(this.dataSource, { ...rest, ...(state === 'all' ? {} : { state }) });
    }

    @Get(':id')
    async get(@Param('id') id: string): Promise<DeadLetterDetail> {
      const letter = await this.store.get(this.dataSource, checkedId(id));
      if (!letter) throw new HooklineError('not_found', `no dead letter ${id}`);
      return letter;
    }

    /** `{ ids }` or `{ since, topic? }`: sends open letters back to their topic; says which were sent and why others were not. */
    @Post('replay')
    @HttpCode(200)
    replay(@Body(validate(replayDeadLettersSchema)) body: ReplayDeadLetters): Promise<ReplayOutcome> {
      const by = body.by ?? unnamedOperator;
      const selection = body.ids === undefined ? { since: body.since ?? new Date(0), topic: body.topic, limit: body.limit ?? defaultReplayLimit } : { ids: body.ids };
      return this.replayer.replay(selection, by);
    }

    /** Closes an open letter for good, with the reason; a letter already replayed or discarded is a 409. */
    @Post(':id/discard')
    @HttpCode(200)
    async discard(@Param('id') id: string, @Body(validate(discardDeadLetterSchema)) body: DiscardDeadLetter): Promise<DeadLetterDetail> {
      const outcome = await this.store.discard(this.dataSource, checkedId(id), body.reason, body.by ?? unnamedOperator);
      const letter = await this.store.get(this.dataSource, id);
      if (!outcome || !letter) throw new HooklineError('not_found', `no dead letter ${id}`);
      if (!outcome.discarded) throw new HooklineError('conflict', `dead letter ${id} is ${letter.state}, not open: nothing to discard`);
      return letter;
    }
  }
  return DeadLettersController;
}

/** The `:id` of a path, checked as the body's ids are: a 400 rather than a query Postgres would refuse. */
function checkedId(id: string): string {
  const parsed = deadLetterIdSchema.safeParse(id);
  if (!parsed.success) throw new HooklineError('invalid_input', `id: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}
