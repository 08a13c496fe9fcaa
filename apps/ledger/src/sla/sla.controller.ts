import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import type { FastifyReply } from 'fastify';
import { toCsv } from './csv';
import { SlaQueries, type SlaQuery, type SlaReport, slaCsvColumns, slaQuerySchema } from './sla-queries';

/**
 * `GET /api/sla?from=YYYY-MM&to=YYYY-MM&service=…&format=json|csv` (bearer
 * `HOOKLINE_ADMIN_TOKEN`: downtime and uptime per service are internal).
 */
@Controller('api/sla')
@UseGuards(AdminTokenGuard)
export class SlaController {
  constructor(@Inject(SlaQueries) private readonly queries: SlaQueries) {}

  @Get()
  async report(
    @Query(new ZodPipe(slaQuerySchema, 'query')) query: SlaQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaReport | string> {
    const report = await this.queries.report(query);
    if (query.format === 'json') return report;
    const name = `sla-${report.service ? `${report.service.replace(/[^A-Za-z0-9._-]/g, '_')}-` : ''}${report.from}-to-${report.to}.csv`;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
    return toCsv(
      slaCsvColumns.map(([header]) => header),
      report.rows.map((row) => slaCsvColumns.map(([, field]) => row[field])),
    );
  }
}
