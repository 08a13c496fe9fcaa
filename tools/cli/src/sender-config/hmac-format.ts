import { type AuthConfig, resolveHmacSettings } from '@hookline/webhooks/verification';

type HmacAuth = Extract<AuthConfig, { scheme: 'hmac' }>;

/** How an hmac integration's sender writes its signature: what a sender must be told, or a script must do. */
export interface HmacFormat {
  header: string;
  encoding: 'hex' | 'base64';
  prefix: string;
  /** Set when the signature covers `<timestamp><separator><body>`. */
  timestamp: { header: string; separator: string } | undefined;
}

/**
 * The format the ingress verifies for this integration, read from the
 * verifier's own settings (presets filled in), so what a sender is told
 * can never drift from what is checked.
 */
export function hmacFormat(auth: HmacAuth): HmacFormat {
  const settings = resolveHmacSettings(auth);
  return {
    header: settings.header.label,
    encoding: settings.encoding,
    prefix: settings.prefix,
    timestamp: settings.timestamp === undefined ? undefined : { header: settings.timestamp.label, separator: settings.timestamp.separator },
  };
}
