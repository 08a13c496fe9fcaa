import type { PipeTransform } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import type { z } from 'zod';

/**
 * Validates a request body with a zod schema; a failure is a 400 listing
 * every problem by path, e.g. `auth.scheme: Invalid input`.
 */
export class ZodBodyPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
    throw new HooklineError('invalid_input', `request body is invalid: ${problems.join('; ')}`, { details: problems });
  }
}
