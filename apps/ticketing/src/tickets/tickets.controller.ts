import { Body, Controller, Get, Inject, Param, Patch, Query, UseGuards } from '@nestjs/common';
import { fieldLimits, ticketStatus } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { z } from 'zod';
import { TicketProcessor } from './ticket-processor';
import { type TicketDetail, type TicketListQuery, type TicketPage, TicketQueries, type TicketView, ticketListQuerySchema } from './ticket-queries';

const personChangeSchema = z
  .strictObject({
    /** Who is acting: the API has one admin token, so the person names themself. */
    by: z.string().min(1).max(fieldLimits.nameLength),
    status: ticketStatus.optional(),
    resolution: z.enum(['fixed', 'wont_fix']).optional(),
    note: z.string().min(1).max(fieldLimits.detailLength).optional(),
    assignee: z.string().min(1).max(fieldLimits.nameLength).nullable().optional(),
    comment: z.string().min(1).max(fieldLimits.detailLength).optional(),
  })
  .refine((body) => body.status !== undefined || body.assignee !== undefined || body.comment !== undefined, {
    message: 'give at least one of status, assignee, comment',
  })
  .refine((body) => (body.resolution === undefined && body.note === undefined) || body.status === 'closed', {
    message: 'resolution and note go with status "closed"',
    path: ['resolution'],
  });

/**
 * Hookline's own tickets (bearer `HOOKLINE_ADMIN_TOKEN`), so tickets work
 * with no external system: list and read them, and change status, assignee
 * or add a comment as a person. Changes go to the external system like any other.
 */
@Controller('api/tickets')
@UseGuards(AdminTokenGuard)
export class TicketsController {
  constructor(
    @Inject(TicketQueries) private readonly queries: TicketQueries,
    @Inject(TicketProcessor) private readonly processor: TicketProcessor,
  ) {}

  @Get()
  list(@Query(new ZodPipe(ticketListQuerySchema, 'query')) query: TicketListQuery): Promise<TicketPage> {
    return this.queries.list(query);
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<TicketDetail> {
    const detail = await this.queries.detail(requireTicketId(id));
    if (!detail) throw new HooklineError('not_found', `no ticket ${id}`);
    return detail;
  }

  @Patch(':id')
  async change(@Param('id') id: string, @Body(new ZodPipe(personChangeSchema)) body: z.infer<typeof personChangeSchema>): Promise<TicketView> {
    const ticketId = requireTicketId(id);
    const ticket = await this.processor.applyPerson(ticketId, body);
    const view = ticket && (await this.queries.view(ticketId));
    if (!view) throw new HooklineError('not_found', `no ticket ${id}`);
    return view;
  }
}

export function requireTicketId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new HooklineError('not_found', `no ticket ${id}`);
  return id;
}
