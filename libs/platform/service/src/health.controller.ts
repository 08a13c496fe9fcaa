import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import { Metrics, ReadinessChecks, type ReadinessReport } from '@hookline/platform/observability';
import type { FastifyReply } from 'fastify';
import { ServedOn } from './http/served-on';

/** Liveness, readiness and Prometheus metrics, the same on every app; with an admin listener, only liveness stays on the public one. */
@Controller()
export class HealthController {
  constructor(
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /** The process is up and its event loop turns; says nothing about dependencies, so an orchestrator never restarts a healthy app because Kafka is down. */
  @Get('healthz')
  @ServedOn('public', 'admin')
  @Header('Cache-Control', 'no-store')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 only when Kafka and Postgres answer; 503 with the failing dependency otherwise. */
  @Get('readyz')
  @ServedOn('admin')
  @Header('Cache-Control', 'no-store')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.run();
    reply.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  @ServedOn('admin')
  async metricsText(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('Content-Type', this.metrics.contentType).send(await this.metrics.render());
  }
}
