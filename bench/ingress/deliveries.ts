import { createHmac, randomBytes } from 'node:crypto';

/** One webhook request, ready to send: the exact bytes and the headers signed over them. */
export interface SignedDelivery {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * Signs as a Standard Webhooks sender does: HMAC-SHA256 of `id.timestamp.body`,
 * keyed with the base64-decoded secret after `whsec_`, sent as `v1,<base64>`.
 * Written here from the spec rather than borrowed from the verification lib,
 * so a bug there cannot sign and verify its own mistake.
 */
export class StandardWebhooksSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  }

  sign(id: string, timestampSeconds: number, body: Buffer): Record<string, string> {
    const signature = createHmac('sha256', this.key).update(`${id}.${timestampSeconds}.`).update(body).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
  }
}

// Sized so that a delivery weighs about 1 KB whether it carries one alert or two.
const description = 'Node exporter reports the host unreachable; check the instance, its network path and recent deploys before paging.';

/**
 * Alertmanager webhook v4 deliveries, each unique (groupKey, fingerprints and
 * webhook-id carry a per-run prefix and a sequence number), so neither the
 * ingress's duplicate cache nor anything downstream collapses them.
 */
export class AlertmanagerDeliveries {
  private sequence = 0;
  // Unique per generator process, so two runs against one ingress never share a webhook-id.
  private readonly runId = randomBytes(4).toString('hex');

  constructor(private readonly signer: StandardWebhooksSigner) {}

  next(now: Date): SignedDelivery {
    const seq = (this.sequence += 1);
    const body = Buffer.from(JSON.stringify(this.payload(seq, now)));
    return { body, headers: this.signer.sign(`bench-${this.runId}-${seq}`, Math.floor(now.getTime() / 1000), body) };
  }

  private payload(seq: number, now: Date): Record<string, unknown> {
    // Alternate one and two alerts: Alertmanager groups vary, and the two-alert case exercises the per-alert work.
    const alertCount = seq % 2 === 0 ? 2 : 1;
    const startsAt = new Date(now.getTime() - 60_000).toISOString();
    const group = `${this.runId}-${seq}`;
    const alerts = Array.from({ length: alertCount }, (_, index) => ({
      status: 'firing',
      labels: {
        alertname: 'BenchInstanceDown',
        severity: index === 0 ? 'critical' : 'warning',
        job: 'node',
        service: 'checkout',
        instance: `${group}-${index}:9100`,
        bench_group: group,
      },
      annotations: {
        summary: `Instance ${group}-${index} down`,
        ...(alertCount === 1 ? { description } : {}),
      },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up%3D%3D0',
      fingerprint: `${group}-${index}`,
    }));
    return {
      version: '4',
      groupKey: `{}/{severity="critical"}:{alertname="BenchInstanceDown", bench_group="${group}"}`,
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'hookline-bench',
      groupLabels: { alertname: 'BenchInstanceDown', bench_group: group },
      commonLabels: { alertname: 'BenchInstanceDown', job: 'node', service: 'checkout' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts,
    };
  }
}
