import { assertUnreachable } from '@hookline/platform/errors';
import type { CreatedIntegration } from './created-integration';
import { hmacFormat } from './hmac-format';
import { shellWord } from './quoting';
import { samplePayload } from './sample-payloads';

// HMAC-SHA256 of stdin with the secret's text as the key, as every signing sender but Standard Webhooks uses it.
const hmacOf = (encoding: 'hex' | 'base64') =>
  `openssl dgst -sha256 -hmac "$SECRET" -binary | ${encoding === 'hex' ? "od -An -vtx1 | tr -d ' \\n'" : 'base64'}`;

/** The lines that sign (where the scheme does) and the curl options that carry the credential. */
function credential(created: CreatedIntegration): { lines: string[]; options: string[] } {
  const { auth } = created.integration;
  switch (auth.scheme) {
    case 'routing-key':
      return { lines: [], options: [] };
    case 'bearer':
      return { lines: [], options: ['-H "Authorization: Bearer $SECRET"'] };
    case 'basic':
      return { lines: [`USERNAME=${shellWord(auth.username)}`], options: ['-u "$USERNAME:$SECRET"'] };
    case 'hmac': {
      const format = hmacFormat(auth);
      if (format.timestamp === undefined) {
        return { lines: [`SIGNATURE=$(printf '%s' "$BODY" | ${hmacOf(format.encoding)})`], options: [`-H "${format.header}: ${format.prefix}$SIGNATURE"`] };
      }
      return {
        lines: ['TIMESTAMP=$(date +%s)', `SIGNATURE=$(printf '%s' "$TIMESTAMP${format.timestamp.separator}$BODY" | ${hmacOf(format.encoding)})`],
        options: [`-H "${format.timestamp.header}: $TIMESTAMP"`, `-H "${format.header}: ${format.prefix}$SIGNATURE"`],
      };
    }
    case 'stripe-style':
      return {
        lines: ['TIMESTAMP=$(date +%s)', `SIGNATURE=$(printf '%s' "$TIMESTAMP.$BODY" | ${hmacOf('hex')})`],
        options: [`-H "${auth.header ?? 'Stripe-Signature'}: t=$TIMESTAMP,v1=$SIGNATURE"`],
      };
    case 'standard-webhooks':
      return {
        // The key is the base64 after whsec_; each delivery has its own id (a repeated id is answered as a duplicate).
        lines: [
          "KEY=$(printf '%s' \"${SECRET#whsec_}\" | base64 -d | od -An -vtx1 | tr -d ' \\n')",
          "MESSAGE_ID=msg_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \\n')",
          'TIMESTAMP=$(date +%s)',
          `SIGNATURE=$(printf '%s' "$MESSAGE_ID.$TIMESTAMP.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | base64)`,
        ],
        options: ['-H "webhook-id: $MESSAGE_ID"', '-H "webhook-timestamp: $TIMESTAMP"', '-H "webhook-signature: v1,$SIGNATURE"'],
      };
    default:
      return assertUnreachable(auth);
  }
}

/**
 * A POSIX shell script (curl, openssl, od) that sends one test alert the way
 * the real sender would: its payload format, its credential or signature.
 * `hookline integrations create … --format curl | sh` opens a test incident.
 */
export function testDeliveryScript(created: CreatedIntegration, now = new Date()): string {
  // PagerDuty's routing key is the secret; an ingress from before routing keys were secrets sent none, and took the id.
  const body = JSON.stringify(samplePayload(created.integration.source, created.secret ?? created.id, now));
  const { lines, options } = credential(created);
  return [
    `URL=${shellWord(created.webhookUrl)}`,
    ...(created.secret === undefined ? [] : [`SECRET=${shellWord(created.secret)}`]),
    `BODY=${shellWord(body)}`,
    ...lines,
    [`curl -sS --fail-with-body -w '\\n' -X POST "$URL"`, '-H "Content-Type: application/json"', ...options, '--data-binary "$BODY"'].join(' \\\n  '),
    '',
  ].join('\n');
}
