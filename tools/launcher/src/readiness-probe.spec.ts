import { readFile } from 'node:fs/promises';
import { type Server, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pickFreePorts } from '@hookline/infra';
import { makeTestCertificates } from '@hookline/testing';
import { readinessStatus } from './readiness-probe';

const answering = (status: number) => (_request: unknown, response: { statusCode: number; end(): void }) => {
  response.statusCode = status;
  response.end();
};

async function listening(server: Server): Promise<string> {
  const [port] = await pickFreePorts(1);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `127.0.0.1:${port}`;
}

describe('readinessStatus', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('reads the status of a plain HTTP /readyz', async () => {
    const server = createHttpServer(answering(503));
    servers.push(server);

    expect(await readinessStatus(`http://${await listening(server)}/readyz`)).toBe(503);
  });

  it("reads it over HTTPS from an app whose certificate this process has no CA for, as the user's own certificate often is", async () => {
    const certificates = await makeTestCertificates(join(tmpdir(), `hookline-probe-${process.pid}`));
    const server = createHttpsServer(
      { cert: await readFile(certificates.brokerCertificateFile), key: await readFile(certificates.brokerKeyFile) },
      answering(200),
    );
    servers.push(server);
    const url = `https://${await listening(server)}/readyz`;

    await expect(fetch(url)).rejects.toThrow();
    expect(await readinessStatus(url)).toBe(200);
  });

  it('fails when nothing listens, so the launcher keeps waiting', async () => {
    const [port] = await pickFreePorts(1);

    await expect(readinessStatus(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
  });
});
