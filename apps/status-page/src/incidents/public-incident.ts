import type { IncidentStatus as SourceStatus, Severity } from '@hookline/contracts/events';
import type { ImpactStatus } from '../status/component-status';

/** Statuspage's incident statuses (postmortems are not published here). */
export const publicIncidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicIncidentStatus = (typeof publicIncidentStatuses)[number];

export const publicIncidentStatusLabels: Record<PublicIncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** Component id → the status the incident puts it in. */
export type ImpactSnapshot = Record<string, ImpactStatus>;

/**
 * An incident as the status page keeps it: what the public sees (name,
 * status, updates) and what it was derived from (the correlator's incident,
 * or a person). Only `automatic` incidents follow incident events, and only
 * while no person has set their status (`statusSetBy`).
 */
export interface PublicIncident {
  id: string;
  origin: 'automatic' | 'manual';
  /** The correlator's incident, its last applied revision and status (automatic incidents only). */
  source?: { incidentId: string; revision: number; status: SourceStatus };
  /**
   * A title a person chose. Without one the page shows the catalog's public
   * title of the component, rendered when the page is, so a template change
   * applies to past incidents too; alert text never becomes a title.
   */
  name?: string;
  components: string[];
  service?: string;
  severity?: Severity;
  tier?: string;
  /** Component statuses a person chose; they win over the severity × tier matrix. */
  impactOverride?: ImpactSnapshot;
  status: PublicIncidentStatus;
  /** Once a person set the status, incident events never change it again. */
  statusSetBy: 'automatic' | 'person';
  createdAt: Date;
  updatedAt: Date;
  monitoringAt?: Date;
  resolvedAt?: Date;
  /**
   * Since when it has had public impact: the publish delay counts from here
   * (see public/visibility.ts). Undefined while it has had none (an `info`
   * incident), and such an incident never shows.
   */
  impactSince?: Date;
  /** When a person first posted on it: from then on it is public, delay or not. */
  personPostedAt?: Date;
}

/** The automatic updates, worded when the page is rendered (with the catalog's names), never from alert text. */
export const automaticUpdateKinds = ['opened', 'reopened', 'resolved', 'impact'] as const;
export type AutomaticUpdateKind = (typeof automaticUpdateKinds)[number];

export interface IncidentUpdate {
  id: string;
  incidentId: string;
  status: PublicIncidentStatus;
  /** What a person wrote; automatic updates have a `kind` instead. */
  body?: string;
  kind?: AutomaticUpdateKind;
  at: Date;
  createdBy: 'automatic' | 'person';
  /** The incident's component statuses after this update, when it changed them. */
  impact?: ImpactSnapshot;
}

export interface IncidentWithUpdates {
  incident: PublicIncident;
  /** Oldest first. */
  updates: IncidentUpdate[];
}

/** An incident with its public title, as pages, feeds and the API show it. */
export type NamedIncident = PublicIncident & { name: string };
/** An update with its words. */
export type WrittenUpdate = IncidentUpdate & { body: string };
