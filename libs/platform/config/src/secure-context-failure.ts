import { createSecureContext, type SecureContextOptions } from 'node:tls';

/**
 * Why Node cannot make a TLS context of these PEMs, or undefined when it can:
 * Node parses them the way a handshake will, so a certificate that does not
 * go with its key fails at start-up naming the variable, not as an opaque
 * handshake error on the first connection.
 */
export function secureContextFailure(options: Pick<SecureContextOptions, 'ca' | 'cert' | 'key'>): string | undefined {
  try {
    createSecureContext(options);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
