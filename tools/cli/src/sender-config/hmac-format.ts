import type { AuthConfig } from '@hookline/webhooks/verification';

type HmacAuth = Extract<AuthConfig, { scheme: 'hmac' }>;

/** How an hmac integration's sender writes its signature: what a sender must be told, or a script must do. */
export interface HmacFormat {
  header: string;
  encoding: 'hex' | 'base64';
  prefix: string;
  /** Set when the signature covers `<timestamp><separator><body>`. */
  timestamp: { header: string; separator: string } | undefined;
}

// The senders' documented formats, as the ingress's presets verify them
// (libs/webhooks/verification/src/hmac.ts; the CLI's end-to-end spec sends a signed delivery to prove they agree).
const presets: Record<NonNullable<HmacAuth['preset']>, Omit<HmacFormat, 'timestamp'> & { timestampSeparator?: string }> = {
  grafana: { header: 'X-Grafana-Alerting-Signature', encoding: 'hex', prefix: '', timestampSeparator: ':' },
  github: { header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=' },
  'pagerduty-v3': { header: 'X-PagerDuty-Signature', encoding: 'hex', prefix: 'v1=' },
};

const separators = { 'timestamp.body': '.', 'timestamp:body': ':' } as const;

export function hmacFormat(auth: HmacAuth): HmacFormat {
  const preset = auth.preset === undefined ? undefined : presets[auth.preset];
  const signed = auth.signedContent;
  const separator = signed === undefined ? preset?.timestampSeparator : signed === 'body' ? undefined : separators[signed];
  return {
    header: auth.header ?? preset?.header ?? 'X-Signature',
    encoding: auth.encoding ?? preset?.encoding ?? 'hex',
    prefix: auth.prefix ?? preset?.prefix ?? '',
    timestamp: auth.timestampHeader !== undefined && separator !== undefined ? { header: auth.timestampHeader, separator } : undefined,
  };
}
