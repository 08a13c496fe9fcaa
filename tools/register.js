// Runs TypeScript sources directly with SWC (decorator metadata for Nest,
// tsconfig `paths` for the @hookline/* libraries), so there is no build step
// between editing a file and running it.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
