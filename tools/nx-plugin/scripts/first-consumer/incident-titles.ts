import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// What a team writes in its first hour, applied to a freshly generated
// incident consumer: a table of its own and a handler body that fills it.

const stateChangeMarker = /\s*\/\/ ─── YOUR STATE CHANGE GOES HERE ─+\n(\s*\/\/.*\n)*/;

/** Adds the `incident_titles` table as the app's second migration and fills it from each incident event. */
export function storeIncidentTitles(appRoot: string, schema: string): void {
  const timestamp = Date.now();
  writeFileSync(
    join(appRoot, 'src', 'db', 'incident-titles.migration.ts'),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The newest title of each incident. */
export class IncidentTitles${timestamp} implements MigrationInterface {
  readonly name = 'IncidentTitles${timestamp}';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE ${schema}.incident_titles (incident_id text PRIMARY KEY, title text NOT NULL, revision integer NOT NULL)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ${schema}.incident_titles');
  }
}
`,
  );
  edit(join(appRoot, 'src', 'db', 'database.ts'), [
    [/^import type \{ DatabaseDefinition \} from '@hookline\/platform\/service';\n/m, (line) => `${line}import { IncidentTitles${timestamp} } from './incident-titles.migration';\n`],
    [/timestamp: \d+ \}\)\]/, (inbox) => `${inbox.slice(0, -1)}, IncidentTitles${timestamp}]`],
  ]);
  edit(join(appRoot, 'src', 'incident-events', 'incident-event-processor.ts'), [
    [/async \(_manager\) => \{/, () => 'async (manager) => {'],
    [
      stateChangeMarker,
      () => `
      // An older revision arriving late does not overwrite a newer title.
      await manager.query(
        \`INSERT INTO ${schema}.incident_titles (incident_id, title, revision) VALUES ($1, $2, $3)
         ON CONFLICT (incident_id) DO UPDATE SET title = EXCLUDED.title, revision = EXCLUDED.revision
         WHERE incident_titles.revision < EXCLUDED.revision\`,
        [event.data.incidentId, event.data.title, event.data.revision],
      );
`,
    ],
  ]);
}

/** Applies each replacement once; one that finds nothing means the generator changed, and says where. */
function edit(file: string, replacements: ReadonlyArray<readonly [RegExp, (match: string) => string]>): void {
  let source = readFileSync(file, 'utf8');
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(source)) throw new Error(`${file}: not as generated (no ${pattern}), nothing replaced`);
    source = source.replace(pattern, replacement);
  }
  writeFileSync(file, source);
}
