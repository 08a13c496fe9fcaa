import type { z } from 'zod';

export type CatalogPath = readonly (string | number)[];

/** One thing wrong with a catalog file, where it is, and what is wrong. */
export interface CatalogProblem {
  /** Keys and list indexes from the top of the file, e.g. `["services", "checkout-api", "team"]`. */
  path: CatalogPath;
  message: string;
  /** 1-based line in the YAML text, when the problem can be placed. */
  line?: number;
}

/** `services.checkout-api.team`, `routing[2].match.services[0]`, `services["api v2"]`. */
export function formatPath(path: CatalogPath): string {
  if (path.length === 0) return '(catalog)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z0-9_-]+$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

/** `services.checkout-api.team (line 14): unknown team "payment"`; a problem of the whole file is `line 3: …` or just its message. */
export function formatProblem(problem: CatalogProblem): string {
  if (problem.path.length === 0) return problem.line === undefined ? problem.message : `line ${problem.line}: ${problem.message}`;
  const where = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return `${formatPath(problem.path)}${where}: ${problem.message}`;
}

/** Thrown by `parseCatalog`/`loadCatalog`; the message lists every problem, not just the first. */
export class CatalogError extends Error {
  constructor(
    readonly sourceName: string,
    readonly problems: readonly CatalogProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid service catalog ${sourceName} (${count}):\n${problems.map((problem) => `  - ${formatProblem(problem)}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

/**
 * Zod issues in the words of someone editing YAML: "map" rather than
 * "record", "required" rather than "received undefined", one problem per
 * unknown key so each gets its own line number.
 */
export function problemsFromZod(error: z.ZodError): CatalogProblem[] {
  return error.issues.flatMap((issue): CatalogProblem[] => {
    const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
      case 'invalid_value':
        return [{ path, message: `must be one of: ${issue.values.map(String).join(', ')}` }];
      case 'invalid_key':
        return [{ path, message: `invalid key: ${issue.issues.map((inner) => inner.message).join('; ')}` }];
      case 'invalid_union': {
        // A discriminated union reports the allowed tags at runtime, though zod's issue type does not declare them.
        const options: unknown = (issue as { options?: unknown }).options;
        if (Array.isArray(options)) return [{ path, message: `must be one of: ${options.map(String).join(', ')}` }];
        return [{ path, message: readableMessage(issue.message) }];
      }
      default:
        return [{ path, message: readableMessage(issue.message) }];
    }
  });
}

function readableMessage(message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  if (missing) return `required (${typeName(missing[1] ?? '')})`;
  return message
    .replace(/^Invalid input: expected (\w+), received (\w+)$/, (_match, expected: string, received: string) => `expected ${typeName(expected)}, got ${typeName(received)}`)
    .replace(/^Invalid option: expected one of /, 'must be one of ')
    .replace(/^Invalid input: expected /, 'must be ')
    .replace(/^Too (?:big|small): expected (?:number|array|string) to (?:be|have) /, 'must be ');
}

/** Names as a YAML author sees them. */
function typeName(zodName: string): string {
  switch (zodName) {
    case 'record':
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'null':
      return 'nothing';
    default:
      return `a ${zodName}`;
  }
}
