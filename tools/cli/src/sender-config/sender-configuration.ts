import { assertUnreachable } from '@hookline/platform/errors';
import { alertmanagerConfig } from './alertmanager-config';
import { anySenderConfig } from './any-sender-config';
import type { CreatedIntegration } from './created-integration';
import { datadogConfig } from './datadog-config';
import { grafanaConfig } from './grafana-config';
import { pagerdutyConfig } from './pagerduty-config';

export interface SenderConfiguration {
  /** Which sender and file it is for, e.g. "Alertmanager (alertmanager.yml)". */
  title: string;
  text: string;
}

function specific(created: CreatedIntegration): SenderConfiguration | undefined {
  const source = created.integration.source;
  const titled = (title: string, text: string | undefined) => (text === undefined ? undefined : { title, text });
  switch (source) {
    case 'alertmanager':
      return titled('Alertmanager (alertmanager.yml)', alertmanagerConfig(created));
    case 'grafana':
      return titled('Grafana webhook contact point (alerting provisioning file)', grafanaConfig(created));
    case 'datadog':
      return titled('Datadog webhook (Integrations → Webhooks)', datadogConfig(created));
    case 'pagerduty':
      return titled('PagerDuty Events API v2 sender', pagerdutyConfig(created));
    case 'generic':
      return undefined;
    default:
      return assertUnreachable(source);
  }
}

/**
 * What to paste into the sender so its deliveries verify. A source whose
 * sender cannot send the chosen credential (Alertmanager cannot sign) gets
 * the plain URL and credential, with a note saying why.
 */
export function senderConfiguration(created: CreatedIntegration): SenderConfiguration {
  const configuration = specific(created);
  if (configuration !== undefined) return configuration;
  const { source, auth } = created.integration;
  const note = source === 'generic' ? '' : `# ${source} cannot send the ${auth.scheme} credential itself; a proxy or script in front of it must.\n`;
  return { title: source === 'generic' ? `any sender (${auth.scheme})` : `a sender in front of ${source} (${auth.scheme})`, text: `${note}${anySenderConfig(created)}` };
}
