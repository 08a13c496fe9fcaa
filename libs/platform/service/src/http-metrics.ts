import type { Metrics } from '@hookline/platform/observability';
import type { NextFunction, Request, Response } from 'express';

/**
 * Counts and times every HTTP request by route template (not raw path, so
 * webhook ids do not explode the label set); unmatched paths share one label.
 */
export function httpMetricsMiddleware(metrics: Metrics) {
  const requests = metrics.counter('http_requests_total', 'HTTP requests by route and status', ['method', 'route', 'status']);
  const duration = metrics.histogram('http_request_duration_seconds', 'HTTP request duration', ['method', 'route']);
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(response.statusCode) });
      duration.observe({ method: request.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
