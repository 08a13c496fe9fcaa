/** A JSON value as TypeScript source in the repo's style: single quotes, bare keys where they are identifiers, one property per line. */
export function tsLiteral(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${tsLiteral(item, inner)},\n`).join('')}${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, item]) => `${inner}${propertyKey(key)}: ${tsLiteral(item, inner)},\n`);
    return `{\n${lines.join('')}${indent}}`;
  }
  throw new Error(`not a JSON value: ${String(value)}`);
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : tsLiteral(key, '');
}
