import { standardWebhooksKey } from '@hookline/webhooks/verification';
import { z } from 'zod';
import type { IntegrationAuth } from './integration-auth';
import { routingKeyFormat } from './routing-key';

/** Long enough that an entered secret cannot be guessed online; what Hookline generates is 32 bytes. */
const minLength = 16;
const maxLength = 256;
const noControlCharacters = /^[^\p{Cc}]+$/u;
// Sent as a header value: no spaces either, as credentials.ts requires.
const headerToken = /^[\x21-\x7e]+$/;

const enteredText = (pattern: RegExp, what: string) =>
  z
    .string()
    .min(minLength, { message: `must be at least ${minLength} characters` })
    .max(maxLength, { message: `must be at most ${maxLength} characters` })
    .regex(pattern, { message: what });

/**
 * What a secret entered by the user (bring your own: the sender generated it)
 * must look like for the scheme: the form that scheme's senders issue, so a
 * secret pasted from the wrong place is a 400 when saved, not a 401 on every
 * delivery. Messages never quote the secret.
 */
export function secretFormatFor(auth: IntegrationAuth): z.ZodType<string> {
  switch (auth.scheme) {
    case 'routing-key':
      return z.string().regex(routingKeyFormat, { message: 'a PagerDuty routing key (integration key) is 32 letters and digits' });
    case 'standard-webhooks':
      // Svix and Standard Webhooks senders: whsec_ and the base64 of a 24 to 64 byte key (the spec's bounds).
      return z.string().max(maxLength).superRefine((secret, context) => {
        let bytes: number;
        try {
          bytes = standardWebhooksKey(secret, 0).length;
        } catch {
          context.addIssue({ code: 'custom', message: 'must be whsec_ followed by base64 (as Svix and Standard Webhooks senders show it)' });
          return;
        }
        if (bytes < 24 || bytes > 64) context.addIssue({ code: 'custom', message: `must be a key of 24 to 64 bytes, not ${bytes}` });
      });
    case 'stripe-style':
      // Stripe's own are whsec_ and 32 more characters.
      return enteredText(headerToken, 'must be printable ASCII without spaces (a Stripe signing secret starts with whsec_)');
    case 'hmac':
      // PagerDuty v3 subscriptions, GitHub, Grafana: the key is the text's UTF-8 bytes.
      return enteredText(noControlCharacters, 'must not contain control characters');
    case 'bearer':
      return enteredText(headerToken, 'must be printable ASCII without spaces (it is sent in the Authorization header)');
    case 'basic':
      return enteredText(noControlCharacters, 'must not contain control characters');
  }
}

/** What is wrong with an entered secret for the scheme; empty when it will do. */
export function enteredSecretProblems(auth: IntegrationAuth, secret: string): string[] {
  const result = secretFormatFor(auth).safeParse(secret);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}
