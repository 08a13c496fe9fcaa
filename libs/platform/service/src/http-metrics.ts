import type { Metrics } from '@hookline/platform/observability';
import type { FastifyInstance } from 'fastify';

/**
 * Counts and times every HTTP request by route template (not raw path, so
 * webhook ids do not explode the label set); unmatched paths share one label.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  const requests = metrics.counter('http_requests_total', 'HTTP requests by route and status', ['method', 'route', 'status']);
  const duration = metrics.histogram('http_request_duration_seconds', 'HTTP request duration', ['method', 'route']);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}
