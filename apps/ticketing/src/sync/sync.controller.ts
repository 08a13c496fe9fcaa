import { Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { z } from 'zod';
import { cursorParam, limitParam, type SyncJobView, toSyncJobView } from '../tickets/ticket-queries';
import { syncJobStates } from './sync-jobs';
import { type ConnectorView, SyncStatus } from './sync-status';

const syncJobQuerySchema = z.strictObject({
  state: z.enum(syncJobStates).optional(),
  connector: z.string().min(1).max(64).optional(),
  cursor: cursorParam.optional(),
  limit: limitParam,
});

/**
 * The external sync as an operator sees it (bearer `HOOKLINE_ADMIN_TOKEN`):
 * every connector with its breaker and backlog, the job queue, and a way to
 * send a refused job again once what the system refused is fixed.
 */
@Controller('api')
@UseGuards(AdminTokenGuard)
export class SyncController {
  constructor(@Inject(SyncStatus) private readonly status: SyncStatus) {}

  @Get('connectors')
  async connectors(): Promise<{ connectors: ConnectorView[] }> {
    return { connectors: await this.status.connectors() };
  }

  @Get('sync-jobs')
  async jobs(@Query(new ZodPipe(syncJobQuerySchema, 'query')) query: z.infer<typeof syncJobQuerySchema>): Promise<{ jobs: SyncJobView[]; nextCursor?: string }> {
    const page = await this.status.jobs.list(query);
    return { jobs: page.jobs.map(toSyncJobView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  @Post('sync-jobs/:id/retry')
  @HttpCode(200)
  async retry(@Param('id') id: string): Promise<SyncJobView> {
    if (!/^[0-9]{1,18}$/.test(id)) throw new HooklineError('not_found', `no sync job ${id}`);
    const job = await this.status.retry(id);
    if (job === 'not_found') throw new HooklineError('not_found', `no sync job ${id}`);
    if (job === 'not_failed') throw new HooklineError('conflict', `sync job ${id} has not failed: only a failed job can be sent again`);
    return toSyncJobView(job);
  }
}
