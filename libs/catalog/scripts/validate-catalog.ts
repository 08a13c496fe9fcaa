// Checks a service catalog without starting anything:
//   node -r ./tools/register.js libs/catalog/scripts/validate-catalog.ts [path]
// Prints every problem with its path and line and exits 1, or prints a summary and exits 0.
import { CatalogError, defaultCatalogPath, loadCatalog } from '../src/index';

const path = process.argv[2] ?? defaultCatalogPath;
try {
  const catalog = loadCatalog(path);
  const count = (section: object) => Object.keys(section).length;
  process.stdout.write(
    `${path}: valid (${count(catalog.services)} services, ${count(catalog.components)} components, ` +
      `${count(catalog.teams)} teams, ${catalog.routing.length} routing rules)\n`,
  );
} catch (error) {
  if (!(error instanceof CatalogError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
