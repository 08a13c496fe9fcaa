import type { SourceKind } from '@hookline/contracts/events';
import type { z } from 'zod';
import { buildAlertEvents } from './alert-draft';
import { alertmanagerPayloadSchema, parseAlertmanager } from './alertmanager.source';
import { datadogPayloadSchema, parseDatadog } from './datadog.source';
import { monitorEventSchema, parseGeneric } from './generic.source';
import { grafanaPayloadSchema, parseGrafana } from './grafana.source';
import type { NormaliseContext, ParseResult, SourceParse } from './normalise-context';
import { pagerdutyPayloadSchema, parsePagerDuty } from './pagerduty.source';

/**
 * The payload schema of each source, for documentation (`z.toJSONSchema`) and
 * tests. `generic` is Hookline's monitor-event format; an integration with a
 * field mapping reads its sender's own shape instead.
 */
export const sourceSchemas: Record<SourceKind, z.ZodType> = {
  alertmanager: alertmanagerPayloadSchema,
  grafana: grafanaPayloadSchema,
  datadog: datadogPayloadSchema,
  pagerduty: pagerdutyPayloadSchema,
  generic: monitorEventSchema,
};

/**
 * A verified delivery's parsed JSON body as `ingress.alert.v1` events, or the
 * readable list of what is wrong with it. Whether each alert fired, resolved
 * or was acknowledged is decided here, once, so no consumer has to guess.
 *
 * Pure: no I/O, no clock (times default to `receivedAt`). It throws only
 * when the integration's own settings cannot be applied (`FieldMappingError`),
 * which is not the sender's fault and so not a 400.
 */
export function normaliseDelivery(kind: SourceKind, body: unknown, context: NormaliseContext): ParseResult {
  const parsed = parseSource(kind, body, context);
  if (!parsed.ok) return parsed;
  const { alerts, warnings } = buildAlertEvents(kind, parsed.drafts, context);
  return {
    ok: true,
    alerts,
    ...(parsed.dedupKey === undefined ? {} : { dedupKey: parsed.dedupKey }),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

function parseSource(kind: SourceKind, body: unknown, context: NormaliseContext): SourceParse {
  switch (kind) {
    case 'alertmanager':
      return parseAlertmanager(body, context);
    case 'grafana':
      return parseGrafana(body, context);
    case 'datadog':
      return parseDatadog(body, context);
    case 'pagerduty':
      return parsePagerDuty(body, context);
    case 'generic':
      return parseGeneric(body, context);
    default:
      return assertUnreachable(kind);
  }
}

/** Adding a source kind to the contract without a parser here fails to compile. */
function assertUnreachable(kind: never): never {
  throw new Error(`no parser for source kind ${String(kind)}`);
}
