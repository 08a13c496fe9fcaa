import type { ClientAuthMode, HttpTls } from '@hookline/platform/config';
import type { ServerOptions } from 'node:https';
import type { Server as TlsServer, TLSSocket } from 'node:tls';

/** A TLS handshake must finish within this, so a client that opens a socket and stalls holds it briefly (Node's default is 120 s). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The certificate, key and client CAs as a TLS context takes them. */
export function secureContextPems(pems: { cert: string; key: string; clientCa?: string }): Pick<ServerOptions, 'cert' | 'key' | 'ca'> {
  return { cert: pems.cert, key: pems.key, ...(pems.clientCa ? { ca: pems.clientCa } : {}) };
}

/** The options of one HTTPS listener: the service's certificate, and whether (and how strictly) it asks for the client's. */
export function httpsServerOptions(tls: HttpTls, clientAuth: ClientAuthMode): ServerOptions {
  return {
    ...secureContextPems({ cert: tls.cert.pem, key: tls.key.pem, ...(tls.clientCa ? { clientCa: tls.clientCa.pem } : {}) }),
    minVersion: 'TLSv1.2',
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    requestCert: clientAuth !== 'none',
    // `optional` must let a client without a certificate through; one that shows a bad certificate is cut off in refuseUnverifiedCertificates.
    rejectUnauthorized: clientAuth === 'require',
  };
}

/**
 * `optional` client authentication: Node's `rejectUnauthorized: false`
 * accepts any certificate, verified or not, so a socket that showed one that
 * does not chain to TLS_CLIENT_CA_FILE (or has expired) is closed here,
 * before a request is read from it. A socket without one is left alone.
 */
export function refuseUnverifiedCertificates(server: TlsServer, clientAuth: ClientAuthMode): void {
  if (clientAuth !== 'optional') return;
  server.on('secureConnection', (socket: TLSSocket) => {
    if (!socket.authorized && hasPeerCertificate(socket)) socket.destroy();
  });
}

function hasPeerCertificate(socket: TLSSocket): boolean {
  const certificate = socket.getPeerCertificate();
  return certificate !== null && Object.keys(certificate).length > 0;
}
