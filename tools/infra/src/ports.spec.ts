import { createServer, type Server } from 'node:net';
import { acceptsConnections, assertPortFree, LOOPBACK, pickFreePorts } from './ports';

describe('ports', () => {
  let occupier: Server;
  let takenPort: number;

  beforeAll(async () => {
    occupier = createServer();
    // Listening on all interfaces, as most servers do, must still count as taken for 127.0.0.1.
    await new Promise<void>((resolve) => occupier.listen(0, resolve));
    const address = occupier.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    takenPort = address.port;
  });

  afterAll(async () => {
    await new Promise((resolve) => occupier.close(resolve));
  });

  it('rejects a taken fixed port with a message naming the port and its variable', async () => {
    await expect(assertPortFree({ port: takenPort, service: 'Kafka', envVar: 'HOOKLINE_KAFKA_PORT' })).rejects.toThrow(
      `Kafka port ${takenPort} is already in use. Stop whatever listens on it, or set HOOKLINE_KAFKA_PORT to another port.`,
    );
  });

  it('rejects a port number outside the TCP range, naming the variable', async () => {
    await expect(assertPortFree({ port: 70_000, service: 'Postgres', envVar: 'HOOKLINE_POSTGRES_PORT' })).rejects.toThrow(
      'Postgres port 70000 (HOOKLINE_POSTGRES_PORT) is not a valid TCP port',
    );
  });

  it('accepts a free fixed port', async () => {
    const [free] = await pickFreePorts(1);
    await expect(assertPortFree({ port: free ?? 0, service: 'Kafka', envVar: 'HOOKLINE_KAFKA_PORT' })).resolves.toBeUndefined();
  });

  it('picks distinct free ports, skipping excluded ones', async () => {
    const ports = await pickFreePorts(5, [takenPort]);
    expect(new Set(ports).size).toBe(5);
    expect(ports).not.toContain(takenPort);
    for (const port of ports) expect(await acceptsConnections(LOOPBACK, port, 500)).toBe(false);
  });

  it('tells a listening port from a closed one', async () => {
    expect(await acceptsConnections(LOOPBACK, takenPort)).toBe(true);
  });
});
