import type { FastifyInstance } from 'fastify';
import type { AdminServer } from './admin-server';
import type { ListenersOfRoute } from './served-on';

/**
 * With an admin listener, each listener answers only its own routes: any
 * other matched route gets the app's ordinary 404, so the public port does
 * not even reveal that `/api/...` or `/metrics` exist. Runs first, before
 * any other hook or body read.
 */
export function serveRoutesOnTheirListener(fastify: FastifyInstance, admin: AdminServer, listenersOf: ListenersOfRoute): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.routeOptions.url;
    if (url === undefined) {
      done();
      return;
    }
    const listener = admin.cameThrough(request.raw) ? 'admin' : 'public';
    if (listenersOf(request.method, url).includes(listener)) {
      done();
      return;
    }
    reply.callNotFound();
  });
}
