import { randomBytes } from 'node:crypto';
import { senderFixture } from '@hookline/testing';
import { z } from 'zod';

const createdIntegrationSchema = z.looseObject({ id: z.string(), webhookUrl: z.string(), secret: z.string() });

export type CreatedIntegration = z.infer<typeof createdIntegrationSchema>;

/** `POST /api/integrations` on the ingress's admin API, as `npx hookline integrations create --source alertmanager` does. */
export async function createAlertmanagerIntegration(ingressUrl: string, adminToken: string, name: string): Promise<CreatedIntegration> {
  const response = await fetch(`${ingressUrl}/api/integrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    // Alertmanager sends `http_config.authorization`: a bearer secret, the CLI's default for this source.
    body: JSON.stringify({ source: 'alertmanager', name, auth: { scheme: 'bearer' } }),
  });
  const body = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/integrations answered ${response.status}: ${body}`);
  return createdIntegrationSchema.parse(JSON.parse(body));
}

/**
 * Alertmanager's real webhook (libs/testing/fixtures/senders), one alert
 * with an alert name of this run's, so it opens an incident of its own
 * rather than joining one from an earlier run. Returns the alert name, which
 * the incident's title contains.
 */
export async function sendAlertmanagerWebhook(ingressUrl: string, integration: CreatedIntegration): Promise<string> {
  const alertName = `FirstConsumer${randomBytes(4).toString('hex')}`;
  const payload = senderFixture('alertmanager-two-alerts-firing');
  const alertSchema = z.looseObject({ labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()) });
  const [first] = z.array(alertSchema).parse(payload['alerts']);
  if (!first) throw new Error('the Alertmanager fixture has no alert');
  const alert = {
    ...first,
    labels: { ...first.labels, alertname: alertName },
    // The incident's title is the alert's; naming the run in it lets the title be found.
    annotations: { ...first.annotations, title: `${first.annotations['title'] ?? 'Instance down'} (${alertName})` },
    fingerprint: randomBytes(8).toString('hex'),
  };
  const body = {
    ...payload,
    alerts: [alert],
    groupKey: `{}:{alertname="${alertName}"}`,
    groupLabels: { alertname: alertName },
    commonLabels: { ...alert.labels },
  };
  const response = await fetch(`${ingressUrl}/webhooks/${integration.id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${integration.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`the webhook was answered ${response.status}: ${await response.text()}`);
  return alertName;
}
