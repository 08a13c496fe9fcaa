import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The problems the OpenAPI schema validator finds in a document; empty when it is valid OpenAPI (2.0, 3.0 or 3.1). */
export function openApiProblems(document: unknown): string {
  const result = spawnSync(process.execPath, [join(__dirname, 'validate-openapi.mjs')], { input: JSON.stringify(document), encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? '' : `${result.stdout}${result.stderr}`.trim() || `validator exited ${result.status}`;
}
