import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { serviceCatalogSchema } from './catalog.schema';
import type { ServiceCatalog } from './catalog.schema';
import { CatalogError, formatPath, formatProblem, problemsFromZod } from './problems';
import type { CatalogPath, CatalogProblem } from './problems';
import { referenceProblems } from './references';

type CatalogResult = { catalog: ServiceCatalog; problems: [] } | { catalog: undefined; problems: CatalogProblem[] };

/**
 * Parses and validates a catalog. Throws a `CatalogError` listing every
 * problem (YAML syntax, schema, cross-references), each with its path and line.
 */
export function parseCatalog(yamlText: string, sourceName = 'catalog'): ServiceCatalog {
  const result = checkCatalog(yamlText);
  if (result.catalog === undefined) throw new CatalogError(sourceName, result.problems);
  return result.catalog;
}

/** Every problem in a catalog as a printable line; empty when the catalog is valid. */
export function catalogProblems(yamlText: string): string[] {
  return checkCatalog(yamlText).problems.map(formatProblem);
}

function checkCatalog(yamlText: string): CatalogResult {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `09:00` stays text (YAML 1.1 reads it as 540) and
  // dates stay strings; merge keys let a file share blocks with `<<: *anchor`.
  const document = parseDocument(yamlText, { version: '1.2', schema: 'core', merge: true, lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      catalog: undefined,
      problems: document.errors.map((error) => ({
        path: [],
        message: `YAML syntax: ${error.message.split('\n')[0] ?? error.code}`,
        line: lineCounter.linePos(error.pos[0]).line,
      })),
    };
  }

  const raw: unknown = document.toJS({ maxAliasCount: 1000 });
  if (raw === null || raw === undefined) return { catalog: undefined, problems: [{ path: [], message: 'the catalog is empty' }] };
  const parsed = serviceCatalogSchema.safeParse(raw);
  const schemaProblems = parsed.success ? [] : problemsFromZod(parsed.error);
  // A field the schema already rejects (an id that is not a slug) is not
  // reported a second time as an unknown reference.
  const reported = new Set(schemaProblems.map((problem) => formatPath(problem.path)));
  const problems = [
    ...schemaProblems,
    ...referenceProblems(raw).filter((problem) => !reported.has(formatPath(problem.path))),
  ].map((problem) => ({ ...problem, line: lineOf(document, lineCounter, problem.path) }));

  if (parsed.success && problems.length === 0) return { catalog: parsed.data, problems: [] };
  return { catalog: undefined, problems };
}

/**
 * The line of the deepest part of `path` present in the document: the key's
 * own line for a map entry, the item's line for a list entry. A missing field
 * is placed at the entry that should contain it.
 */
function lineOf(document: Document, lineCounter: LineCounter, path: CatalogPath): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range?.[0];
}
