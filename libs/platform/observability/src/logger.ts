import pino, { type DestinationStream, type Logger } from 'pino';
import { redactLogObject } from './log-redaction';

export type { Logger } from 'pino';

/**
 * Webhook secrets, signatures and bearer tokens must never reach a log line,
 * whatever object a caller happens to log: fields that name a secret are
 * censored here; request headers and URLs are made safe by redactLogObject
 * (headers by allowlist, query values always).
 */
const redactedPaths = ['secret', '*.secret', 'password', '*.password', 'signature', '*.signature', 'authorization', '*.authorization', 'token', '*.token'];

export function createLogger(options: { service: string; level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }), log: redactLogObject },
    },
    options.destination,
  );
}
