/** A YAML double-quoted scalar: JSON's string syntax is valid YAML, and safe for any name, URL or secret. */
export const yamlString = (text: string): string => JSON.stringify(text);

/** A POSIX shell single-quoted word: nothing inside is expanded. */
export const shellWord = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A name senders accept as an identifier (Datadog webhook names, Grafana uids): letters, digits, - and _. */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'integration';
