import type { CreatedIntegration } from './created-integration';
import { yamlString } from './quoting';

/** `http_config` for the integration's credential; undefined where Alertmanager cannot send it (it never signs). */
function httpConfig(created: CreatedIntegration): string[] | undefined {
  const { auth } = created.integration;
  const secret = yamlString(created.secret ?? '');
  if (auth.scheme === 'bearer') return ['http_config:', '  authorization:', '    type: Bearer', `    credentials: ${secret}`];
  if (auth.scheme === 'basic') return ['http_config:', '  basic_auth:', `    username: ${yamlString(auth.username)}`, `    password: ${secret}`];
  return undefined;
}

/**
 * A whole `alertmanager.yml` (it passes `amtool check-config` as printed) whose
 * receiver posts to the integration with `send_resolved`, so incidents resolve
 * when the alerts do. To add it to an existing file, copy the receiver and route to it.
 */
export function alertmanagerConfig(created: CreatedIntegration): string | undefined {
  const http = httpConfig(created);
  if (http === undefined) return undefined;
  const receiver = yamlString(`hookline-${created.integration.name}`);
  return [
    `# alertmanager.yml for the Hookline integration ${created.id}.`,
    '# With an alertmanager.yml already: copy the receiver into its receivers and name it in a route.',
    'route:',
    `  receiver: ${receiver}`,
    'receivers:',
    `  - name: ${receiver}`,
    '    webhook_configs:',
    `      - url: ${yamlString(created.webhookUrl)}`,
    '        send_resolved: true',
    ...http.map((line) => `        ${line}`),
    '',
  ].join('\n');
}
