import { cpus } from 'node:os';
import type { LatencySummary } from '../shared/percentiles';
import type { LatencyPhase, StormLatencyPhase } from './latency';
import type { StormOutcome } from './outcome';
import type { ProcessUsage } from './process-sampler';
import type { StormSent } from './storm-sender';

/** The issue's targets: webhook → ticket p99 at this many webhooks a second of storm traffic. */
export const targets = { ticketP99Ms: 1_000, webhookRate: 200 };

export interface StormPhase {
  sent: StormSent;
  /** Last answer → every consumer group committed everything and every outbox empty. */
  catchUpSeconds: number;
  /** First webhook → caught up. */
  totalSeconds: number;
  alertEvents: { published: number; applied: number };
  outcome: StormOutcome;
  usage: ProcessUsage[];
}

export interface PipelineReport {
  startedAt: string;
  machine: { cpus: number; model: string };
  shape: Record<string, number>;
  /** The target's measurement: new-incident probes among storm notifications at a fixed total rate. */
  stormLatency: StormLatencyPhase;
  /** The worst case: every webhook a new incident. */
  allNewLatency: LatencyPhase;
  storm: StormPhase;
  /** The same storm against the ingress with nothing downstream running. */
  ingressAlone: { sent: StormSent; usage: ProcessUsage[] } | undefined;
  met: { ticketP99: boolean; nothingLost: boolean; nothingDuplicated: boolean };
}

export function machine(): PipelineReport['machine'] {
  return { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' };
}

const ms = (value: number) => (Number.isFinite(value) ? (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`) : '–');
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const latencyRow = (name: string, summary: LatencySummary) =>
  `| ${name} | ${count(summary.count)} | ${ms(summary.p50)} | ${ms(summary.p99)} | ${ms(summary.p999)} | ${ms(summary.max)} |`;

export function formatReport(report: PipelineReport): string {
  const { stormLatency, allNewLatency, storm, ingressAlone } = report;
  const stormRate = report.shape['rate'] ?? Number.NaN;
  const probeRate = report.shape['probeRate'] ?? Number.NaN;
  const allNewRate = report.shape['allNewRate'] ?? Number.NaN;
  const background = stormLatency.background;
  const lines = [
    '',
    `## Latency under a storm: ${count(stormRate)} webhooks/s for ${report.shape['seconds']} s, ${count(probeRate)}/s of them new incidents (open loop, from the scheduled send)`,
    '',
    `New-incident probes (${count(stormLatency.sent)}) among ${count(background.webhooks)} storm notifications (repeats, re-fires, resolves of already-open incidents):`,
    '',
    ...probeTable(stormLatency),
    '',
    `storm notifications: ${count(background.accepted)} 202 / ${count(background.duplicates)} 200 duplicate / failed ${JSON.stringify(background.failed)}; ` +
      `scheduled → answer p50 ${ms(background.ackMs.p50)}, p99 ${ms(background.ackMs.p99)}, max ${ms(background.ackMs.max)}`,
    '',
    'CPU and memory from the first webhook until every app had caught up:',
    '',
    ...usageTable(stormLatency.usage, stormLatency.sent + background.webhooks, undefined),
    '',
    `## Latency, worst case: ${count(allNewLatency.sent)} webhooks at ${count(allNewRate)}/s, each a new incident (open loop, from the scheduled send)`,
    '',
    ...probeTable(allNewLatency),
    '',
    'CPU and memory from the first webhook until every app had caught up:',
    '',
    ...usageTable(allNewLatency.usage, allNewLatency.sent, undefined),
    '',
    `## Storm: ${count(storm.sent.webhooks)} webhooks, ${report.shape['alerts']} alerts on ${report.shape['services']} services in ${storm.outcome.incidents.expected} groups`,
    '',
    '| | full pipeline | ingress alone |',
    '|---|---:|---:|',
    `| webhooks answered/s | ${count(storm.sent.answeredPerSecond)} | ${ingressAlone ? count(ingressAlone.sent.answeredPerSecond) : '–'} |`,
    `| accepted (202)/s | ${count(storm.sent.acceptedPerSecond)} | ${ingressAlone ? count(ingressAlone.sent.acceptedPerSecond) : '–'} |`,
    `| sending took | ${storm.sent.seconds.toFixed(1)} s | ${ingressAlone ? `${ingressAlone.sent.seconds.toFixed(1)} s` : '–'} |`,
    `| 202 / 200 duplicate / failed | ${count(storm.sent.accepted)} / ${count(storm.sent.duplicates)} / ${JSON.stringify(storm.sent.failed)} | ${ingressAlone ? `${count(ingressAlone.sent.accepted)} / ${count(ingressAlone.sent.duplicates)} / ${JSON.stringify(ingressAlone.sent.failed)}` : '–'} |`,
    `| retried attempts | ${JSON.stringify(storm.sent.retried)} | ${ingressAlone ? JSON.stringify(ingressAlone.sent.retried) : '–'} |`,
    `| webhook p50 / p99 (closed loop) | ${ms(storm.sent.latencyMs.p50)} / ${ms(storm.sent.latencyMs.p99)} | ${ingressAlone ? `${ms(ingressAlone.sent.latencyMs.p50)} / ${ms(ingressAlone.sent.latencyMs.p99)}` : '–'} |`,
    '',
    ingressAlone ? `full pipeline ÷ ingress alone (accepted/s): ${(storm.sent.acceptedPerSecond / ingressAlone.sent.acceptedPerSecond).toFixed(2)}×` : 'ingress alone: not run',
    `caught up ${storm.catchUpSeconds.toFixed(1)} s after the last answer; storm fully processed in ${storm.totalSeconds.toFixed(1)} s (${count(storm.sent.webhooks / storm.totalSeconds)} webhooks/s, ${count(storm.alertEvents.applied / storm.totalSeconds)} alert events/s end to end)`,
    `alert events: ${count(storm.alertEvents.published)} published by the ingress, ${count(storm.alertEvents.applied)} applied by the correlator`,
    outcomeLine(storm.outcome),
    '',
    '## CPU and memory during the storm (sending and catching up)',
    '',
    ...usageTable(storm.usage, storm.sent.webhooks, ingressAlone?.usage),
    '',
    '## Summary',
    '',
    `TARGET  storm at ${count(stormRate)} webhooks/s (${count(probeRate)}/s new incidents), new-incident webhook → ticket p99 ≤ ${count(targets.ticketP99Ms)} ms: ` +
      `${report.met.ticketP99 ? 'met' : 'MISSED'} (${ms(stormLatency.ticketMs.p99)}; p50 ${ms(stormLatency.ticketMs.p50)}, ${count(stormLatency.sent)} probes, ${count(stormLatency.sent - stormLatency.accepted)} refused or unanswered, ${stormLatency.withoutTicket} accepted without a ticket)`,
    `TARGET  storm fully processed, 0 lost: ${report.met.nothingLost ? 'met' : 'MISSED'} (${storm.outcome.lost}); 0 duplicated: ${report.met.nothingDuplicated ? 'met' : 'MISSED'} (${storm.outcome.duplicated})`,
    `worst case (not the target): every webhook a new incident at ${count(allNewRate)}/s, webhook → ticket p99 ${ms(allNewLatency.ticketMs.p99)} (p50 ${ms(allNewLatency.ticketMs.p50)})`,
    capacityLine(allNewLatency, allNewRate),
  ];
  return lines.join('\n');
}

function probeTable(latency: LatencyPhase): string[] {
  return [
    '| | n | p50 | p99 | p99.9 | max |',
    '|---|---:|---:|---:|---:|---:|',
    latencyRow('webhook → 202', latency.ackMs),
    latencyRow('webhook → incident on Kafka', latency.incidentMs),
    latencyRow('webhook → ticket decided (event time)', latency.ticketDecidedMs),
    latencyRow('webhook → ticket on Kafka', latency.ticketMs),
    '',
    `refused: ${JSON.stringify(latency.refused)}; accepted without a ticket: ${latency.withoutTicket}; ticket p99 ÷ 202 p99: ${(latency.ticketMs.p99 / latency.ackMs.p99).toFixed(1)}×`,
  ];
}

/**
 * New incidents a second this box turns into tickets: observed, when the
 * worst case saturated it; and the ceiling its CPU cost implies, the apps',
 * Kafka's and Postgres's CPU per new incident (not the benchmark's) into the cores.
 */
function capacityLine(allNew: LatencyPhase, offered: number): string {
  const pipelineCpuSeconds = allNew.usage.filter((entry) => !entry.name.startsWith('bench')).reduce((sum, entry) => sum + entry.cpuSeconds, 0);
  const cpuMsPerIncident = (pipelineCpuSeconds * 1000) / Math.max(1, allNew.accepted);
  const cores = cpus().length;
  const observed = allNew.ticketsPerSecond >= offered * 0.95 ? `≥ ${count(allNew.ticketsPerSecond)}/s (kept up with the offered ${count(offered)}/s)` : `${count(allNew.ticketsPerSecond)}/s (saturated at ${count(offered)}/s offered)`;
  return `new-incident capacity: ${observed}, first webhook → last ticket; CPU per new incident ${cpuMsPerIncident.toFixed(1)} ms (pipeline, without the benchmark) ⇒ ≈ ${count((cores * 1000) / cpuMsPerIncident)}/s on ${cores} cores`;
}

function outcomeLine(outcome: StormOutcome): string {
  const { incidents, tickets, ledger, statusPage, duplicates } = outcome;
  return [
    `incidents ${incidents.found} of ${incidents.expected} (missing ${incidents.missingGroups}, groups with several ${incidents.groupsWithSeveral}, wrong final state ${incidents.wrongState})`,
    `tickets ${tickets.found} (missing ${tickets.missing}, stale ${tickets.stale})`,
    `ledger entries ${ledger.found} (missing ${ledger.missing}, stale ${ledger.stale}, history gaps ${ledger.historyGaps}, duplicate history rows ${ledger.historyDuplicates})`,
    `status page ${statusPage.found} (missing ${statusPage.missing}, stale ${statusPage.stale})`,
    `changes under two ids: incidents ${duplicates.incidentChanges}, tickets ${duplicates.ticketChanges}; incidents with two tickets ${duplicates.incidentsWithSeveralTickets}`,
  ].join('\n');
}

function usageTable(usage: readonly ProcessUsage[], webhooks: number, alone: readonly ProcessUsage[] | undefined): string[] {
  const aloneOf = new Map((alone ?? []).map((entry) => [entry.name, entry]));
  return [
    '| process | CPU s | CPU % (of one core) | CPU µs / webhook | peak RSS MiB | peak PSS MiB | ingress alone: CPU s |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...usage.map(
      (entry) =>
        `| ${entry.name} | ${entry.cpuSeconds.toFixed(1)} | ${Math.round(entry.cpuPercent)} % | ${count((entry.cpuSeconds * 1e6) / webhooks)} | ${count(entry.peakRssMiB)} | ${count(entry.peakPssMiB)} | ${aloneOf.get(entry.name)?.cpuSeconds.toFixed(1) ?? '–'} |`,
    ),
    `| all | ${usage.reduce((sum, entry) => sum + entry.cpuSeconds, 0).toFixed(1)} | ${Math.round(usage.reduce((sum, entry) => sum + entry.cpuPercent, 0))} % | | ${count(usage.reduce((sum, entry) => sum + entry.peakRssMiB, 0))} | ${count(usage.reduce((sum, entry) => sum + entry.peakPssMiB, 0))} | ${alone ? alone.reduce((sum, entry) => sum + entry.cpuSeconds, 0).toFixed(1) : '–'} |`,
  ];
}
