import { randomBytes } from 'node:crypto';
import type { AuthConfig } from './auth-config';

const SECRET_BYTES = 32;

/** A new random secret in the form the scheme's senders expect. */
export function generateSecret(auth: AuthConfig): string {
  const bytes = randomBytes(SECRET_BYTES);
  // Standard Webhooks senders decode the key from base64 after the whsec_ prefix; everyone
  // else uses the text as it is, so base64url keeps it safe in headers, URLs and shells.
  return auth.scheme === 'standard-webhooks' ? `whsec_${bytes.toString('base64')}` : bytes.toString('base64url');
}
