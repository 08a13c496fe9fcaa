// Entry point for run.int.spec.ts: reports which Node runs a TypeScript entry, and which `node` it would start.
import { execFileSync } from 'node:child_process';

const pathNode = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
console.log(JSON.stringify({ runtime: process.version, pathNode, args: process.argv.slice(2) }));
