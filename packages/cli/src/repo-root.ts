import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root of a working directory: the nearest ancestor (or itself) holding `.git` (a
 * directory, or the file a worktree or submodule has), else the working directory itself. Report
 * paths and config lookup are anchored here, so the same files give the same report from any
 * directory of the repository.
 */
export function repositoryRoot(cwd: string): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
