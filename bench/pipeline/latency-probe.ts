import { performance } from 'node:perf_hooks';
import { alertmanagerWebhook } from './alertmanager';
import { serviceName } from './catalog';
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

/**
 * Sends `rate` webhooks a second for `seconds`, open loop: each leaves on its
 * schedule whether or not earlier ones were answered, and every latency
 * counts from the scheduled time, so a stalled pipeline shows as latency
 * instead of slowing the probe down (coordinated omission). Bodies are built
 * before the clock starts. No retries: a refused probe is reported as such.
 */
export async function runLatencyProbe(sender: WebhookSender, options: { run: string; rate: number; seconds: number; services: number }): Promise<Probe[]> {
  const total = Math.round(options.rate * options.seconds);
  const startsAt = new Date().toISOString();
  const probes: Probe[] = [];
  const bodies = Array.from({ length: total }, (_, index) => {
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

  const intervalMs = 1000 / options.rate;
  const start = performance.now() + 20;
  const pending: Promise<void>[] = [];
  await new Promise<void>((allSent) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        const index = next++;
        const probe = probes[index] as Probe;
        probe.scheduledAt = performance.timeOrigin + start + index * intervalMs;
        pending.push(
          sender.post(bodies[index] as Buffer).then((answer) => {
            probe.answeredAt = performance.timeOrigin + performance.now();
            probe.status = answer.status;
          }),
        );
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      else allSent();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  return probes;
}
