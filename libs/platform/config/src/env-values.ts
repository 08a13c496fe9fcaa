import { readFileSync } from 'node:fs';
import { z } from 'zod';

// Reusable parsers for environment values. They return zod schemas so a
// service's env schema reads like the configuration table in the README.

const hostPortPattern = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** `host:port[,host:port...]`, e.g. `127.0.0.1:9092,kafka-2:9092`. */
export const brokerList = () =>
  z
    .string()
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .refine((brokers) => brokers.every((broker) => hostPortPattern.test(broker)), {
      message: 'must be a comma-separated list of host:port (e.g. 127.0.0.1:9092)',
    });

export const postgresUrl = () =>
  z.string().refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
    message: 'must be a postgres:// connection URL',
  });

export const portNumber = (defaultPort: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int()
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(defaultPort);

export const positiveInt = (defaultValue: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int().positive('must be greater than 0').default(defaultValue);

/** A whole number where 0 means something (no delay, off). */
export const nonNegativeInt = (defaultValue: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int().min(0, 'must be 0 or more').default(defaultValue);

export const logLevel = () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Secrets must be long enough to resist guessing; an empty one would silently disable a check. */
export const secret = (minLength: number) => z.string().min(minLength, `must be at least ${minLength} characters`);

/** `true` or `false` and nothing else, so a typo such as `yes` stops the app instead of meaning false. */
export const flag = (defaultValue: boolean) =>
  z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true');

/** An empty value counts as unset: compose files pass `${VAR:-}` through as an empty string. */
export const optionalValue = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export interface PemFile {
  path: string;
  pem: string;
}

const pemBlocks = {
  certificate: /-----BEGIN CERTIFICATE-----/,
  'private key': /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/,
} as const;

/**
 * The path of a PEM file, read when the config is loaded: a missing,
 * unreadable or wrong file stops the app at start-up naming its variable,
 * instead of failing on the first connection with a TLS error.
 */
export const pemFile = (holds: keyof typeof pemBlocks) =>
  z.string().transform((path, ctx): PemFile => {
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      return z.NEVER;
    }
    if (!pemBlocks[holds].test(pem)) {
      ctx.addIssue({ code: 'custom', message: `${path} holds no PEM ${holds}` });
      return z.NEVER;
    }
    return { path, pem };
  });
