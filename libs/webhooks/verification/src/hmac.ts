import { createHmac } from 'node:crypto';
import {
  DEFAULT_TOLERANCE_SECONDS,
  hmacConfigProblems,
  type HmacAuthConfig,
  type HmacPreset,
  type HmacSignedContent,
} from './auth-config';
import { anyDigestEquals } from './constant-time';
import { readHeader, readOptionalDeliveryId } from './headers';
import { requireSecrets } from './secrets';
import { decodeSha256Signature, type SignatureEncoding } from './signature-encoding';
import { checkTimestamp } from './timestamp';
import type { Verifier, VerificationFailure } from './verification-result';
import { accepted, refused } from './verification-result';

interface PresetDefaults {
  header: string;
  encoding: SignatureEncoding;
  prefix?: string;
  /** Set when the header is a list of signatures (one per active secret on the sender's side). */
  listSeparator?: string;
  deliveryIdHeader?: string;
  /** How the preset signs its timestamp, when a timestamp header is configured. */
  timestampSignedContent?: HmacSignedContent;
}

// The senders' documented formats; a field set in the integration's config wins over these.
const presets: Record<HmacPreset, PresetDefaults> = {
  // Lowercase hex of the body, or of "<ts>:<body>" when a timestamp header is configured
  // in Grafana (it has no default name). No prefix.
  grafana: { header: 'X-Grafana-Alerting-Signature', encoding: 'hex', timestampSignedContent: 'timestamp:body' },
  // "sha256=<hex>" of the body; GitHub sends no timestamp, so it has no replay window.
  github: { header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=', deliveryIdHeader: 'X-GitHub-Delivery' },
  // "v1=<hex>,v1=<hex>": one signature per secret while PagerDuty rotates.
  'pagerduty-v3': {
    header: 'X-PagerDuty-Signature',
    encoding: 'hex',
    prefix: 'v1=',
    listSeparator: ',',
    deliveryIdHeader: 'X-Webhook-Id',
  },
};

/** The config with the preset's defaults filled in and header names lower-cased for lookups. */
export interface HmacSettings {
  header: { name: string; label: string };
  encoding: SignatureEncoding;
  prefix: string;
  listSeparator: string | undefined;
  timestamp: { name: string; label: string; separator: string; toleranceSeconds: number } | undefined;
  deliveryIdHeader: string | undefined;
}

const separators: Record<Exclude<HmacSignedContent, 'body'>, string> = {
  'timestamp.body': '.',
  'timestamp:body': ':',
};

export function resolveHmacSettings(config: HmacAuthConfig): HmacSettings {
  const problems = hmacConfigProblems(config);
  if (problems.length > 0) throw new Error(`hmac: ${problems.map((problem) => problem.message).join('; ')}`);
  const preset: Partial<PresetDefaults> = config.preset === undefined ? {} : presets[config.preset];

  const header = config.header ?? preset.header;
  // hmacConfigProblems guarantees a header or a preset, and every preset has a header.
  if (header === undefined) throw new Error('hmac: header is required without a preset');

  let timestamp: HmacSettings['timestamp'];
  if (config.timestampHeader !== undefined) {
    const signedContent = config.signedContent ?? preset.timestampSignedContent;
    if (signedContent === undefined || signedContent === 'body') {
      throw new Error('hmac: signedContent is required with a timestampHeader');
    }
    timestamp = {
      name: config.timestampHeader.toLowerCase(),
      label: config.timestampHeader,
      separator: separators[signedContent],
      toleranceSeconds: config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    };
  }

  return {
    header: { name: header.toLowerCase(), label: header },
    encoding: config.encoding ?? preset.encoding ?? 'hex',
    prefix: config.prefix ?? preset.prefix ?? '',
    listSeparator: preset.listSeparator,
    timestamp,
    deliveryIdHeader: (config.deliveryIdHeader ?? preset.deliveryIdHeader)?.toLowerCase(),
  };
}

/** `<prefix><signature>`, or a list of them where any may match; other list entries are skipped. */
function parseSignatures(value: string, settings: HmacSettings): Buffer[] | VerificationFailure {
  const { prefix, encoding, listSeparator, header } = settings;
  if (listSeparator === undefined) {
    if (!value.startsWith(prefix)) return refused(`${header.label} does not start with ${prefix}`);
    const signature = decodeSha256Signature(value.slice(prefix.length), encoding);
    return signature === undefined ? refused(`${header.label} is malformed`) : [signature];
  }

  const signatures: Buffer[] = [];
  let prefixedCount = 0;
  for (const raw of value.split(listSeparator)) {
    const entry = raw.trim();
    if (!entry.startsWith(prefix)) continue;
    prefixedCount += 1;
    const signature = decodeSha256Signature(entry.slice(prefix.length), encoding);
    if (signature !== undefined) signatures.push(signature);
  }
  if (prefixedCount === 0) return refused(`${header.label} has no ${prefix} signature`);
  if (signatures.length === 0) return refused(`${header.label} is malformed`);
  return signatures;
}

export function createHmacVerifier(config: HmacAuthConfig, secrets: readonly string[]): Verifier {
  const settings = resolveHmacSettings(config);
  requireSecrets('hmac', secrets);
  // These senders use the secret's UTF-8 bytes as the key, with no decoding.
  const keys = secrets.map((secret) => Buffer.from(secret, 'utf8'));

  return (request, now) => {
    const header = readHeader(request.headers, settings.header.name, settings.header.label);
    if (typeof header !== 'string') return header;

    // What the signature covers before the body: "<timestamp><separator>" or nothing.
    let signedPrefix = '';
    if (settings.timestamp !== undefined) {
      const { name, label, separator, toleranceSeconds } = settings.timestamp;
      const timestamp = readHeader(request.headers, name, label);
      if (typeof timestamp !== 'string') return timestamp;
      const stale = checkTimestamp(timestamp, label, toleranceSeconds, now);
      if (stale !== undefined) return stale;
      signedPrefix = `${timestamp}${separator}`;
    }

    const signatures = parseSignatures(header, settings);
    if (!Array.isArray(signatures)) return signatures;

    for (const key of keys) {
      const expected = createHmac('sha256', key).update(signedPrefix).update(request.rawBody).digest();
      if (anyDigestEquals(expected, signatures)) {
        const deliveryId =
          settings.deliveryIdHeader === undefined ? undefined : readOptionalDeliveryId(request.headers, settings.deliveryIdHeader);
        // The digest covers exactly what was signed (the timestamp too, when there is one), never an unsigned header.
        return accepted(deliveryId, `hmac:${expected.toString('base64')}`);
      }
    }
    return refused('signature does not match');
  };
}
