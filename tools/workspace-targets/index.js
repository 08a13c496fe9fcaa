// An Nx plugin that gives every project the same targets, so a developer runs
// one project's tests the way they run the whole suite, with the real Kafka
// and Postgres (tools/launcher/src/test.ts), and serves one app against a
// local stack (tools/launcher/src/start.ts --only):
//
//   nx test <project>        the project's specs, all tiers (starts Kafka and Postgres)
//   nx test-unit <project>   its unit tier only (starts nothing; seconds)
//   nx serve <app>           Kafka, Postgres, migrations and that one of npm start's apps
//   nx affected -t lint test-unit
//
// Plain CommonJS, so Nx loads it without a TypeScript step.
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const bootstrap = 'node tools/bootstrap/run.mjs';

/** The apps `npm start` runs (tools/launcher/src/services.ts): `--only` knows these; a team's new app is started by its own main.ts. */
function launcherApps(workspaceRoot) {
  const source = readFileSync(join(workspaceRoot, 'tools', 'launcher', 'src', 'services.ts'), 'utf8');
  return [...source.matchAll(/name: '([a-z][a-z0-9-]*)'/g)].map((match) => match[1]);
}

function targetsFor(projectRoot, project, apps) {
  const run = (command) => ({ executor: 'nx:run-commands', options: { command, cwd: '{workspaceRoot}' } });
  const targets = {
    test: run(`${bootstrap} tools/launcher/src/test.ts ${projectRoot}`),
    'test-unit': { ...run(`${bootstrap} tools/launcher/src/test.ts --unit ${projectRoot}`), cache: true, inputs: ['default', '^default'] },
  };
  if (project.projectType === 'application' && apps.includes(project.name)) {
    targets.serve = run(`${bootstrap} tools/launcher/src/start.ts --only ${project.name}`);
  }
  return targets;
}

module.exports.createNodesV2 = [
  '**/project.json',
  (projectFiles, _options, context) => {
    const apps = launcherApps(context.workspaceRoot);
    return projectFiles.map((file) => {
      const projectRoot = dirname(file);
      const project = JSON.parse(readFileSync(join(context.workspaceRoot, file), 'utf8'));
      return [file, { projects: { [projectRoot]: { targets: targetsFor(projectRoot, project, apps) } } }];
    });
  },
];
