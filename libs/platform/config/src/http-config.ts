import { isIP } from 'node:net';
import { z } from 'zod';
import { flag, optionalValue, pemFile, type PemFile } from './env-values';
import { secureContextFailure } from './secure-context-failure';

// --- How every app's HTTP listeners face their callers: TLS, client certificates, proxies, a separate admin port. ---

export const clientAuthModes = ['none', 'optional', 'require'] as const;
/** `optional`: a client may show a certificate, and one it shows must verify; `require`: no verified certificate, no connection. */
export type ClientAuthMode = (typeof clientAuthModes)[number];

/** The names proxy-addr (Fastify's `trustProxy`) knows besides addresses and CIDR ranges. */
const proxyRangeNames = ['loopback', 'linklocal', 'uniquelocal'] as const;

export interface HttpTls {
  cert: PemFile;
  key: PemFile;
  /** The CAs a client certificate must chain to. */
  clientCa?: PemFile;
  clientAuth: ClientAuthMode;
}

/** Who may say, in `X-Forwarded-For`, where a request came from. */
export type TrustedProxies = { addresses: string[] } | { hops: number };

export interface HttpConfig {
  host: string;
  port: number;
  /** HTTPS on every listener; absent: plain HTTP (local use, or a proxy in front that terminates TLS). */
  tls?: HttpTls;
  /** The admin API, `/metrics`, `/readyz` and `/openapi.json` on a listener of their own; absent: one port serves everything. */
  admin?: { host: string; port: number; clientAuth: ClientAuthMode };
  /** Absent: nobody; the socket's peer is the client, whatever `X-Forwarded-For` says. */
  trustedProxies?: TrustedProxies;
  /** `Strict-Transport-Security: max-age=…` on every HTTPS response. */
  hstsMaxAgeSeconds?: number;
  /** Refuse what a trusted proxy says arrived over plain HTTP (`X-Forwarded-Proto: http`). */
  refuseForwardedHttp?: boolean;
}

const portValue = () =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535');

const clientAuthMode = () => z.enum(clientAuthModes, { message: 'must be none, optional or require' });

function isProxyRange(entry: string): boolean {
  if ((proxyRangeNames as readonly string[]).includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** `10.0.0.0/8,192.0.2.7,loopback`: addresses, CIDR ranges, or loopback / linklocal / uniquelocal. */
const proxyList = () =>
  z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .refine((entries) => entries.length > 0 && entries.every(isProxyRange), {
      message: 'must be a comma-separated list of IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    });

export const httpEnv = {
  TLS_CERT_FILE: optionalValue(pemFile('certificate')),
  TLS_KEY_FILE: optionalValue(pemFile('private key')),
  TLS_CLIENT_CA_FILE: optionalValue(pemFile('certificate')),
  TLS_CLIENT_AUTH: optionalValue(clientAuthMode()),
  ADMIN_HOST: optionalValue(z.string().min(1)),
  ADMIN_PORT: optionalValue(portValue()),
  ADMIN_TLS_CLIENT_AUTH: optionalValue(clientAuthMode()),
  TRUSTED_PROXIES: optionalValue(proxyList()),
  TRUSTED_PROXY_HOPS: optionalValue(z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').max(16, 'must be 16 or less')),
  HSTS_MAX_AGE_SECONDS: optionalValue(z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more')),
  REFUSE_FORWARDED_HTTP: flag(false),
};

type HttpEnv = z.infer<z.ZodObject<typeof httpEnv>> & { HOST: string; PORT: number };

/** The checks that span several variables: each names what to set instead, because half a TLS setup is a mistake, not a choice. */
export function checkHttpEnv(env: HttpEnv, ctx: z.RefinementCtx): void {
  const problem = (variable: keyof HttpEnv, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  const { TLS_CERT_FILE: cert, TLS_KEY_FILE: key, TLS_CLIENT_CA_FILE: ca } = env;
  if (cert && !key) problem('TLS_KEY_FILE', 'is required when TLS_CERT_FILE is set (the certificate\'s private key)');
  if (key && !cert) problem('TLS_CERT_FILE', 'is required when TLS_KEY_FILE is set (the certificate of that private key)');
  if (cert && key) {
    const failure = secureContextFailure({ cert: cert.pem, key: key.pem });
    if (failure) problem('TLS_KEY_FILE', `${key.path} does not go with the certificate in TLS_CERT_FILE (${failure})`);
  }
  const modes = [
    ['TLS_CLIENT_AUTH', env.TLS_CLIENT_AUTH],
    ['ADMIN_TLS_CLIENT_AUTH', env.ADMIN_TLS_CLIENT_AUTH],
  ] as const;
  for (const [variable, mode] of modes) {
    if (mode === undefined || mode === 'none') continue;
    if (!cert) problem(variable, `is ${mode} but the listener has no TLS: set TLS_CERT_FILE and TLS_KEY_FILE`);
    if (!ca) problem('TLS_CLIENT_CA_FILE', `is required when ${variable} is ${mode} (the CA that signs the clients' certificates)`);
  }
  if (ca) {
    const failure = secureContextFailure({ ca: ca.pem });
    if (failure) problem('TLS_CLIENT_CA_FILE', `${ca.path} holds no usable CA certificate (${failure})`);
    if (modes.every(([, mode]) => mode === undefined || mode === 'none')) {
      problem('TLS_CLIENT_CA_FILE', 'is set but no listener asks for client certificates: set TLS_CLIENT_AUTH or ADMIN_TLS_CLIENT_AUTH to optional or require');
    }
  }
  if (env.ADMIN_PORT === undefined) {
    if (env.ADMIN_HOST !== undefined) problem('ADMIN_HOST', 'is set but ADMIN_PORT is not: set ADMIN_PORT to serve the admin API on a listener of its own');
    if (env.ADMIN_TLS_CLIENT_AUTH !== undefined) problem('ADMIN_TLS_CLIENT_AUTH', 'is set but ADMIN_PORT is not: the admin listener exists only with ADMIN_PORT');
  } else if (env.ADMIN_PORT !== 0 && env.ADMIN_PORT === env.PORT) {
    problem('ADMIN_PORT', `must differ from PORT (${env.PORT}): the admin listener is a second port`);
  }
  if (env.TRUSTED_PROXIES && env.TRUSTED_PROXY_HOPS !== undefined) {
    problem('TRUSTED_PROXY_HOPS', 'cannot be set together with TRUSTED_PROXIES: name the proxies (safer) or count them, not both');
  }
  const behindProxy = env.TRUSTED_PROXIES !== undefined || env.TRUSTED_PROXY_HOPS !== undefined;
  if (env.HSTS_MAX_AGE_SECONDS !== undefined && !cert && !behindProxy) {
    problem('HSTS_MAX_AGE_SECONDS', 'has no effect over plain HTTP: set TLS_CERT_FILE, or TRUSTED_PROXIES for a proxy that terminates TLS');
  }
  if (env.REFUSE_FORWARDED_HTTP && !behindProxy) {
    problem('REFUSE_FORWARDED_HTTP', 'needs a trusted proxy to believe X-Forwarded-Proto from: set TRUSTED_PROXIES');
  }
}

/** The checked variables as the listeners' settings. */
export function toHttpConfig(env: HttpEnv): HttpConfig {
  const { TLS_CERT_FILE: cert, TLS_KEY_FILE: key, TLS_CLIENT_CA_FILE: clientCa } = env;
  const clientAuth = env.TLS_CLIENT_AUTH ?? 'none';
  const trustedProxies: TrustedProxies | undefined = env.TRUSTED_PROXIES
    ? { addresses: env.TRUSTED_PROXIES }
    : env.TRUSTED_PROXY_HOPS !== undefined
      ? { hops: env.TRUSTED_PROXY_HOPS }
      : undefined;
  return {
    host: env.HOST,
    port: env.PORT,
    ...(cert && key ? { tls: { cert, key, clientAuth, ...(clientCa ? { clientCa } : {}) } } : {}),
    ...(env.ADMIN_PORT !== undefined
      ? { admin: { host: env.ADMIN_HOST ?? env.HOST, port: env.ADMIN_PORT, clientAuth: env.ADMIN_TLS_CLIENT_AUTH ?? clientAuth } }
      : {}),
    ...(trustedProxies ? { trustedProxies } : {}),
    ...(env.HSTS_MAX_AGE_SECONDS !== undefined ? { hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS } : {}),
    ...(env.REFUSE_FORWARDED_HTTP ? { refuseForwardedHttp: true } : {}),
  };
}
