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
