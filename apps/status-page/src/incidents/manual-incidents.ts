import { Inject, Injectable } from '@nestjs/common';
import { fieldLimits } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { impactStatuses } from '../status/component-status';
import { PublicComponents, requirePublicComponents } from '../status/public-components';
import { impactNow, sameImpact } from './incident-projection';
import { IncidentStore } from './incident-store';
import { type IncidentUpdate, type PublicIncident, publicIncidentStatuses } from './public-incident';

/**
 * `POST /api/incidents`: without `incidentId` a new incident (name and at
 * least one component required), with it an update of an existing one,
 * automatic or manual. `components` maps component ids to the status the
 * incident puts them in, as in Statuspage's own API.
 */
export const manualPostSchema = z
  .object({
    incidentId: z.uuid().optional(),
    name: z.string().trim().min(1).max(fieldLimits.titleLength).optional(),
    status: z.enum(publicIncidentStatuses),
    body: z.string().trim().min(1).max(fieldLimits.detailLength),
    components: z.record(z.string().min(1).max(fieldLimits.nameLength), z.enum(impactStatuses)).optional(),
  })
  .strict()
  .superRefine((post, ctx) => {
    if (post.incidentId !== undefined) return;
    if (post.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required for a new incident' });
    if (Object.keys(post.components ?? {}).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['components'], message: 'a new incident needs at least one component' });
    }
  });
export type ManualPost = z.infer<typeof manualPostSchema>;

/**
 * A person's incidents and updates. Whatever a person posts is published at
 * once (no delay), and from then on the incident's status is theirs: an
 * automatic resolve of the alerts behind it does not overwrite it.
 */
@Injectable()
export class ManualIncidents {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IncidentStore) private readonly store: IncidentStore,
    @Inject(PublicComponents) private readonly components: Pick<PublicComponents, 'isPublic'>,
  ) {}

  async post(post: ManualPost, now: Date = new Date()): Promise<{ incident: PublicIncident; created: boolean }> {
    requirePublicComponents(this.components, Object.keys(post.components ?? {}));
    return this.dataSource.transaction(async (manager) => {
      const id = post.incidentId ?? randomUUID();
      await this.store.lock(manager, id);
      const current = post.incidentId === undefined ? undefined : await this.store.byId(manager, post.incidentId);
      if (post.incidentId !== undefined && !current) throw new HooklineError('not_found', `no incident ${post.incidentId}`);
      const next = current ? updated(current, post, now) : created(id, post, now);
      const update: IncidentUpdate = { id: randomUUID(), incidentId: id, status: post.status, body: post.body, at: now, createdBy: 'person' };
      const impact = impactNow(next);
      if (!current || !sameImpact(impactNow(current), impact)) update.impact = impact;
      await this.store.save(manager, next, [update]);
      return { incident: next, created: !current };
    });
  }
}

function created(id: string, post: ManualPost, now: Date): PublicIncident {
  const components = post.components ?? {};
  return withStatus(
    {
      id,
      origin: 'manual',
      ...(post.name !== undefined ? { name: post.name } : {}),
      components: Object.keys(components),
      impactOverride: components,
      status: post.status,
      statusSetBy: 'person',
      createdAt: now,
      updatedAt: now,
      impactSince: now,
      personPostedAt: now,
    },
    post.status,
    now,
  );
}

function updated(current: PublicIncident, post: ManualPost, now: Date): PublicIncident {
  const next: PublicIncident = {
    ...current,
    statusSetBy: 'person',
    updatedAt: now,
    personPostedAt: current.personPostedAt ?? now,
    impactSince: current.impactSince ?? now,
  };
  if (post.name !== undefined) next.name = post.name;
  if (post.components) {
    next.impactOverride = { ...current.impactOverride, ...post.components };
    next.components = [...new Set([...current.components, ...Object.keys(post.components)])];
  }
  return withStatus(next, post.status, now);
}

function withStatus(incident: PublicIncident, status: PublicIncident['status'], now: Date): PublicIncident {
  const next = { ...incident, status };
  if (status === 'monitoring') next.monitoringAt ??= now;
  if (status === 'resolved') next.resolvedAt ??= now;
  else next.resolvedAt = undefined;
  return next;
}
