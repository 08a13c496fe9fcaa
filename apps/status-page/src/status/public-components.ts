import { Inject, Injectable } from '@nestjs/common';
import { Catalog, type ComponentInfo } from '@hookline/catalog';
import { HooklineError } from '@hookline/platform/errors';
import type { Naming } from '../public/status-snapshot';

/**
 * What the status page needs from the service catalog: the components it
 * shows, and the names automatic incidents and updates are worded in.
 * An abstract class, so that it is both the type and the injection token.
 */
export abstract class PublicComponents implements Naming {
  /** In catalog order. */
  abstract readonly all: readonly ComponentInfo[];
  abstract isPublic(componentId: string): boolean;
  abstract publicTitle(componentId: string, service: string | undefined): string;
  abstract componentName(componentId: string): string;
}

@Injectable()
export class CatalogPublicComponents implements PublicComponents {
  readonly all: readonly ComponentInfo[];

  constructor(@Inject(Catalog) private readonly catalog: Catalog) {
    this.all = catalog.publicComponents();
  }

  isPublic(componentId: string): boolean {
    return this.all.some((component) => component.id === componentId);
  }

  publicTitle(componentId: string, service: string | undefined): string {
    return this.catalog.publicTitle(componentId, service) ?? `${componentId}: service disruption`;
  }

  componentName(componentId: string): string {
    return this.catalog.component(componentId)?.name ?? componentId;
  }
}

/** A person may only put public components on the page (incidents, maintenance windows): 400 naming the others. */
export function requirePublicComponents(components: Pick<PublicComponents, 'isPublic'>, ids: readonly string[]): void {
  const unknown = ids.filter((id) => !components.isPublic(id));
  if (unknown.length > 0) throw new HooklineError('invalid_input', `not public status-page components: ${unknown.join(', ')}`);
}
