import { severities } from '@hookline/contracts/events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AlertDraft } from './alert-draft';
import { inputLimits, inputText, inputTimestamp, requiredText } from './input-schemas';
import type { NormaliseContext, SourceParse } from './normalise-context';
import { formatProblems } from './problems';
import { toUtcTimestamp } from './timestamps';
import { toWebUrl } from './web-url';

// PagerDuty's own bounds where it states them (dedup_key ≤ 255); the rest is Hookline's input bound.
const routingKey = z.string().min(1).max(inputLimits.keyLength).meta({ description: "The integration key: in Hookline, the integration's routing key (a secret of its own, not its id)." });
const dedupKey = z.string().max(255);

const triggerSchema = z.looseObject({
  event_action: z.literal('trigger'),
  routing_key: routingKey,
  dedup_key: dedupKey.optional().meta({ description: 'Without one, a random key is generated and returned, as PagerDuty does.' }),
  payload: z.looseObject({
    summary: requiredText.meta({ description: 'Truncated to 1,024 characters, as PagerDuty does.' }),
    source: requiredText,
    severity: z.enum(severities),
    timestamp: inputTimestamp.optional(),
    component: inputText.optional(),
    group: inputText.optional(),
    class: inputText.optional(),
    custom_details: z.unknown().optional(),
  }),
  images: z
    .array(z.looseObject({ src: inputText, href: inputText.optional(), alt: inputText.optional() }))
    .max(inputLimits.listItems)
    .optional(),
  links: z.array(z.looseObject({ href: inputText, text: inputText.optional() })).max(inputLimits.listItems).optional(),
  client: inputText.optional(),
  client_url: inputText.optional(),
});

// Acknowledge and resolve need only the dedup key; a payload some clients send along is ignored.
const transitionSchema = (action: 'acknowledge' | 'resolve') =>
  z.looseObject({
    event_action: z.literal(action),
    routing_key: routingKey,
    dedup_key: dedupKey.min(1),
  });

/** PagerDuty Events API v2 (`POST /v2/enqueue`), one event per body. */
export const pagerdutyPayloadSchema = z.discriminatedUnion('event_action', [triggerSchema, transitionSchema('acknowledge'), transitionSchema('resolve')], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be one of trigger, acknowledge, resolve' : undefined),
}).meta({ description: 'PagerDuty Events API v2 event: trigger, acknowledge or resolve.' });

type Trigger = z.infer<typeof triggerSchema>;

// Links and images beyond a few would crowd out the annotations that matter.
const maxLinks = 5;

/**
 * trigger → fired, acknowledge → acknowledged, resolve → resolved. The
 * fingerprint is the dedup key; a trigger without one gets a random key, as
 * PagerDuty does, returned so the answer can carry it. Correlation key by
 * default the dedup key (under the integration prefix, which stands for the
 * routing key: in Hookline the routing key selects the integration, and a
 * credential has no place in a Kafka key). The service is the integration's,
 * as in PagerDuty, where it belongs to the routing key, not the event.
 */
export function parsePagerDuty(body: unknown, context: NormaliseContext): SourceParse {
  const parsed = pagerdutyPayloadSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: formatProblems(parsed.error) };
  const event = parsed.data;
  const key = event.dedup_key?.trim() ? event.dedup_key : randomUUID().replaceAll('-', '');
  const common = { fingerprint: key, defaultCorrelationKey: key, service: context.defaultService };
  switch (event.event_action) {
    case 'trigger':
      return { ok: true, dedupKey: key, drafts: [triggerDraft(event, common, context)] };
    case 'acknowledge':
      return { ok: true, dedupKey: key, drafts: [{ type: 'alert.acknowledged', ...common, labels: {}, annotations: {} }] };
    case 'resolve':
      return {
        ok: true,
        dedupKey: key,
        drafts: [{ type: 'alert.resolved', ...common, labels: {}, annotations: {}, endsAt: context.receivedAt.toISOString() }],
      };
  }
}

function triggerDraft(
  event: Trigger,
  common: { fingerprint: string; defaultCorrelationKey: string; service: string | undefined },
  context: NormaliseContext,
): AlertDraft {
  const { payload } = event;
  const summary = payload.summary.trim();
  const labels = Object.fromEntries(
    (['source', 'component', 'group', 'class'] as const).flatMap((name) => {
      const value = payload[name]?.trim();
      return value ? [[name, value]] : [];
    }),
  );
  return {
    type: 'alert.fired',
    ...common,
    severity: payload.severity,
    // PagerDuty has no alert name; its class ("ping failure", "cpu load") is the closest thing.
    alertName: payload.class?.trim() || summary,
    summary,
    description: describeDetails(payload.custom_details),
    labels,
    annotations: pagerdutyAnnotations(event),
    generatorUrl: toWebUrl(event.client_url) ?? toWebUrl(event.links?.[0]?.href),
    startsAt: toUtcTimestamp(payload.timestamp) ?? context.receivedAt.toISOString(),
  };
}

/** custom_details as the description: text as is, anything else as indented JSON (truncated later like any description). */
function describeDetails(details: unknown): string | undefined {
  if (details === undefined || details === null) return undefined;
  if (typeof details === 'string') return details.trim() || undefined;
  return JSON.stringify(details, null, 2);
}

function pagerdutyAnnotations(event: Trigger): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (event.client?.trim()) annotations['client'] = event.client.trim();
  const clientUrl = toWebUrl(event.client_url);
  if (clientUrl) annotations['client_url'] = clientUrl;
  (event.links ?? []).slice(0, maxLinks).forEach((link, index) => {
    const href = toWebUrl(link.href);
    if (href) annotations[`link_${index + 1}`] = link.text?.trim() ? `${link.text.trim()} ${href}` : href;
  });
  (event.images ?? []).slice(0, maxLinks).forEach((image, index) => {
    const src = toWebUrl(image.src);
    if (src) annotations[`image_${index + 1}`] = src;
  });
  return annotations;
}
