import type { HttpConfig, TrustedProxies } from '@hookline/platform/config';
import type { Logger } from '@hookline/platform/observability';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { AdminServer } from './admin-server';
import { CertificateReloader } from './certificate-reloader';
import { appControllers } from './controller-routes';
import { serveRoutesOnTheirListener } from './listener-routes';
import { listenersOfRoutes } from './served-on';
import { httpsServerOptions, refuseUnverifiedCertificates } from './tls-server-options';
import { transportSecurityHooks } from './transport-security';
import { LEGACY_TRUSTED_PROXIES, fastifyTrustProxy, refuseUnreadableClientAddress } from './trusted-proxies';

/** An app's listeners once built: what runService and specs use to reach or reload them. */
export interface ServiceHttp {
  /** Starts the admin listener, if there is one; the public one is Nest's own `app.listen`. */
  listenAdmin(): Promise<AddressInfo | undefined>;
  adminAddress(): AddressInfo | undefined;
  /** Re-reads the certificate files (what SIGHUP does); false, and the old certificate kept, when they are unusable. Undefined without TLS. */
  reloadCertificates: (() => boolean) | undefined;
}

const serviceHttps = new WeakMap<NestFastifyApplication, ServiceHttp>();

/** The listeners of an app made by buildServiceApp. */
export function serviceHttpOf(app: NestFastifyApplication): ServiceHttp {
  const http = serviceHttps.get(app);
  if (!http) throw new Error('not an app made by buildServiceApp');
  return http;
}

/**
 * The proxies to trust: the configured ones, or what an app's deprecated
 * trust-proxy flag now means (TRUSTED_PROXIES wins over the flag).
 */
export function trustedProxiesOf(http: HttpConfig, legacyFlag: boolean): { proxies: TrustedProxies | undefined; warning?: string } {
  if (!legacyFlag) return { proxies: http.trustedProxies };
  if (http.trustedProxies) return { proxies: http.trustedProxies, warning: 'the deprecated trust-proxy flag is ignored: TRUSTED_PROXIES or TRUSTED_PROXY_HOPS is set' };
  return {
    proxies: LEGACY_TRUSTED_PROXIES,
    warning: 'the deprecated trust-proxy flag now trusts only proxies on loopback and private addresses; set TRUSTED_PROXIES to the addresses of your proxies instead',
  };
}

/** The parts of Fastify's options that decide how callers reach the app: HTTPS and whose X-Forwarded-For to believe. */
export function fastifyListenerOptions(
  http: HttpConfig,
  proxies: TrustedProxies | undefined,
): { trustProxy: ReturnType<typeof fastifyTrustProxy>; https?: ServerOptions } {
  return {
    trustProxy: fastifyTrustProxy(proxies),
    ...(http.tls ? { https: httpsServerOptions(http.tls, http.tls.clientAuth) } : {}),
  };
}

/**
 * Everything about the listeners that needs the built app: their hooks (in
 * the order they must run: route filter, client address, transport
 * security), the admin server, and certificate reloading. Called before any
 * other hook or route is added.
 */
export function setUpServiceHttp(app: NestFastifyApplication, http: HttpConfig, proxies: TrustedProxies | undefined, logger: Logger): ServiceHttp {
  const fastify = app.getHttpAdapter().getInstance();
  const admin = http.admin ? new AdminServer(fastify, http.tls ? httpsServerOptions(http.tls, http.admin.clientAuth) : undefined) : undefined;
  if (admin) serveRoutesOnTheirListener(fastify, admin, listenersOfRoutes(appControllers(app.get(ModulesContainer))));
  if (proxies) refuseUnreadableClientAddress(fastify);
  transportSecurityHooks(fastify, http);

  let reloader: CertificateReloader | undefined;
  if (http.tls) {
    reloader = new CertificateReloader(http.tls, logger);
    const publicServer = app.getHttpServer() as unknown as TlsServer;
    reloader.serve(publicServer);
    refuseUnverifiedCertificates(publicServer, http.tls.clientAuth);
    if (admin && http.admin) {
      reloader.serve(admin.server as unknown as TlsServer);
      refuseUnverifiedCertificates(admin.server as unknown as TlsServer, http.admin.clientAuth);
    }
    reloader.watch();
  }
  fastify.addHook('onClose', async () => {
    reloader?.stop();
    await admin?.close();
  });

  let adminAddress: AddressInfo | undefined;
  const serviceHttp: ServiceHttp = {
    listenAdmin: async () => {
      if (admin && http.admin) adminAddress = await admin.listen(http.admin.port, http.admin.host);
      return adminAddress;
    },
    adminAddress: () => adminAddress,
    reloadCertificates: reloader ? () => reloader.reload() : undefined,
  };
  serviceHttps.set(app, serviceHttp);
  return serviceHttp;
}
