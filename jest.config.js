// One Jest configuration for the whole repository, in three tiers (Jest
// projects), as the conventions ask:
//   unit         *.spec.ts in apps/, libs/, tools/: no infrastructure, the whole tier in well under a minute
//   integration  *.int.spec.ts: the real Kafka and Postgres (and the machine's chromium, amtool, postgres binaries)
//   e2e          test/**/*.spec.ts: the apps as processes, end to end
// `npm test` runs all three against the Kafka and Postgres it starts once
// (tools/launcher) and passes on through the environment; `npm run test:unit`
// runs the first without starting anything.
const { compilerOptions } = require('./tsconfig.json');

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/.hookline/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${escapeRegExp(alias)}$`, `<rootDir>/${target}`]),
  ),
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.int\\.spec\\.ts$'],
    },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.spec.ts'] },
  ],
};
