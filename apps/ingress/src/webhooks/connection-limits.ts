import type { Server } from 'node:http';
import type { IngressConfig } from '../config';

export type ConnectionLimits = IngressConfig['ingress']['connections'];

/**
 * Node's own limits on the listener, so a client that connects and then
 * sends slowly or not at all holds a socket for a bounded time:
 *
 * - headers not complete within `headersTimeoutMs`: 408 and closed;
 * - the whole request not received within headers + body timeouts: 408 and
 *   closed. This is the backstop; the webhook routes time their body read
 *   themselves (`bodyTimeoutMs`), so such a refusal is logged like any other;
 * - a kept-alive connection idle for `idleTimeoutMs` between requests: closed;
 * - beyond `maxConnections` open sockets, new ones are closed at once.
 *
 * Node enforces the first two on a timer that runs every 30 s by default,
 * which would let a slow client hold its socket that much longer; it is run
 * more often here. Set before `listen`, which is when Node starts that timer.
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.headersTimeoutMs + limits.bodyTimeoutMs + 1_000;
  server.keepAliveTimeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1_000, Math.ceil(limits.headersTimeoutMs / 4));
}
