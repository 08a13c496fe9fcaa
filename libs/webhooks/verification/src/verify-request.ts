import type { AuthConfig } from './auth-config';
import { createBasicVerifier, createBearerVerifier } from './credentials';
import { createHmacVerifier } from './hmac';
import { createStandardWebhooksVerifier } from './standard-webhooks';
import { createStripeStyleVerifier } from './stripe-style';
import type { RequestToVerify, VerificationResult, Verifier } from './verification-result';

/**
 * Prepares keys once for an integration's config and the secrets that currently verify
 * (during a rotation the new and the old). Cache the result with the integration settings.
 * Throws on a misconfiguration (no secret, a secret the scheme cannot use): that is a 500,
 * not the sender's fault.
 */
export function createVerifier(auth: AuthConfig, secrets: readonly string[]): Verifier {
  switch (auth.scheme) {
    case 'standard-webhooks':
      return createStandardWebhooksVerifier(auth, secrets);
    case 'hmac':
      return createHmacVerifier(auth, secrets);
    case 'stripe-style':
      return createStripeStyleVerifier(auth, secrets);
    case 'bearer':
      return createBearerVerifier(auth, secrets);
    case 'basic':
      return createBasicVerifier(auth, secrets);
    default: {
      const unknown: never = auth;
      throw new Error(`unknown auth scheme ${(unknown as { scheme: string }).scheme}`);
    }
  }
}

/** Verifies one request; passes if any of `secrets` matches. Prefer a cached `createVerifier` on the hot path. */
export function verifyRequest(
  auth: AuthConfig,
  secrets: readonly string[],
  request: RequestToVerify,
  now: Date,
): VerificationResult {
  return createVerifier(auth, secrets)(request, now);
}
