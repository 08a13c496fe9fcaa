import type { AuthConfig } from './auth-config';
import { resolveHmacSettings } from './hmac';
import { readHeader } from './headers';
import { standardWebhooksHeaderNames } from './standard-webhooks';
import type { RequestToVerify } from './verification-result';

/** The headers (lower-case name, label) a scheme cannot verify without. */
function requiredHeaders(auth: AuthConfig, headers: RequestToVerify['headers']): { name: string; label: string }[] {
  switch (auth.scheme) {
    case 'standard-webhooks':
      return Object.values(standardWebhooksHeaderNames(headers)).map((name) => ({ name, label: name }));
    case 'hmac': {
      const settings = resolveHmacSettings(auth);
      return [settings.header, ...(settings.timestamp ? [settings.timestamp] : [])];
    }
    case 'stripe-style': {
      const label = auth.header ?? 'Stripe-Signature';
      return [{ name: label.toLowerCase(), label }];
    }
    case 'bearer':
    case 'basic':
      return [{ name: 'authorization', label: 'Authorization' }];
    default: {
      const unknown: never = auth;
      throw new Error(`unknown auth scheme ${(unknown as { scheme: string }).scheme}`);
    }
  }
}

/**
 * Why a request cannot verify, judged from its headers alone: a signature
 * header missing (or sent twice). Lets the caller refuse it with 401 before
 * reading the body, so an unsigned request costs no buffering. Undefined when
 * the headers are there; only the full verification can tell if they match.
 */
export function missingCredentialHeader(auth: AuthConfig, headers: RequestToVerify['headers']): string | undefined {
  for (const { name, label } of requiredHeaders(auth, headers)) {
    const value = readHeader(headers, name, label);
    if (typeof value !== 'string') return value.reason;
  }
  return undefined;
}
