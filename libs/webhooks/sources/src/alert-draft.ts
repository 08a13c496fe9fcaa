import {
  type AlertEvent,
  type AlertFiredData,
  type AlertTransitionData,
  createEvent,
  eventIdFor,
  fieldLimits,
  type Severity,
  type SourceKind,
  topics,
} from '@hookline/contracts/events';
import { prefixedCorrelationKey, renderCorrelationTemplate, usableTemplate } from './correlation-key';
import type { NormaliseContext } from './normalise-context';
import { storableDraft } from './storable-draft';
import { boundedIdentity, boundedMap, truncateText } from './truncate';

/**
 * One alert as a source read it: its kind of event decided, its values not yet
 * bounded. A fired alert must say what it is and how bad; a resolution or
 * acknowledgement may know only its fingerprint (a PagerDuty resolve).
 */
interface DraftCommon {
  /** The sender's identity of the alert; hash-shortened if longer than the contract's 255. */
  fingerprint: string;
  /** The source's correlation key without the integration prefix, used when the integration sets no template. */
  defaultCorrelationKey: string;
  description?: string | undefined;
  service?: string | undefined;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  endsAt?: string | undefined;
  generatorUrl?: string | undefined;
}

export type FiredDraft = DraftCommon & { type: 'alert.fired'; severity: Severity; alertName: string; summary: string; startsAt: string };
export type TransitionDraft = DraftCommon & {
  type: 'alert.resolved' | 'alert.acknowledged';
  severity?: Severity | undefined;
  alertName?: string | undefined;
  summary?: string | undefined;
  startsAt?: string | undefined;
};
export type AlertDraft = FiredDraft | TransitionDraft;

const maxFingerprintLength = 255;
const maxSanitizedFields = fieldLimits.labelCount + fieldLimits.annotationCount + 8;
const labelLimits = { entries: fieldLimits.labelCount, keyLength: fieldLimits.labelKeyLength, valueLength: fieldLimits.labelValueLength };
const annotationLimits = { entries: fieldLimits.annotationCount, keyLength: fieldLimits.labelKeyLength, valueLength: fieldLimits.annotationValueLength };

/**
 * Builds the `ingress.alert.v1` events of a delivery. Everything a sender
 * wrote is fitted to the contract here, in one place, rather than refused:
 *
 * - cut, ending in `…`: alertName and service (256), summary (1,024),
 *   description (8,192), label values (1,024), annotation values (4,096);
 * - cut, ending in `…` and a hash, so distinct values stay distinct:
 *   fingerprint (255), correlation key (512), label and annotation keys (128);
 * - beyond 64 labels or 32 annotations, the keys that sort last are dropped;
 * - a link that is too long or not http(s) is left out, never cut;
 * - characters nothing downstream can store (NUL, other control characters,
 *   lone surrogates) are replaced with U+FFFD, and `sanitizedFields` names
 *   where, so the alert still becomes an incident instead of a dead letter.
 *
 * The correlation key is computed from the storable values before any cutting,
 * so truncation never changes how alerts group.
 */
export function buildAlertEvents(
  kind: SourceKind,
  drafts: readonly AlertDraft[],
  context: NormaliseContext,
): { alerts: AlertEvent[]; warnings: string[] } {
  const warnings: string[] = [];
  const template = context.correlationTemplate === undefined ? undefined : usableTemplate(context.correlationTemplate, kind);
  if (template !== undefined && !template.ok) {
    warnings.push(...template.problems.map((problem) => `correlation template not applied (${problem}); used the ${kind} default key`));
  }
  const parts = template?.ok ? template.parts : undefined;
  const alerts = drafts.map((sent) => {
    const { draft, replacedIn } = storableDraft(sent);
    const key = parts ? renderCorrelationTemplate(parts, draft) : draft.defaultCorrelationKey;
    return buildAlertEvent(kind, draft, prefixedCorrelationKey(context.integrationId, key), context, replacedIn);
  });
  return { alerts, warnings };
}

function buildAlertEvent(kind: SourceKind, draft: AlertDraft, correlationKey: string, context: NormaliseContext, replacedIn: readonly string[]): AlertEvent {
  const fingerprint = boundedIdentity(draft.fingerprint, maxFingerprintLength);
  const common = {
    integrationId: context.integrationId,
    sourceKind: kind,
    deliveryId: context.deliveryId,
    fingerprint,
    correlationKey,
    ...optional('description', draft.description, (value) => truncateText(value, fieldLimits.detailLength)),
    ...optional('service', draft.service, (value) => truncateText(value, fieldLimits.nameLength)),
    labels: boundedMap(draft.labels, labelLimits),
    annotations: boundedMap(draft.annotations, annotationLimits),
    ...optional('endsAt', draft.endsAt, (value) => value),
    ...optional('generatorUrl', draft.generatorUrl, (value) => value),
    ...optional('grouping', context.incidentPolicy, (value) => value),
    ...(replacedIn.length === 0 ? {} : { sanitizedFields: boundedFieldList(replacedIn) }),
    test: context.test ?? false,
  };
  const envelope = { source: 'hookline/ingress', subject: fingerprint, causationId: context.deliveryId };
  // The id is derived from the delivery and the alert: a delivery the sender retries after a 503
  // (whose first attempt may still have reached Kafka) yields the same event ids, which consumers drop.
  const options = { time: context.receivedAt, id: eventIdFor(`${context.integrationId}/${context.deliveryId}/${draft.type}/${fingerprint}`) };
  if (draft.type === 'alert.fired') {
    const data: AlertFiredData = {
      ...common,
      severity: draft.severity,
      alertName: truncateText(draft.alertName, fieldLimits.nameLength),
      summary: truncateText(draft.summary, fieldLimits.summaryLength),
      startsAt: draft.startsAt,
    };
    return createEvent(topics.alert, { type: draft.type, ...envelope, data }, options);
  }
  const data: AlertTransitionData = {
    ...common,
    ...optional('severity', draft.severity, (value) => value),
    ...optional('alertName', draft.alertName, (value) => truncateText(value, fieldLimits.nameLength)),
    ...optional('summary', draft.summary, (value) => truncateText(value, fieldLimits.summaryLength)),
    ...optional('startsAt', draft.startsAt, (value) => value),
  };
  return createEvent(topics.alert, { type: draft.type, ...envelope, data }, options);
}

/** The contract's bounds on `sanitizedFields`: each path as short as a name, the list no longer than an alert has fields. */
function boundedFieldList(paths: readonly string[]): string[] {
  const unique = [...new Set(paths.map((path) => boundedIdentity(path, fieldLimits.nameLength)))];
  return unique.slice(0, maxSanitizedFields);
}

/** `{ [key]: fit(value) }` when the value is present, else nothing: events carry absent fields, never `undefined` ones. */
function optional<K extends string, V, R>(key: K, value: V | undefined, fit: (value: V) => R): Partial<Record<K, R>> {
  return value === undefined ? {} : ({ [key]: fit(value) } as Record<K, R>);
}
