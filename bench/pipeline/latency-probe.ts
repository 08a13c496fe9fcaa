import { performance } from 'node:perf_hooks';
import { alertmanagerWebhook } from './alertmanager';
import { serviceName } from './catalog';
import { sendOpenLoop } from './open-loop';
import type { WebhookSender } from './webhook-sender';

/** One probe webhook: a new Alertmanager group with one firing alert, so a new incident and a new ticket. */
export interface Probe {
  groupKey: string;
  /** Epoch ms (this machine's clock, sub-millisecond) the open-loop schedule said to send it. */
  scheduledAt: number;
  /** Epoch ms of its answer; NaN until answered. */
  answeredAt: number;
  status: number;
}

/** `count` probes not yet sent and their bodies, built before any clock starts. */
export function probeWebhooks(options: { run: string; count: number; services: number }): { probes: Probe[]; bodies: Buffer[] } {
  const startsAt = new Date().toISOString();
  const probes: Probe[] = [];
  const bodies = Array.from({ length: options.count }, (_, index) => {
    const service = serviceName(index % options.services);
    const groupKey = `{}:{alertname="LatencyProbe", probe="${options.run}-${index}"}`;
    probes.push({ groupKey, scheduledAt: Number.NaN, answeredAt: Number.NaN, status: 0 });
    return alertmanagerWebhook({ groupKey, groupLabels: { alertname: 'LatencyProbe', probe: `${options.run}-${index}` } }, [
      {
        fingerprint: `${options.run}-probe-${index}`,
        labels: { alertname: 'LatencyProbe', service, severity: 'error', instance: `probe-${index}:9100` },
        summary: `latency probe ${index} on ${service}`,
        status: 'firing',
        startsAt,
      },
    ]);
  });
  return { probes, bodies };
}

/** Posts one probe once, no retries (a refused probe is reported as such), and records its answer. */
export async function sendProbe(sender: WebhookSender, probe: Probe, body: Buffer, scheduledAt: number): Promise<void> {
  probe.scheduledAt = scheduledAt;
  const answer = await sender.post(body);
  probe.answeredAt = performance.timeOrigin + performance.now();
  probe.status = answer.status;
}

/**
 * Sends `rate` probes a second for `seconds`, open loop (`sendOpenLoop`):
 * every webhook opens a new incident, the worst case for the pipeline.
 */
export async function runLatencyProbe(sender: WebhookSender, options: { run: string; rate: number; seconds: number; services: number }): Promise<Probe[]> {
  const { probes, bodies } = probeWebhooks({ run: options.run, count: Math.round(options.rate * options.seconds), services: options.services });
  await sendOpenLoop(options.rate, probes.length, (index, scheduledAt) => sendProbe(sender, probes[index] as Probe, bodies[index] as Buffer, scheduledAt));
  return probes;
}
