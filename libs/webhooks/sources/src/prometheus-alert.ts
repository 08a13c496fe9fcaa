import type { Severity } from '@hookline/contracts/events';
import { severityFromWord } from './severity';

/**
 * The fields Alertmanager and Grafana alerts share the conventions of:
 * Prometheus-style labels and annotations. Read once here so both sources
 * name, rate and summarise an alert the same way.
 */
export interface PrometheusAlertFields {
  severity: Severity;
  alertName: string;
  summary: string;
  description: string | undefined;
  service: string | undefined;
}

export function prometheusAlertFields(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
  defaultService: string | undefined,
  fallbackName: string,
): PrometheusAlertFields {
  const alertName = present(labels, 'alertname') ?? fallbackName;
  return {
    severity: severityFromWord(present(labels, 'severity')),
    alertName,
    // `title` is not in Alertmanager's docs but is common in rule files (and Grafana OnCall's examples): one line, like summary.
    summary: present(annotations, 'summary') ?? present(annotations, 'title') ?? present(annotations, 'description') ?? alertName,
    description: present(annotations, 'description'),
    service: present(labels, 'service') ?? present(labels, 'job') ?? defaultService,
  };
}

/** A map's value if it is there and not blank, trimmed. Own properties only: a label named `constructor` is data. */
export function present(map: Readonly<Record<string, string>>, key: string): string | undefined {
  const value = Object.hasOwn(map, key) ? map[key]?.trim() : undefined;
  return value ? value : undefined;
}
