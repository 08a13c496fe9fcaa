import { connect, type Socket } from 'node:net';

// A client that writes HTTP/1.1 by hand, for the specs of hostile senders: one
// that sends its headers and then dribbles, or stops, or never sends the body
// it announced. fetch cannot be that rude.

export interface RawAnswer {
  /** The status of the first response, or undefined if the server closed without one. */
  status: number | undefined;
  head: string;
  /** Milliseconds from connecting to the connection's close by the server. */
  closedAfterMs: number;
}

export interface RawConnection {
  socket: Socket;
  write(text: string | Buffer): void;
  /** Resolves when the server closes the connection, with what it answered. */
  closed: Promise<RawAnswer>;
}

export function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    // The server may reset a connection that is still sending: that is a close like any other.
    socket.on('error', () => undefined);
    const closed = new Promise<RawAnswer>((settle) =>
      socket.on('close', () => {
        const head = received.split('\r\n\r\n')[0] ?? '';
        const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
        settle({ status: status === undefined ? undefined : Number(status), head, closedAfterMs: Date.now() - startedAt });
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        write: (text) => {
          if (!socket.destroyed) socket.write(text);
        },
        closed,
      }),
    );
    socket.once('error', reject);
  });
}

/** The request line and headers of a POST, ending in the blank line. */
export function postHead(path: string, headers: Record<string, string>): string {
  return `POST ${path} HTTP/1.1\r\nHost: hookline\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}
