import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { type EntryDetail, type EntryPage, type EntryPageQuery, EntryQueries, entryPageQuerySchema } from './entry-queries';

/**
 * The ledger entries (bearer `HOOKLINE_ADMIN_TOKEN`): newest first with a
 * keyset cursor, and one entry with its change history.
 */
@Controller('api/entries')
@UseGuards(AdminTokenGuard)
export class EntriesController {
  constructor(@Inject(EntryQueries) private readonly queries: EntryQueries) {}

  @Get()
  page(@Query(new ZodPipe(entryPageQuerySchema, 'query')) query: EntryPageQuery): Promise<EntryPage> {
    return this.queries.page(query);
  }

  @Get(':incidentId')
  detail(@Param('incidentId') incidentId: string): Promise<EntryDetail> {
    return this.queries.detail(incidentId);
  }
}
