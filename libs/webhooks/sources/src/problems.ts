import type { z } from 'zod';

/** A 400 lists what is wrong, not a thousand copies of it: one bad template breaks every alert of a delivery alike. */
export const maxProblems = 20;

/**
 * Zod issues as lines a sender's operator can act on, e.g.
 * `alerts.0.labels: expected object, received string`. Zod's jargon is
 * translated ("record" is an object to anyone writing JSON) and the list is
 * capped at `maxProblems`, with a last line saying how many were left out.
 */
export function formatProblems(error: z.ZodError, prefix = ''): string[] {
  const lines = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part.length > 0).join('.');
    return `${path || '(body)'}: ${readableMessage(issue)}`;
  });
  return capProblems(lines);
}

export function capProblems(lines: string[]): string[] {
  if (lines.length <= maxProblems) return lines;
  return [...lines.slice(0, maxProblems - 1), `… and ${lines.length - (maxProblems - 1)} more problems`];
}

function readableMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return `required (${issue.expected === 'record' ? 'object' : issue.expected})`;
  }
  return issue.message
    .replace(/^Invalid (input|option): /, '')
    .replace(/^Too (big|small): /, '')
    .replace(/\bexpected record\b/, 'expected object');
}
