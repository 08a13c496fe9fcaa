import type { AlertEvent, IncidentPolicy } from '@hookline/contracts/events';
import type { AlertDraft } from './alert-draft';
import type { FieldMapping } from './field-mapping';

/** What the hot path knows about a delivery besides its body: the integration's settings and the delivery's identity. */
export interface NormaliseContext {
  integrationId: string;
  deliveryId: string;
  receivedAt: Date;
  /** The integration's service: used when an alert names none (and always for PagerDuty, whose service is the routing key's). */
  defaultService?: string;
  /** Overrides the source's default correlation key; see `parseCorrelationTemplate`. */
  correlationTemplate?: string;
  /** Generic integrations only: where a differently shaped sender keeps each field. */
  fieldMapping?: FieldMapping;
  /** A synthetic test alert: it flows through the pipeline but never pages anyone. */
  test?: boolean;
  /** The integration's incident policy, passed on to the correlator with each alert. */
  incidentPolicy?: IncidentPolicy;
}

export type ParseResult =
  | {
      ok: true;
      alerts: AlertEvent[];
      /** PagerDuty only: the dedup key, sent or generated, which PagerDuty's API answers with. */
      dedupKey?: string;
      /**
       * Settings that could not be applied, e.g. a correlation template that
       * does not fit the source: the alerts flowed with the default key, and
       * these say why, for the delivery log.
       */
      warnings?: string[];
    }
  | { ok: false; problems: string[] };

/** What a source's parser hands the event builder: alerts decided (fired, resolved, acknowledged) but not yet bounded. */
export type SourceParse = { ok: true; drafts: AlertDraft[]; dedupKey?: string } | { ok: false; problems: string[] };
