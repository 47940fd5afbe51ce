/**
 * The repository root: the nearest directory at or above the working directory that holds `.git`
 * (a directory, or the file a worktree or submodule has), else the working directory itself. It is
 * the audit root: statelint reads nothing outside it.
 */
import fs from 'node:fs';
import path from 'node:path';

export function repositoryRoot(cwd: string): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
