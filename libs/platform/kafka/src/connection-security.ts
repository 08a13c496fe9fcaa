import { isIP, connect as plainConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory, SASLOptions } from 'kafkajs';
import type { KafkaSecurity } from '@hookline/platform/config';

/** kafkajs's `ssl`: the PEMs the operator gave, or Node's defaults (public CAs, no client certificate). */
export function tlsOptions(security: KafkaSecurity | undefined): ConnectionOptions | undefined {
  return security?.tls ? { ...security.tls } : undefined;
}

export function saslOptions(security: KafkaSecurity | undefined): SASLOptions | undefined {
  return security?.sasl ? { ...security.sasl } : undefined;
}

/** As kafkajs's own keep-alive. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs's socket factory, plus a listener for socket errors. kafkajs
 * retries a refused TLS handshake for many seconds as if the broker were
 * down; seeing the error on the socket lets a readiness probe say at once
 * which setting is wrong.
 */
export function watchedSocketFactory(onError: (error: Error) => void): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : plainConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    socket.on('error', onError);
    return socket;
  };
}
