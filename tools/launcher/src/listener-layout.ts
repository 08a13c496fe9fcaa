import { httpEnv, loadConfig } from '@hookline/platform/config';
import { z } from 'zod';
import { type ServiceName, services } from './services';

/**
 * How the apps `npm start` runs listen, from the same variables the apps
 * read (they inherit npm start's environment): HTTPS when TLS_CERT_FILE is
 * set, and an admin listener per app when ADMIN_PORT is.
 */
export interface ListenerLayout {
  scheme: 'http' | 'https';
  /** The ingress's admin port; the other apps' follow in service order (correlator +1, …). Absent: PORT serves everything. */
  adminBasePort?: number;
}

/** Where one app answers: its public listener, and its admin one (the admin API, /metrics, /readyz) when it has one. */
export interface ServiceUrls {
  url: string;
  adminUrl?: string;
}

const listenerEnvSchema = z.object({
  TLS_CERT_FILE: httpEnv.TLS_CERT_FILE,
  TLS_CLIENT_AUTH: httpEnv.TLS_CLIENT_AUTH,
  ADMIN_PORT: httpEnv.ADMIN_PORT,
  ADMIN_TLS_CLIENT_AUTH: httpEnv.ADMIN_TLS_CLIENT_AUTH,
});

const lastOffset = Math.max(...services.map((service) => service.portOffset));

/**
 * Reads the layout, refusing what five apps on one host cannot do: one
 * ADMIN_PORT for all of them (each gets ADMIN_PORT + its offset instead), a
 * range that runs into the apps' public ports, or a client certificate
 * required where the launcher, which has none, probes /readyz.
 */
export function loadListenerLayout(env: Readonly<Record<string, string | undefined>>, basePort: number): ListenerLayout {
  const schema = listenerEnvSchema.superRefine((parsed, ctx) => {
    const problem = (variable: keyof typeof parsed, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    const admin = parsed.ADMIN_PORT;
    if (admin !== undefined) {
      const range = `${admin}–${admin + lastOffset}`;
      if (admin === 0) problem('ADMIN_PORT', `must be a fixed port for npm start: the apps' admin listeners take it and the next ${lastOffset}`);
      else if (admin + lastOffset > 65535) problem('ADMIN_PORT', `must leave room for ${lastOffset} more ports: the apps' admin listeners take ${range}`);
      else if (admin <= basePort + lastOffset && basePort <= admin + lastOffset) {
        problem('ADMIN_PORT', `the admin listeners (${range}) overlap the apps' ports (${basePort}–${basePort + lastOffset}, HOOKLINE_BASE_PORT)`);
      }
    }
    const probed = admin === undefined ? 'TLS_CLIENT_AUTH' : parsed.ADMIN_TLS_CLIENT_AUTH === undefined ? 'TLS_CLIENT_AUTH' : 'ADMIN_TLS_CLIENT_AUTH';
    if (parsed[probed] === 'require') {
      problem(probed, 'is require, but npm start checks /readyz there without a client certificate: use optional for a local run');
    }
  });
  const parsed = loadConfig(schema, env);
  return { scheme: parsed.TLS_CERT_FILE ? 'https' : 'http', ...(parsed.ADMIN_PORT !== undefined ? { adminBasePort: parsed.ADMIN_PORT } : {}) };
}

/** The admin port of one app in the layout, if it has one. */
export function adminPortOf(layout: ListenerLayout, name: ServiceName): number | undefined {
  const offset = services.find((service) => service.name === name)?.portOffset ?? 0;
  return layout.adminBasePort === undefined ? undefined : layout.adminBasePort + offset;
}

/** The URLs of an app on loopback, where npm start runs it. */
export function serviceUrls(layout: ListenerLayout, name: ServiceName, port: number): ServiceUrls {
  const adminPort = adminPortOf(layout, name);
  return {
    url: `${layout.scheme}://127.0.0.1:${port}`,
    ...(adminPort !== undefined ? { adminUrl: `${layout.scheme}://127.0.0.1:${adminPort}` } : {}),
  };
}

/** An app's line in npm start's banner: which of its listeners answers what. */
export function listenerLine(service: { name: ServiceName } & ServiceUrls): string {
  const name = service.name.padEnd(12);
  if (!service.adminUrl) return `  ${name} ${service.url}   (/healthz /readyz /metrics)`;
  return `  ${name} ${service.url}   admin ${service.adminUrl}   (/api /readyz /metrics there)`;
}
