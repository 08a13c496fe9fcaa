// Where a server's CPU went, from a V8 .cpuprofile (`run.ts --cpu-prof`):
// by part of the work (handler, producer, delivery log, Fastify…), self time
// by package or repo folder, and inclusive time of the functions that
// matter, so "what dominates" is one command away from a profile.
//
//   node -r ./tools/register.js bench/ingress/profile-summary.ts .hookline/bench/profiles/<file>.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@hookline/launcher';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>`, a repo folder two levels deep (`libs/platform`, `apps/ingress`), or a V8 pseudo-frame. */
function area(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = path.slice(modules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? path);
  }
  if (path.startsWith('node:')) return path;
  const inRepo = relative(repoRoot, path);
  return inRepo.startsWith('..') ? path : inRepo.split('/').slice(0, 3).join('/');
}

/** `accept apps/ingress/src/webhooks/webhook-intake.ts:91`, `send kafkajs:379`. */
function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const inRepo = !path.includes('node_modules') && !relative(repoRoot, path).startsWith('..');
  const where = url ? `${inRepo ? relative(repoRoot, path) : area(url, functionName)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

/**
 * Where a sample belongs, judged by every frame on its stack, first rule
 * that matches wins: "the delivery-log consumer" is everything under the
 * kafkajs consumer, the consumer runtime, TypeORM and pg, wherever the leaf
 * frame (a Buffer method, JSON.parse) happens to be.
 */
const categories: [string, RegExp][] = [
  ['delivery-log consumer (kafkajs fetch, decode, TypeORM, pg)', /kafkajs\/src\/consumer|requests\/fetch|event-consumer|deliveries\/|node_modules\/(typeorm|pg|pg-protocol|pg-pool)\//],
  ['webhook handler (verify, parse, normalise, events)', /webhooks\/webhook-intake|baseline-server\.ts|webhooks\/(sources|verification)\//],
  ['Kafka producer (batching, encoding, produce)', /kafkajs\/src\/producer|requests\/produce|batching-publisher|event-publisher/],
  ['HTTP metrics (prom-client)', /node_modules\/prom-client|http-metrics/],
  ['Fastify (routing, hooks, body, reply)', /node_modules\/(fastify|find-my-way|@fastify)\//],
  ['Node HTTP server', /^node:_http/],
  ['kafkajs network (producer and consumer)', /node_modules\/kafkajs\//],
];

function category(urls: string[], leafName: string): string {
  if (leafName === '(garbage collector)') return 'garbage collector';
  if (leafName === '(program)') return '(program: native work V8 does not attribute)';
  for (const [name, pattern] of categories) if (urls.some((url) => pattern.test(url))) return name;
  return 'other';
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [--top 25]\n');
    process.exit(2);
  }
  const top = Number(values.top);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const byCategory = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const selfByFrame = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((leafId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const leaf = byId.get(leafId);
    if (!leaf) return;
    total += delta;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += delta;
      return;
    }
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + delta);
    add(selfByArea, area(leaf.callFrame.url, leaf.callFrame.functionName));
    add(selfByFrame, frameName(leaf));
    // Each frame once per sample, however often it recurses.
    const onStack = new Set<string>();
    const urls: string[] = [];
    for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id);
      if (!node?.callFrame.url) continue;
      onStack.add(frameName(node));
      urls.push(node.callFrame.url);
    }
    for (const frame of onStack) add(inclusive, frame);
    add(byCategory, category(urls, leaf.callFrame.functionName));
  });

  const busy = total - idle;
  const table = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${(micros / 1e6).toFixed(2).padStart(7)} s  ${key}`);
    }
  };
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)`);
  table('by part of the work (whole stack)', byCategory);
  table('self time by package / repo folder', selfByArea);
  table('self time by function', selfByFrame);
  table('inclusive time by function (JavaScript frames)', inclusive);
}

main();
