import type { TrustedProxies } from '@hookline/platform/config';
import { HooklineError } from '@hookline/platform/errors';
import type { FastifyInstance } from 'fastify';
import { isIP } from 'node:net';
import { replyWithProblem } from '../problem-details.filter';

/**
 * What an app's deprecated trust-everything flag (`INGRESS_TRUST_PROXY=true`)
 * now means: proxies on loopback and private networks, where a proxy in front
 * of Hookline runs. Unlike trusting every hop, a client connecting from the
 * internet can then never choose its own address in `X-Forwarded-For`.
 */
export const LEGACY_TRUSTED_PROXIES: TrustedProxies = { addresses: ['loopback', 'uniquelocal'] };

/** Fastify's `trustProxy` for the configured proxies; `false` trusts nobody. */
export function fastifyTrustProxy(proxies: TrustedProxies | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (!proxies) return false;
  if ('addresses' in proxies) return proxies.addresses;
  // Fastify reads a bare number as "trust nobody"; a hop count trusts the nearest `hops` peers, whoever they are.
  const { hops } = proxies;
  return (_address, hop) => hop < hops;
}

/**
 * Behind a trusted proxy the client address is read from `X-Forwarded-For`;
 * an entry there that is not an IP address (a typo in a proxy's config, or a
 * client's junk passed through) is refused with a 400 naming it, rather than
 * reaching an IP allowlist or a log as if it were an address.
 */
export function refuseUnreadableClientAddress(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const address = request.ip;
    if (isIP(address) !== 0) {
      done();
      return;
    }
    replyWithProblem(
      reply,
      new HooklineError('invalid_input', `X-Forwarded-For names ${JSON.stringify(address.slice(0, 64))} as the client, which is not an IP address`),
    );
  });
}
