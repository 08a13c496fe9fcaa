import type { FastifyInstance } from 'fastify';
import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { type ServerOptions, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * The admin listener: a second Node server handing its requests to the same
 * Fastify instance (`fastify.routing`), so both listeners share every route,
 * hook, provider and connection pool, and only the route filter
 * (`serveRoutesOnTheirListener`) tells them apart, by `cameThrough`.
 */
export class AdminServer {
  private readonly requests = new WeakSet<IncomingMessage>();
  readonly server: Server;

  constructor(fastify: FastifyInstance, tls: ServerOptions | undefined) {
    const route = (request: IncomingMessage, response: ServerResponse) => {
      this.requests.add(request);
      fastify.routing(request, response);
    };
    this.server = tls ? createHttpsServer(tls, route) : createHttpServer(route);
  }

  cameThrough(request: IncomingMessage): boolean {
    return this.requests.has(request);
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting, closes idle keep-alive sockets, and resolves once the requests in flight are answered. */
  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}
