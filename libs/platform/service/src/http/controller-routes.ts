import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { ModulesContainer } from '@nestjs/core';

export type ControllerClass = new (...args: never[]) => unknown;

/** One route a controller method serves, as Nest registers it on Fastify. */
export interface ControllerRoute {
  controller: ControllerClass;
  /** The method's name on the controller. */
  name: string;
  handler: (...args: unknown[]) => unknown;
  method: RequestMethod;
  /** Fastify's template, e.g. `/api/incidents/:id/acknowledge`. */
  path: string;
  /** The controller's guards, then the method's. */
  guards: unknown[];
}

/** Every controller of every module of an app, once each. */
export function appControllers(modules: ModulesContainer): ControllerClass[] {
  const found = new Set<ControllerClass>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) found.add(wrapper.metatype as ControllerClass);
  }
  return [...found];
}

/**
 * The routes of controllers, read from their Nest metadata. Paths are joined
 * the way Nest's router joins them without a global prefix or versioning,
 * which Hookline's apps do not use.
 */
export function controllerRoutes(controllers: readonly ControllerClass[]): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  for (const controller of controllers) {
    const base = firstPath(Reflect.getMetadata(PATH_METADATA, controller));
    const controllerGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [];
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const routePath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || routePath === undefined) continue;
      const guards = [...controllerGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [])];
      routes.push({ controller, name, handler: handler as ControllerRoute['handler'], method, path: joinPath(base, firstPath(routePath)), guards });
    }
  }
  return routes;
}

function firstPath(path: string | string[] | undefined): string {
  return (Array.isArray(path) ? (path[0] ?? '') : (path ?? '')).replace(/^\/+|\/+$/g, '');
}

function joinPath(...parts: string[]): string {
  return `/${parts.join('/').split('/').filter(Boolean).join('/')}`;
}
