import type { HttpConfig } from '@hookline/platform/config';
import { HooklineError } from '@hookline/platform/errors';
import type { FastifyInstance } from 'fastify';
import { replyWithProblem } from '../problem-details.filter';

/**
 * HSTS on every HTTPS response, so a browser that once saw the status page
 * over HTTPS never falls back to plain HTTP; and, when asked, a refusal of
 * what a trusted proxy says came in over plain HTTP, so a webhook secret
 * sent in the clear is not accepted as if it had been protected. Requests
 * without `X-Forwarded-Proto` (a health probe from the orchestrator) pass.
 */
export function transportSecurityHooks(fastify: FastifyInstance, http: Pick<HttpConfig, 'hstsMaxAgeSeconds' | 'refuseForwardedHttp'>): void {
  const { hstsMaxAgeSeconds, refuseForwardedHttp } = http;
  if (hstsMaxAgeSeconds === undefined && !refuseForwardedHttp) return;
  const hsts = `max-age=${hstsMaxAgeSeconds}`;
  fastify.addHook('onRequest', (request, reply, done) => {
    const protocol = request.protocol;
    if (refuseForwardedHttp && protocol === 'http' && request.headers['x-forwarded-proto'] !== undefined) {
      replyWithProblem(reply, new HooklineError('forbidden', 'this service takes HTTPS only: the proxy in front received this request over plain HTTP'));
      return;
    }
    if (hstsMaxAgeSeconds !== undefined && protocol === 'https') void reply.header('Strict-Transport-Security', hsts);
    done();
  });
}
