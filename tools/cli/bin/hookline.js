#!/usr/bin/env node
// Runs the TypeScript CLI through the repository's SWC register hook (no build step).
require('../../register.js');
require('../src/main.ts');
