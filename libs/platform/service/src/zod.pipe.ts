import type { PipeTransform } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import type { z } from 'zod';

/**
 * Validates a request body (or query string: `@Query(new ZodPipe(schema, 'query'))`)
 * with a zod schema; a failure is a 400 listing every problem by path,
 * e.g. `request body is invalid: auth.scheme: Invalid input`.
 */
export class ZodPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  /** Public so the OpenAPI document describes each route with the very schema that validates it. */
  constructor(
    readonly schema: Schema,
    readonly part: 'request body' | 'query' = 'request body',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    // A request without a body (no content type either) is an empty object, as an empty JSON body is (run-service.ts).
    const result = this.schema.safeParse(value === undefined && this.part === 'request body' ? {} : value);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || `(${this.part})`}: ${issue.message}`);
    throw new HooklineError('invalid_input', `${this.part} is invalid: ${problems.join('; ')}`, { details: problems });
  }
}
