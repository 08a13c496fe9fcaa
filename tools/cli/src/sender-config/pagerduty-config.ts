import type { CreatedIntegration } from './created-integration';
import { yamlString } from './quoting';

/**
 * For a sender that speaks PagerDuty's Events API v2: Hookline's endpoint in
 * place of events.pagerduty.com, and the integration id as the routing key
 * (the credential, as at PagerDuty). Alertmanager's pagerduty_configs as the example.
 */
export function pagerdutyConfig(created: CreatedIntegration): string | undefined {
  if (created.integration.auth.scheme !== 'routing-key') return undefined;
  return [
    "# Any sender of PagerDuty's Events API v2: send to Hookline instead of https://events.pagerduty.com/v2/enqueue.",
    `Events API v2 URL: ${created.webhookUrl}`,
    `Routing key (integration key): ${created.id}`,
    '',
    '# For example, an Alertmanager receiver (alertmanager.yml):',
    'receivers:',
    `  - name: ${yamlString(`hookline-${created.integration.name}`)}`,
    '    pagerduty_configs:',
    `      - routing_key: ${yamlString(created.id)}`,
    `        url: ${yamlString(created.webhookUrl)}`,
    '        send_resolved: true',
    '',
  ].join('\n');
}
