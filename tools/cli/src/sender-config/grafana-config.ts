import type { CreatedIntegration } from './created-integration';
import { hmacFormat } from './hmac-format';
import { yamlString } from './quoting';

/** The webhook contact point's credential settings; undefined where Grafana cannot send the integration's. */
function credentialSettings(created: CreatedIntegration): string[] | undefined {
  const { auth } = created.integration;
  const secret = yamlString(created.secret ?? '');
  switch (auth.scheme) {
    case 'bearer':
      return ['authorization_scheme: Bearer', `authorization_credentials: ${secret}`];
    case 'basic':
      return [`username: ${yamlString(auth.username)}`, `password: ${secret}`];
    case 'hmac': {
      // Grafana signs lowercase hex with no prefix, over "<ts>:<body>" when it has a timestamp header.
      const format = hmacFormat(auth);
      const grafanaCanSign = format.encoding === 'hex' && format.prefix === '' && (format.timestamp === undefined || format.timestamp.separator === ':');
      if (!grafanaCanSign) return undefined;
      return [
        'hmacConfig:',
        `  secret: ${secret}`,
        `  header: ${yamlString(format.header)}`,
        ...(format.timestamp === undefined ? [] : [`  timestampHeader: ${yamlString(format.timestamp.header)}`]),
      ];
    }
    default:
      return undefined;
  }
}

/**
 * A Grafana alerting provisioning file (provisioning/alerting/hookline.yaml)
 * with a webhook contact point for the integration; in the UI, the same
 * values go under Contact points → Webhook → Optional settings.
 */
export function grafanaConfig(created: CreatedIntegration): string | undefined {
  const credential = credentialSettings(created);
  if (credential === undefined) return undefined;
  return [
    `# Grafana provisioning/alerting/hookline.yaml for the Hookline integration ${created.id}`,
    '# (or in the UI: Contact points → + Add contact point → Webhook, these values under Optional Webhook settings).',
    ...(created.integration.auth.scheme === 'hmac' ? ['# HMAC signing needs Grafana 11.6 or later.'] : []),
    'apiVersion: 1',
    'contactPoints:',
    '  - orgId: 1',
    `    name: ${yamlString(`hookline-${created.integration.name}`)}`,
    '    receivers:',
    `      - uid: ${yamlString(`hookline-${created.id}`)}`,
    '        type: webhook',
    '        disableResolveMessage: false',
    '        settings:',
    `          url: ${yamlString(created.webhookUrl)}`,
    '          httpMethod: POST',
    ...credential.map((line) => `          ${line}`),
    '',
  ].join('\n');
}
