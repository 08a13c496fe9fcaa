import { alertFiredDataSchema, fieldLimits } from '@hookline/contracts/events';

const generatorUrl = alertFiredDataSchema.shape.generatorUrl.unwrap();

/**
 * A link a person can open, resolved against `base` when relative (Grafana
 * sends `?orgId=1` relative to its externalURL). Undefined for anything else:
 * empty, unparsable, not http(s), or longer than the contract allows. A link
 * is never truncated, since a cut URL is a broken one, and never a reason to
 * refuse an alert.
 */
export function toWebUrl(value: string | undefined, base?: string): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  // An unusable base must not cost an absolute link: the base only matters for relative ones.
  const url = parseUrl(trimmed, base?.trim() || undefined) ?? parseUrl(trimmed, undefined);
  if (url === undefined) return undefined;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const href = url.href;
  return href.length <= fieldLimits.urlLength && generatorUrl.safeParse(href).success ? href : undefined;
}

function parseUrl(value: string, base: string | undefined): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}
