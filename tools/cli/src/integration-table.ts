import { z } from 'zod';

/** What the table shows of each integration; anything else in the answer is ignored, so an older ingress still lists. */
const listedIntegration = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  enabled: z.boolean(),
  owner: z.string().nullable().optional(),
  health: z.string().optional(),
  lastAcceptedAt: z.string().nullable().optional(),
  lastRefusedAt: z.string().nullable().optional(),
});
const listAnswer = z.object({ integrations: z.array(listedIntegration) });

const columns = ['ID', 'NAME', 'SOURCE', 'OWNER', 'HEALTH', 'LAST ACCEPTED', 'LAST REFUSED'] as const;

/** `integrations list --format table`: one line per integration, "who owns it and does it still work" at a glance. */
export function integrationTable(answer: unknown): string {
  const { integrations } = listAnswer.parse(answer);
  const rows = integrations.map((integration) => [
    integration.id,
    integration.name,
    integration.source,
    integration.owner ?? '-',
    integration.enabled ? (integration.health ?? '-') : 'disabled',
    integration.lastAcceptedAt ?? 'never',
    integration.lastRefusedAt ?? 'never',
  ]);
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => row[index]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return `${[line(columns), ...rows.map(line)].join('\n')}\n`;
}
