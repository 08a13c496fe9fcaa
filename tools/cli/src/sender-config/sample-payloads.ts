import type { SourceKind } from '@hookline/contracts/events';
import { assertUnreachable } from '@hookline/platform/errors';

/**
 * One firing test alert in each source's wire format, for the printed curl:
 * what the real sender would post, so a user sees an incident open without
 * waiting for a real alert. No single quotes (the script quotes the body in them).
 */
export function samplePayload(source: SourceKind, routingKey: string, now = new Date()): Record<string, unknown> {
  const startsAt = now.toISOString();
  const labels = { alertname: 'HooklineTestAlert', severity: 'warning', service: 'hookline-test' };
  const annotations = { summary: 'A test alert sent with the curl that hookline integrations create printed' };
  // Alertmanager and Grafana share the Prometheus alert shape.
  const firing = { status: 'firing', labels, annotations, startsAt, endsAt: '0001-01-01T00:00:00Z' };
  const group = (externalURL: string) => ({ status: 'firing', receiver: 'hookline', externalURL });
  switch (source) {
    case 'alertmanager':
      return {
        version: '4',
        groupKey: '{}:{alertname="HooklineTestAlert"}',
        ...group('http://alertmanager.example:9093'),
        groupLabels: { alertname: 'HooklineTestAlert' },
        commonLabels: labels,
        commonAnnotations: annotations,
        alerts: [{ ...firing, generatorURL: 'http://prometheus.example:9090/graph' }],
      };
    case 'grafana':
      return { version: '1', ...group('http://grafana.example:3000/'), alerts: [{ ...firing, fingerprint: 'a1b2c3d4e5f60718' }] };
    case 'datadog':
      return {
        alert_id: '1234567',
        alert_transition: 'Triggered',
        alert_cycle_key: '1234567-hookline-test',
        alert_scope: 'host:test',
        alert_priority: 'P3',
        tags: 'service:hookline-test',
        date: String(now.getTime()),
        title: '[Triggered] HooklineTestAlert',
        body: annotations.summary,
      };
    case 'pagerduty':
      return {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: 'hookline-test-alert',
        payload: { summary: annotations.summary, source: 'hookline-test', severity: 'warning' },
      };
    case 'generic':
      return {
        event_type: 'monitor.down',
        timestamp: startsAt,
        monitor: { id: 'hookline-test', name: 'HooklineTestAlert', service: 'hookline-test', severity: 'warning' },
        check: { status: 'down', error: annotations.summary },
      };
    default:
      return assertUnreachable(source);
  }
}
