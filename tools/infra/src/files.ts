import { access, open, stat } from 'node:fs/promises';
import { errorCode } from './errors';

export async function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Size in bytes, 0 when the file does not exist yet. */
export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * What was written after `offset`, so a readiness check ignores the lines of
 * earlier runs in a kept log. A file smaller than `offset` was rolled over and
 * is read from its start.
 */
export async function readSince(path: string, offset: number): Promise<string> {
  const size = await fileSize(path);
  const start = size < offset ? 0 : offset;
  return readRange(path, start, size - start);
}

/** The last lines of a log, for error messages; empty when there is no log. */
export async function tailOf(path: string, lines = 30): Promise<string> {
  const size = await fileSize(path);
  const window = Math.min(size, 16 * 1024);
  const text = await readRange(path, size - window, window);
  return text.split('\n').slice(-lines - 1).join('\n').trimEnd();
}

async function readRange(path: string, start: number, length: number): Promise<string> {
  if (length <= 0) return '';
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
