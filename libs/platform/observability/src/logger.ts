import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Webhook secrets, signatures and bearer tokens must never reach a log line,
 * whatever object a caller happens to log.
 */
const redactedPaths = [
  'secret',
  '*.secret',
  'password',
  '*.password',
  'signature',
  '*.signature',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-hub-signature-256"]',
  'headers["x-grafana-alerting-signature"]',
  'headers["webhook-signature"]',
];

export function createLogger(options: { service: string; level: string }): Logger {
  return pino({
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}
