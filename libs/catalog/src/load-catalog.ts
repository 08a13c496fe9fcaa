import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServiceCatalog } from './catalog.schema';
import { parseCatalog } from './parse-catalog';
import { CatalogError } from './problems';

/**
 * The repository's example catalog, `config/catalog.yaml`: what `npm start`
 * and the tests load unless told otherwise. Resolved from this file, not the
 * working directory, so it is found whichever folder a process starts in.
 */
export const defaultCatalogPath = resolve(__dirname, '../../../config/catalog.yaml');

/** Reads and parses a catalog file; a file that cannot be read is a `CatalogError` too. */
export function loadCatalog(path: string = defaultCatalogPath): ServiceCatalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // Not `instanceof Error`: errors from another realm (Jest's sandbox, a worker) fail that test.
    const reason = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    throw new CatalogError(path, [{ path: [], message: `cannot read the file: ${reason}` }]);
  }
  return parseCatalog(text, path);
}
