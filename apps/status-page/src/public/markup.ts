/**
 * Markup built from text that must never be read as markup: every value
 * interpolated into `html` is escaped unless it is itself `Markup`. Incident
 * names and updates come from people and the catalog; escaping is not
 * optional. The same escaping serves the XML feeds.
 */
export class Markup {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

type Value = Markup | string | number | undefined | null | false | readonly Value[];

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Markup(out);
}

/** Inserted as it is: for markup built elsewhere with `html`. */
export function join(parts: readonly Markup[], separator = ''): Markup {
  return new Markup(parts.map((part) => part.text).join(separator));
}

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}
