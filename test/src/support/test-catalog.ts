import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deskConnectorYaml } from './ticket-desk';

export type Tier = 'tier-1' | 'tier-2' | 'tier-3';

export interface TestServiceSpec {
  /** Suffix of the service name; the catalog's service is `<run>-<suffix>`, so no other spec's alerts land on it. */
  suffix: string;
  tier: Tier;
  costPerMinute: number;
}

export interface TestCatalog {
  path: string;
  team: string;
  queue: string;
  /** The service name alerts must carry for a suffix. */
  service(suffix: string): string;
  /** The status-page component id of a service suffix (each service has its own public component). */
  component(suffix: string): string;
  /** Who the catalog's rotation puts on call at `at`, computed independently of the apps. */
  onCallAt(at: Date): string;
}

const rotationStart = Date.UTC(2026, 0, 1);
const rotationMembers = ['ana', 'ben', 'cleo'];
const dayMs = 86_400_000;

/**
 * Writes a catalog of a run's own: one team (a daily rotation on UTC, so the
 * expected on-call person is simple arithmetic), no routing rules (the
 * owning team gets every ticket), and per service a public status-page
 * component of its own. With `desk`, the team's tickets sync to that desk.
 */
export function writeTestCatalog(options: {
  dir: string;
  run: string;
  services: readonly TestServiceSpec[];
  desk?: { url: string; secretEnvVar: string };
}): TestCatalog {
  const { run } = options;
  const team = run;
  const queue = 'E2E';
  const service = (suffix: string) => `${run}-${suffix}`;
  const component = (suffix: string) => `${run}-${suffix}`;
  const yaml = [
    'services:',
    ...options.services.map(
      (spec) =>
        `  ${service(spec.suffix)}: { tier: ${spec.tier}, team: ${team}, component: ${component(spec.suffix)}, costPerMinute: ${spec.costPerMinute}, displayName: "${spec.suffix} service" }`,
    ),
    'components:',
    ...options.services.map((spec) => `  ${component(spec.suffix)}: { name: "${spec.suffix}", group: E2E }`),
    'teams:',
    `  ${team}:`,
    '    name: End-to-end team',
    `    ticketQueue: ${queue}`,
    '    timeZone: UTC',
    `    rotation: { handOff: daily, handOffTime: "00:00", start: 2026-01-01, members: [${rotationMembers.join(', ')}] }`,
    ...(options.desk ? [deskConnectorYaml(options.desk.url, options.desk.secretEnvVar, '    ')] : []),
    '',
  ].join('\n');
  mkdirSync(options.dir, { recursive: true });
  const path = join(options.dir, `${run}-catalog.yaml`);
  writeFileSync(path, yaml);
  return {
    path,
    team,
    queue,
    service,
    component,
    onCallAt: (at) => rotationMembers[Math.floor((at.getTime() - rotationStart) / dayMs) % rotationMembers.length] ?? '',
  };
}
