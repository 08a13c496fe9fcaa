// One Jest run for the whole repository: `npm test` starts Kafka and Postgres
// once (tools/launcher) and passes their addresses to every spec through the
// environment, so no spec starts infrastructure of its own.
const { compilerOptions } = require('./tsconfig.json');

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.spec.ts'],
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
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
      `^${escapeRegExp(alias)}$`,
      `<rootDir>/${target}`,
    ]),
  ),
  testTimeout: 60_000,
};
