/*
 * Errors raised by Node itself (spawn, fs, net) are not `instanceof Error`
 * inside Jest's sandbox, which has its own Error; reading the fields works in
 * both worlds.
 */

/** The errno-style code of an error (ENOENT, EADDRINUSE, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
