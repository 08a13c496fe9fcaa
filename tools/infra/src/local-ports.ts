import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { errorCode } from './errors';
import { isPortFree, pickFreePorts } from './ports';

/** The loopback ports of a local Kafka (client and controller listeners) and Postgres. */
export interface LocalPorts {
  kafka: number;
  controller: number;
  postgres: number;
}

const portsFileSchema = z.object({
  kafka: z.number().int().min(1).max(65_535),
  controller: z.number().int().min(1).max(65_535),
  postgres: z.number().int().min(1).max(65_535),
});

export function portsFile(dataDir: string): string {
  return join(dataDir, 'config', 'ports.json');
}

export interface ChoosePortsOptions {
  dataDir: string;
  /** Reuse the previous run's ports where they are still free, and remember this run's (npm start); else fresh ones (tests). */
  remember: boolean;
  /** Ports fixed by the environment; already checked to be free. */
  fixed: Partial<LocalPorts>;
}

/**
 * Ports for this start. An analyst's saved connection and a sender's
 * configuration name these ports, so `npm start` keeps them from one run to
 * the next; a port something else took meanwhile is replaced by a free one.
 */
export async function chooseLocalPorts({ dataDir, remember, fixed }: ChoosePortsOptions): Promise<LocalPorts> {
  const previous = remember ? await readPorts(dataDir) : undefined;
  const names = ['kafka', 'controller', 'postgres'] as const;
  const chosen: Partial<LocalPorts> = { ...fixed };
  for (const name of names) {
    const candidate = previous?.[name];
    if (chosen[name] !== undefined || candidate === undefined) continue;
    if (!Object.values(chosen).includes(candidate) && (await isPortFree(candidate))) chosen[name] = candidate;
  }
  const missing = names.filter((name) => chosen[name] === undefined);
  const fresh = await pickFreePorts(missing.length, Object.values(chosen));
  missing.forEach((name, index) => (chosen[name] = fresh[index]));
  const ports = portsFileSchema.parse(chosen);
  if (remember) {
    await mkdir(dirname(portsFile(dataDir)), { recursive: true });
    await writeFile(portsFile(dataDir), `${JSON.stringify(ports, null, 2)}\n`);
  }
  return ports;
}

async function readPorts(dataDir: string): Promise<LocalPorts | undefined> {
  let text: string;
  try {
    text = await readFile(portsFile(dataDir), 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  // A hand-edited or truncated file is not worth failing a start over: pick new ports.
  try {
    return portsFileSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}
