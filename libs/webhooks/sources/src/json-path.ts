import { z } from 'zod';

/**
 * The JSON paths of a generic integration's field mapping: a small subset of
 * JSONPath that names exactly one value, evaluated on the parsed body.
 *
 *     $                        the whole body
 *     $.alert.name             object keys: any characters but . [ ] quotes and spaces
 *     $.alerts[0].labels       array elements, counted from 0
 *     $["kubernetes.io/name"]  any key, in double or single quotes (\" \' \\ escape)
 *
 * No wildcards, filters, slices, negative indexes or recursive descent: a
 * mapping names one value, and a path that could match many would leave
 * "which one?" to chance. `$.alerts.0` is refused (write `$.alerts[0]`), so a
 * path never means an array index in one body and an object key in another.
 */
export type JsonPath = readonly (string | number)[];

export const jsonPathLimits = { length: 256, segments: 32 } as const;

const namePattern = /^[^.[\]\s'"]+/;
const indexPattern = /^\[(\d{1,9})\]/;

export type JsonPathParse = { ok: true; path: JsonPath } | { ok: false; problem: string };

export function parseJsonPath(text: string): JsonPathParse {
  if (text.length > jsonPathLimits.length) return fail(`must be at most ${jsonPathLimits.length} characters`);
  if (!text.startsWith('$')) return fail('must start with $ (the body), e.g. $.alert.status');
  const path: (string | number)[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    if (path.length >= jsonPathLimits.segments) return fail(`must have at most ${jsonPathLimits.segments} steps`);
    if (rest.startsWith('.')) {
      const name = namePattern.exec(rest.slice(1))?.[0];
      if (name === undefined) return fail(`expected a key after "." at "${rest}"`);
      if (/^\d+$/.test(name)) return fail(`"${name}" looks like an array index: write [${name}] (or ["${name}"] for an object key)`);
      path.push(name);
      rest = rest.slice(1 + name.length);
    } else if (indexPattern.test(rest)) {
      const digits = indexPattern.exec(rest)?.[1] ?? '';
      path.push(Number(digits));
      rest = rest.slice(digits.length + 2);
    } else if (rest.startsWith('["') || rest.startsWith("['")) {
      const quoted = readQuoted(rest.slice(1));
      if (quoted === undefined) return fail(`unterminated quoted key at "${rest}"`);
      if (rest[1 + quoted.length] !== ']') return fail(`expected ] after the quoted key at "${rest}"`);
      path.push(quoted.key);
      rest = rest.slice(quoted.length + 2);
    } else {
      return fail(`unexpected "${rest.slice(0, 20)}": use .key, [0] or ["key"]`);
    }
  }
  return { ok: true, path };
}

/** Reads a quoted key at the start of `text`; `length` counts the quotes. */
function readQuoted(text: string): { key: string; length: number } | undefined {
  const quote = text[0];
  let key = '';
  for (let index = 1; index < text.length; index++) {
    const char = text[index];
    if (char === quote) return { key, length: index + 1 };
    if (char === '\\') {
      const escaped = text[index + 1];
      if (escaped !== quote && escaped !== '\\') return undefined;
      key += escaped;
      index++;
    } else {
      key += char;
    }
  }
  return undefined;
}

function fail(problem: string): JsonPathParse {
  return { ok: false, problem };
}

/**
 * The value at `path`, or undefined. Only own properties of plain objects and
 * elements of arrays are followed, so a path such as `$.__proto__` or
 * `$.constructor` finds nothing rather than a prototype member.
 */
export function evaluateJsonPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** A JSON path in a stored setting: refused at write time with the reason, so the hot path never meets a bad one. */
export const jsonPathSchema = z
  .string()
  .max(jsonPathLimits.length)
  .superRefine((text, context) => {
    const parsed = parseJsonPath(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.problem });
  })
  .meta({ description: 'A JSON path into the body: $.a.b[0]["c.d"] (keys, [index], quoted keys; no wildcards).' });
