import { Body, Controller, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ZodPipe } from '@hookline/platform/service';
import { StatusReader } from '../public/status-reader';
import { maintenanceStatus, type MaintenanceStatus, type MaintenanceWindow } from './maintenance-window';
import { type MaintenanceChange, maintenanceChangeSchema, MaintenanceWindows, type NewMaintenance, newMaintenanceSchema } from './maintenance-windows';

export type MaintenanceResource = Omit<MaintenanceWindow, 'startsAt' | 'endsAt' | 'createdAt' | 'updatedAt'> & {
  startsAt: string;
  endsAt: string;
  createdAt: string;
  updatedAt: string;
  status: MaintenanceStatus | 'cancelled';
};

/** Planned maintenance windows (bearer `HOOKLINE_ADMIN_TOKEN`); each change is published on statuspage.maintenance.v1. */
@Controller('api/maintenances')
@UseGuards(AdminTokenGuard)
export class MaintenanceController {
  constructor(
    @Inject(MaintenanceWindows) private readonly windows: MaintenanceWindows,
    @Inject(StatusReader) private readonly reader: StatusReader,
  ) {}

  @Post()
  @HttpCode(201)
  async schedule(@Body(new ZodPipe(newMaintenanceSchema)) body: NewMaintenance): Promise<MaintenanceResource> {
    return this.changed(await this.windows.schedule(body));
  }

  @Patch(':id')
  async change(@Param('id') id: string, @Body(new ZodPipe(maintenanceChangeSchema)) body: MaintenanceChange): Promise<MaintenanceResource> {
    return this.changed(await this.windows.change(id, body));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@Param('id') id: string): Promise<MaintenanceResource> {
    return this.changed(await this.windows.cancel(id));
  }

  /** The page shows the change at once, not after the snapshot cache expires. */
  private changed(window: MaintenanceWindow): MaintenanceResource {
    this.reader.invalidate();
    return toView(window);
  }
}

function toView(window: MaintenanceWindow, now: Date = new Date()): MaintenanceResource {
  return {
    ...window,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    createdAt: window.createdAt.toISOString(),
    updatedAt: window.updatedAt.toISOString(),
    status: window.cancelled ? 'cancelled' : maintenanceStatus(window, now),
  };
}
