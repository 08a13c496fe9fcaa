import { assertUnreachable } from '@hookline/platform/errors';
import type { CreatedIntegration } from './created-integration';
import { hmacFormat } from './hmac-format';

/** What to send, in words, for the credential of the integration's scheme. */
function credentialLines(created: CreatedIntegration): string[] {
  const { auth } = created.integration;
  const secret = created.secret ?? '';
  switch (auth.scheme) {
    case 'routing-key':
      return [`Routing key: ${created.id} (the body's routing_key)`];
    case 'bearer':
      return [`Header: Authorization: Bearer ${secret}`];
    case 'basic':
      return [`Basic auth: user ${auth.username}, password ${secret}`];
    case 'hmac': {
      const format = hmacFormat(auth);
      const signed = format.timestamp === undefined ? 'the raw body' : `"<unix seconds>${format.timestamp.separator}<raw body>", the seconds also in ${format.timestamp.header}`;
      return [`Secret: ${secret}`, `Signature: HMAC-SHA256 with the secret of ${signed}, as ${format.encoding}, in ${format.header}: ${format.prefix}<signature>`];
    }
    case 'stripe-style':
      return [`Secret: ${secret}`, `Signature: ${auth.header ?? 'Stripe-Signature'}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`];
    case 'standard-webhooks':
      return [`Signing secret: ${secret}`, 'Signature: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), as Svix and the standardwebhooks libraries sign'];
    default:
      return assertUnreachable(auth);
  }
}

/** Any sender that can be told a URL and a credential: the source's own sender where it has no specific format. */
export function anySenderConfig(created: CreatedIntegration): string {
  return [`URL: ${created.webhookUrl} (POST, Content-Type: application/json)`, ...credentialLines(created), ''].join('\n');
}
