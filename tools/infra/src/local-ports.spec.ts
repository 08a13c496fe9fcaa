import { createServer, type Server } from 'node:net';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseLocalPorts, portsFile } from './local-ports';

describe('chooseLocalPorts', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-ports-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives npm start the same ports as its previous run, so saved connections keep working', async () => {
    const first = await chooseLocalPorts({ dataDir, remember: true, fixed: {} });
    const second = await chooseLocalPorts({ dataDir, remember: true, fixed: {} });

    expect(second).toEqual(first);
    expect(new Set(Object.values(first)).size).toBe(3);
  });

  it('replaces a remembered port that something else took meanwhile, and keeps the others', async () => {
    const first = await chooseLocalPorts({ dataDir, remember: true, fixed: {} });
    const occupier = await listenOn(first.postgres);
    try {
      const second = await chooseLocalPorts({ dataDir, remember: true, fixed: {} });

      expect(second.kafka).toBe(first.kafka);
      expect(second.controller).toBe(first.controller);
      expect(second.postgres).not.toBe(first.postgres);
      expect(await chooseLocalPorts({ dataDir, remember: true, fixed: {} })).toEqual(second);
    } finally {
      await new Promise((resolve) => occupier.close(resolve));
    }
  });

  it('lets a fixed port win over the remembered one', async () => {
    const first = await chooseLocalPorts({ dataDir, remember: true, fixed: {} });
    const second = await chooseLocalPorts({ dataDir, remember: true, fixed: { kafka: first.postgres } });

    expect(second.kafka).toBe(first.postgres);
    expect(second.postgres).not.toBe(first.postgres);
  });

  it('ignores an unreadable ports file instead of failing the start', async () => {
    await chooseLocalPorts({ dataDir, remember: true, fixed: {} });
    await writeFile(portsFile(dataDir), '{"kafka": "nine"');

    await expect(chooseLocalPorts({ dataDir, remember: true, fixed: {} })).resolves.toEqual(
      expect.objectContaining({ kafka: expect.any(Number) }),
    );
  });

  it('picks fresh ports for a throw-away run and remembers nothing', async () => {
    await chooseLocalPorts({ dataDir, remember: false, fixed: {} });
    await expect(access(portsFile(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
