/**
 * A failure the CLI explains in one message and exits 1 on: a usage mistake, an
 * ingress that cannot be reached, a refused token, a problem the API answered.
 * Anything else is a bug and is printed with its stack.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}
