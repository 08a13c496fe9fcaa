import type { Severity } from '@hookline/contracts/events';

// Every sender's words for "how bad", onto PagerDuty's four levels. A Map, not an
// object literal: a label value such as "constructor" must not find a prototype member.
const severityWords = new Map<string, Severity>([
  ['critical', 'critical'],
  ['crit', 'critical'],
  ['page', 'critical'],
  ['fatal', 'critical'],
  ['emergency', 'critical'],
  ['p1', 'critical'],
  ['error', 'error'],
  ['err', 'error'],
  ['high', 'error'],
  ['major', 'error'],
  ['p2', 'error'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['medium', 'warning'],
  ['minor', 'warning'],
  ['p3', 'warning'],
  ['info', 'info'],
  ['informational', 'info'],
  ['notice', 'info'],
  ['low', 'info'],
  ['none', 'info'],
  ['p4', 'info'],
  ['p5', 'info'],
]);

/**
 * A sender's severity word as a contract severity, case-insensitively.
 * Absent or unknown is `warning`: high enough that nobody misses it, low
 * enough that a typo in a label does not page anyone at night.
 */
export function severityFromWord(word: string | undefined): Severity {
  return (word === undefined ? undefined : severityWords.get(word.trim().toLowerCase())) ?? 'warning';
}

const priorities = new Map<string, Severity>([
  ['p1', 'critical'],
  ['p2', 'error'],
  ['p3', 'warning'],
  ['p4', 'info'],
  ['p5', 'info'],
]);

/** A Datadog-style priority (`P1`…`P5`); undefined when absent or not one of them. */
export function severityFromPriority(priority: string | undefined): Severity | undefined {
  return priority === undefined ? undefined : priorities.get(priority.trim().toLowerCase());
}
