import type { CreatedIntegration } from './created-integration';
import { yamlString } from './quoting';

/**
 * For a sender that speaks PagerDuty's Events API v2: Hookline's endpoint in
 * place of events.pagerduty.com, and the integration's routing key (its
 * secret, shown once, as at PagerDuty). Alertmanager's pagerduty_configs as the example.
 */
export function pagerdutyConfig(created: CreatedIntegration): string | undefined {
  if (created.integration.auth.scheme !== 'routing-key') return undefined;
  // An ingress from before routing keys were secrets answered no secret: its key was the id.
  const routingKey = created.secret ?? created.id;
  return [
    "# Any sender of PagerDuty's Events API v2: send to Hookline instead of https://events.pagerduty.com/v2/enqueue.",
    `Events API v2 URL: ${created.webhookUrl}`,
    `Routing key (integration key): ${routingKey}`,
    '',
    '# For example, an Alertmanager receiver (alertmanager.yml):',
    'receivers:',
    `  - name: ${yamlString(`hookline-${created.integration.name}`)}`,
    '    pagerduty_configs:',
    `      - routing_key: ${yamlString(routingKey)}`,
    `        url: ${yamlString(created.webhookUrl)}`,
    '        send_resolved: true',
    '',
  ].join('\n');
}
