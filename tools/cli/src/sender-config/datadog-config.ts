import { datadogRecommendedTemplate } from '@hookline/webhooks/sources';
import type { CreatedIntegration } from './created-integration';
import { slug } from './quoting';

/** The Authorization header value Datadog should send; Datadog cannot sign, so only static credentials. */
function authorization(created: CreatedIntegration): string | undefined {
  const { auth } = created.integration;
  const secret = created.secret ?? '';
  if (auth.scheme === 'bearer') return `Bearer ${secret}`;
  if (auth.scheme === 'basic') return `Basic ${Buffer.from(`${auth.username}:${secret}`, 'utf8').toString('base64')}`;
  return undefined;
}

/**
 * The fields of a Datadog webhook (Integrations → Webhooks → + New), with
 * Hookline's payload template: Datadog's default payload carries neither the
 * alert's identity nor its transition, so its alerts could not be matched to their recoveries.
 */
export function datadogConfig(created: CreatedIntegration): string | undefined {
  const header = authorization(created);
  if (header === undefined) return undefined;
  const name = `hookline-${slug(created.integration.name)}`;
  return [
    '# Datadog: Integrations → Webhooks → + New, with these fields ("Encode as form" off);',
    `# then mention @webhook-${name} in the monitors' messages.`,
    `Name: ${name}`,
    `URL: ${created.webhookUrl}`,
    'Custom Headers:',
    JSON.stringify({ Authorization: header }),
    'Payload:',
    datadogRecommendedTemplate,
    '',
  ].join('\n');
}
