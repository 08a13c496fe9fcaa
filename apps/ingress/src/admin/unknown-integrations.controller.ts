import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@hookline/platform/service';
import { type UnknownIntegrationSample, UnknownIntegrations, unknownIntegrationSampleSize } from '../webhooks/unknown-integrations';

/** Who sends webhooks to integrations that do not exist (bearer `HOOKLINE_ADMIN_TOKEN`). */
@Controller('api/unknown-integrations')
@UseGuards(AdminTokenGuard)
export class UnknownIntegrationsController {
  constructor(@Inject(UnknownIntegrations) private readonly unknown: UnknownIntegrations) {}

  /** This replica's sample of unknown ids, the most recently seen first; the counter covers every request. */
  @Get()
  list(): { sampleSize: number; unknownIntegrations: UnknownIntegrationSample[] } {
    return { sampleSize: unknownIntegrationSampleSize, unknownIntegrations: this.unknown.sample() };
  }
}
