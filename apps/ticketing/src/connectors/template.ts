/**
 * Request templates of the generic HTTP connector: JSON values whose strings
 * may hold `{{placeholders}}`. A string that is exactly one placeholder takes
 * the value as it is (so a missing assignee becomes `null`, not `""`); any
 * other string gets the values spliced in as text. Lookups only, no logic:
 * a template is configuration, not a program.
 */

const placeholderPattern = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;
const wholePlaceholder = /^\{\{\s*([A-Za-z][\w.]*)\s*\}\}$/;

export type TemplateValues = ReadonlyMap<string, string | undefined>;

/** Every placeholder a template uses, wherever it sits in the JSON value. */
export function placeholdersOf(template: unknown): string[] {
  const found = new Set<string>();
  visitStrings(template, (text) => {
    for (const match of text.matchAll(placeholderPattern)) found.add(match[1] as string);
  });
  return [...found];
}

/** The template with every placeholder filled from `values`. */
export function renderTemplate(template: unknown, values: TemplateValues): unknown {
  if (typeof template === 'string') {
    const whole = wholePlaceholder.exec(template);
    if (whole) return values.get(whole[1] as string) ?? null;
    return template.replace(placeholderPattern, (_, name: string) => values.get(name) ?? '');
  }
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, renderTemplate(value, values)]));
  }
  return template;
}

/** A URL path with its placeholders filled and percent-encoded, so an id with a slash cannot change the route. */
export function renderPath(path: string, values: TemplateValues): string {
  return path.replace(placeholderPattern, (_, name: string) => encodeURIComponent(values.get(name) ?? ''));
}

/** The value at a dotted path (`data.key`, `items.0.id`) of a response body, as text; undefined when absent or not a scalar. */
export function valueAt(body: unknown, path: string): string | undefined {
  let node: unknown = body;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return typeof node === 'string' || typeof node === 'number' ? String(node) : undefined;
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => visitStrings(item, visit));
}
