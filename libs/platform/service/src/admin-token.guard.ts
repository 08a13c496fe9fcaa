import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ADMIN_TOKEN } from './tokens';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Every app's admin API (integrations, incident actions, manual status
 * updates) answers only `Authorization: Bearer <HOOKLINE_ADMIN_TOKEN>`.
 * Digests are compared in constant time, so neither the token's content nor
 * its length leaks through response timing.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(ADMIN_TOKEN) adminToken: string) {
    this.expected = digest(adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['authorization'];
    const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    // One cause, one message: a missing token and a wrong one call for different fixes.
    if (token === undefined) {
      throw new HooklineError('unauthorized', 'no admin token: the admin API needs Authorization: Bearer <HOOKLINE_ADMIN_TOKEN>');
    }
    if (!timingSafeEqual(digest(token), this.expected)) {
      throw new HooklineError('unauthorized', 'the admin token was refused: it is not this deployment\'s HOOKLINE_ADMIN_TOKEN');
    }
    return true;
  }
}
