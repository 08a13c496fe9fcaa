import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; lists every problem, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with a service's schema. Each problem names the
 * variable and what was wrong, because the reader is an operator looking at a
 * crash-looping container, not the author of the schema.
 */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const variable = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${variable}: is required but not set`;
  }
  return `${variable}: ${issue.message}`;
}
