import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { StatusReader } from '../public/status-reader';
import { incidentJson, type StatuspageIncident } from '../public/statuspage-json';
import { type ManualPost, ManualIncidents, manualPostSchema } from './manual-incidents';

/** A person's incidents and updates (bearer `HOOKLINE_ADMIN_TOKEN`). */
@Controller('api/incidents')
@UseGuards(AdminTokenGuard)
export class IncidentsAdminController {
  constructor(
    @Inject(ManualIncidents) private readonly incidents: ManualIncidents,
    @Inject(StatusReader) private readonly reader: StatusReader,
  ) {}

  /**
   * 201 with the incident as the public API shows it (Statuspage's incident
   * object); `{ id, public: false }` for an incident none of whose components
   * is public.
   */
  @Post()
  @HttpCode(201)
  async post(@Body(new ZodPipe(manualPostSchema)) body: ManualPost): Promise<StatuspageIncident | { id: string; public: false }> {
    const { incident } = await this.incidents.post(body);
    this.reader.invalidate();
    return incidentJson(await this.reader.snapshot(), incident.id) ?? { id: incident.id, public: false };
  }
}
