import { createConnection, createServer, type Server } from 'node:net';
import { errorCode } from './errors';

export const LOOPBACK = '127.0.0.1';

export interface FixedPort {
  port: number;
  /** What needs the port, e.g. "Kafka". */
  service: string;
  /** The environment variable that chose the port, named in the error so the reader knows what to change. */
  envVar: string;
}

/** Fails with a message naming the port and its variable when something already listens there. */
export async function assertPortFree({ port, service, envVar }: FixedPort): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${service} port ${port} (${envVar}) is not a valid TCP port (1-65535)`);
  }
  try {
    const server = await listen(port);
    await close(server);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const reason = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
      throw new Error(`${service} port ${port} ${reason}. Stop whatever listens on it, or set ${envVar} to another port.`);
    }
    throw error;
  }
}

/** True when nothing listens on the loopback port (nor on every interface). */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await close(await listen(port));
    return true;
  } catch {
    return false;
  }
}

/** Distinct free loopback ports, none of them in `exclude`. */
export async function pickFreePorts(count: number, exclude: readonly number[] = []): Promise<number[]> {
  // All listeners stay open until every port is chosen, so the OS cannot hand out one port twice.
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = await listen(0);
      servers.push(server);
      const address = server.address();
      if (typeof address === 'object' && address !== null && !exclude.includes(address.port)) {
        ports.push(address.port);
      }
    }
  } finally {
    await Promise.all(servers.map(close));
  }
  return ports;
}

/** True when something accepts a TCP connection on host:port within the timeout. */
export function acceptsConnections(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (accepted: boolean): void => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
