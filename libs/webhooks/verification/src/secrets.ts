/**
 * Checks the secret list once, when a verifier is built. A misconfigured integration is the
 * operator's problem, not the sender's, so it throws (a 500) instead of answering 401.
 * Messages name the secret's position, never its value.
 */
export function requireSecrets(scheme: string, secrets: readonly string[]): void {
  if (secrets.length === 0) throw new Error(`${scheme}: no secret configured`);
  secrets.forEach((secret, index) => {
    if (secret.length === 0) throw new Error(`${scheme}: secret #${index + 1} is empty`);
  });
}
