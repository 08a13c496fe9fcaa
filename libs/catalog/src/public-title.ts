/**
 * Public incident titles on the status page come from a template in the
 * catalog, never from alert text: an alert's summary can name hosts, customers
 * or internal systems, and the status page is read by everyone.
 */

export const publicTitlePlaceholders = ['component', 'service'] as const;
export type PublicTitlePlaceholder = (typeof publicTitlePlaceholders)[number];

/** Used for a component whose catalog entry has no `publicTitle`. */
export const defaultPublicTitle = '{{component}}: service disruption';

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders in a template that are not allowed, e.g. `["alert.summary"]`. */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const [, name = ''] of template.matchAll(placeholderPattern)) {
    if (!(publicTitlePlaceholders as readonly string[]).includes(name)) unknown.push(name);
  }
  return unknown;
}

/**
 * Fills `{{component}}` and `{{service}}` with display names. One pass: a
 * display name that itself contains `{{…}}` is printed as it is, not expanded.
 */
export function renderPublicTitle(template: string, values: Record<PublicTitlePlaceholder, string>): string {
  return template.replace(placeholderPattern, (placeholder, name: string) =>
    name === 'component' || name === 'service' ? values[name] : placeholder,
  );
}
