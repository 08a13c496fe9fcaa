import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { fieldLimits } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { z } from 'zod';
import { type CommandResult, IncidentProcessor } from './incident-processor';
import { type IncidentDetail, type IncidentListQuery, type IncidentPage, IncidentQueries, type IncidentView, incidentListQuerySchema, toView } from './incident-queries';
import type { CommandOutcome } from './incident-workspace';

const acknowledgeSchema = z.object({ by: z.string().min(1).max(fieldLimits.nameLength).optional() }).strict();
const resolveSchema = z
  .object({ by: z.string().min(1).max(fieldLimits.nameLength).optional(), note: z.string().min(1).max(fieldLimits.detailLength).optional() })
  .strict();

/**
 * The incident API (bearer `HOOKLINE_ADMIN_TOKEN`): read incidents with their
 * alerts and timeline, acknowledge and resolve by hand. Actions are
 * idempotent: acknowledging an acknowledged incident answers 200 unchanged.
 */
@Controller('api/incidents')
@UseGuards(AdminTokenGuard)
export class IncidentsController {
  constructor(
    @Inject(IncidentQueries) private readonly queries: IncidentQueries,
    @Inject(IncidentProcessor) private readonly processor: IncidentProcessor,
  ) {}

  @Get()
  list(@Query(new ZodPipe(incidentListQuerySchema, 'query')) query: IncidentListQuery): Promise<IncidentPage> {
    return this.queries.list(query);
  }

  @Get(':id')
  detail(@Param('id') id: string): Promise<IncidentDetail> {
    return this.queries.detail(requireUuid(id));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Param('id') id: string, @Body(new ZodPipe(acknowledgeSchema)) body: z.infer<typeof acknowledgeSchema>): Promise<IncidentView> {
    const incidentId = requireUuid(id);
    const result = await this.processor.command(incidentId, (workspace) => workspace.acknowledge(incidentId, body.by, new Date()));
    return answer(incidentId, result, 'a resolved incident cannot be acknowledged');
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body(new ZodPipe(resolveSchema)) body: z.infer<typeof resolveSchema>): Promise<IncidentView> {
    const incidentId = requireUuid(id);
    const result = await this.processor.command(incidentId, (workspace) => workspace.resolveManually(incidentId, body.by, body.note, new Date()));
    return answer(incidentId, result, 'the incident cannot be resolved');
  }
}

function answer(id: string, result: CommandResult<CommandOutcome>, conflict: string): IncidentView {
  if (result.outcome === 'conflict') throw new HooklineError('conflict', conflict);
  if (result.outcome === 'not_found' || !result.incident || result.incident.status === 'pending') throw new HooklineError('not_found', `no incident ${id}`);
  return toView(result.incident);
}

function requireUuid(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new HooklineError('not_found', `no incident ${id}`);
  return id;
}
