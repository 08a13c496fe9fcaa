import { RequestMethod, SetMetadata } from '@nestjs/common';
import { AdminTokenGuard } from '../admin-token.guard';
import { type ControllerClass, controllerRoutes } from './controller-routes';

/** The public listener (`PORT`) and, when `ADMIN_PORT` is set, the admin one. */
export type Listener = 'public' | 'admin';

const SERVED_ON = 'hookline:served-on';

/**
 * Which listeners serve a controller or one of its routes when the app has
 * an admin listener. Without the decorator, a route guarded by
 * `AdminTokenGuard` is the admin listener's and every other route the public
 * one's; it is for the unguarded routes an operator, not a user, calls
 * (`/metrics`, `/readyz`) and for those both serve (`/healthz`).
 */
export const ServedOn = (...listeners: [Listener, ...Listener[]]) => SetMetadata(SERVED_ON, listeners);

/** Answers which listeners serve a matched route; a route outside Nest (the ingress's webhooks) is public. */
export type ListenersOfRoute = (method: string, url: string) => readonly Listener[];

export function listenersOfRoutes(controllers: readonly ControllerClass[]): ListenersOfRoute {
  const byRoute = new Map<string, readonly Listener[]>();
  for (const route of controllerRoutes(controllers)) {
    const declared = (Reflect.getMetadata(SERVED_ON, route.handler) ?? Reflect.getMetadata(SERVED_ON, route.controller)) as Listener[] | undefined;
    const listeners = declared ?? (route.guards.includes(AdminTokenGuard) ? ['admin'] : ['public']);
    byRoute.set(routeKey(RequestMethod[route.method], route.path), listeners);
  }
  const publicOnly: readonly Listener[] = ['public'];
  // Fastify answers HEAD from the GET route, so a HEAD belongs where its GET does.
  return (method, url) => byRoute.get(routeKey(method === 'HEAD' ? 'GET' : method, url)) ?? byRoute.get(routeKey('ALL', url)) ?? publicOnly;
}

const routeKey = (method: string, url: string) => `${method} ${url}`;
