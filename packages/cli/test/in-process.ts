/** Helpers for CLI tests that run `main(argv, io)` in process on small projects in temp directories. */
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../src/main.js';
import { REPO_ROOT } from '../../../test/support/paths.js';

export interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(cwd: string, ...argv: string[]): Promise<Output> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    env: {},
  });
  return { code, stdout, stderr };
}

export type Files = Record<string, string | Buffer>;

/**
 * Writes projects under .statelint-tmp/<name>/p<n>; `root` is the directory to remove afterwards.
 * Each project is a repository of its own (a `.git` file marks its root, as in a git worktree), so
 * its report paths are relative to it and this repository's .gitignore does not apply to it.
 */
export function projects(name: string): { root: string; project(files: Files): string } {
  const root = path.join(REPO_ROOT, '.statelint-tmp', name);
  let counter = 0;
  return {
    root,
    project(files) {
      const dir = path.join(root, `p${++counter}`);
      fs.rmSync(dir, { recursive: true, force: true });
      writeFiles(dir, { '.git': 'gitdir: .git-marker-for-tests\n', ...files });
      return dir;
    },
  };
}

export function writeFiles(dir: string, files: Files): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
