import { spawnSync } from 'node:child_process';
import { repoRoot } from './node-process';

// The boundaries are only worth something if lint really fails on a
// violation: the Nx rule silently skips itself when it has no project graph,
// so this lints code at a real path in each project, as `npm test` does.

/** Lints `code` as if it were saved at `filePath`; returns `rule: message` per problem. */
function lint(filePath: string, code: string): string {
  const result = spawnSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: repoRoot,
    input: code,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return (report?.messages ?? []).map((problem) => `${problem.ruleId}: ${problem.message}`).join('\n');
}

describe('project boundaries enforced by lint', () => {
  // The project graph the rule reads; a narrowed `npm test -- path` run has not built it yet.
  beforeAll(() => spawnSync('npx', ['nx', 'show', 'projects'], { cwd: repoRoot }));

  it('stop the contracts lib from importing Nest', () => {
    expect(lint('libs/contracts/events/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n")).toMatch(
      /enforce-module-boundaries: .*@nestjs\/common/,
    );
  });

  it('stop an app from importing another app', () => {
    expect(lint('apps/ticketing/src/probe.ts', "import { AppModule } from '../../correlator/src/app.module';\nexport const x = AppModule;\n")).toMatch(
      /enforce-module-boundaries: /,
    );
  });

  it('stop an app from importing kafkajs directly', () => {
    expect(lint('apps/ledger/src/probe.ts', "import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n")).toMatch(
      /no-restricted-imports: .*Use @hookline\/platform\/kafka/,
    );
  });

  it('let the kafka platform lib import kafkajs', () => {
    expect(lint('libs/platform/kafka/src/probe.ts', "import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n")).toBe('');
  });
});
