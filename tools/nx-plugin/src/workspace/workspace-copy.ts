import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway copy of the repository to generate into, so the working tree never holds a generated app. */
export interface WorkspaceCopy {
  root: string;
  remove(): void;
}

/**
 * Copies the files git knows of (tracked, and untracked but not ignored, so
 * work not yet committed comes along) as they are in the working tree, and
 * links node_modules instead of copying it: a copy in a second or two.
 */
export function copyWorkspace(repoRoot: string, prefix: string): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  for (const path of listed.split('\0').filter(Boolean)) {
    const source = join(repoRoot, path);
    // Tracked but deleted in the working tree: the copy mirrors the working tree.
    if (!existsSync(source)) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(source, join(root, path));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
