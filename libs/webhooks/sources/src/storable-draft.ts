import type { AlertDraft } from './alert-draft';
import { storableText } from './storable-text';

/**
 * The draft with every text made storable (see `storableText`), and the
 * fields where something was replaced, e.g. `summary` or `labels.instance`,
 * so the alert can say so. Done before anything is derived from the draft
 * (correlation key, event id), so those are storable too and the same sent
 * text always groups the same way.
 */
export function storableDraft<Draft extends AlertDraft>(draft: Draft): { draft: Draft; replacedIn: string[] } {
  const replacedIn: string[] = [];
  const fit = <T extends string | undefined>(field: string, value: T): T => {
    if (value === undefined) return value;
    const storable = storableText(value);
    if (storable !== value) replacedIn.push(field);
    return storable as T;
  };
  const fitted: Draft = {
    ...draft,
    fingerprint: fit('fingerprint', draft.fingerprint),
    alertName: fit('alertName', draft.alertName),
    summary: fit('summary', draft.summary),
    description: fit('description', draft.description),
    service: fit('service', draft.service),
    labels: storableMap('labels', draft.labels, replacedIn),
    annotations: storableMap('annotations', draft.annotations, replacedIn),
    // Hookline's own, derived from the fields above: fitted, but not reported a second time.
    defaultCorrelationKey: storableText(draft.defaultCorrelationKey),
  };
  return { draft: fitted, replacedIn };
}

function storableMap(name: string, map: Readonly<Record<string, string>>, replacedIn: string[]): Readonly<Record<string, string>> {
  let changed = false;
  const entries = Object.entries(map).map(([key, value]) => {
    const [storableKey, storableValue] = [storableText(key), storableText(value)];
    if (storableKey !== key || storableValue !== value) {
      changed = true;
      replacedIn.push(`${name}.${storableKey}`);
    }
    return [storableKey, storableValue] as const;
  });
  return changed ? Object.fromEntries(entries) : map;
}
