/**
 * `.gitignore` for the audit, as git reads it: the `.gitignore` of every directory from the
 * repository root down to a file's directory, a deeper file's patterns (negations too) overriding
 * a shallower one's, each relative to its own directory; then the files given with
 * `--ignore-path` (gitignore syntax, patterns relative to that file's directory). Matching is the
 * `ignore` package's, the matcher ESLint uses. A directory that is ignored is not entered.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './errors.js';
import { isInside, toPosix } from './paths.js';

export interface IgnoreMatcher {
  /** Whether `abs` (a file, or a directory when `isDirectory`) is ignored. */
  ignores(abs: string, isDirectory: boolean): boolean;
}

export function createIgnoreMatcher(root: string, ignorePaths: readonly string[], cwd: string): IgnoreMatcher {
  const rootDir = path.resolve(root);
  const perDirectory = new Map<string, Ignore | null>();
  const gitignoreOf = (dir: string): Ignore | null => {
    let found = perDirectory.get(dir);
    if (found === undefined) {
      found = readIgnoreFile(path.join(dir, '.gitignore'));
      perDirectory.set(dir, found);
    }
    return found;
  };
  const extra = ignorePaths.map((given) => {
    const file = path.resolve(cwd, given);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch {
      stat = undefined;
    }
    if (stat === undefined || !stat.isFile()) throw new UsageError(`--ignore-path ${given}: no such file`);
    return { dir: path.dirname(file), matcher: readIgnoreFile(file) ?? ignore() };
  });

  const verdict = (matcher: Ignore, dir: string, abs: string, isDirectory: boolean, current: boolean): boolean => {
    if (!isInside(dir, abs) || dir === abs) return current;
    const rel = toPosix(path.relative(dir, abs)) + (isDirectory ? '/' : '');
    const result = matcher.test(rel);
    if (result.ignored) return true;
    if (result.unignored) return false;
    return current;
  };

  return {
    ignores(abs, isDirectory) {
      let ignored = false;
      if (isInside(rootDir, abs) && abs !== rootDir) {
        const chain: string[] = [];
        for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
          chain.push(dir);
          if (dir === rootDir || path.dirname(dir) === dir) break;
        }
        for (const dir of chain.reverse()) {
          const matcher = gitignoreOf(dir);
          if (matcher !== null) ignored = verdict(matcher, dir, abs, isDirectory, ignored);
        }
      }
      for (const { dir, matcher } of extra) ignored = verdict(matcher, dir, abs, isDirectory, ignored);
      return ignored;
    },
  };
}

function readIgnoreFile(file: string): Ignore | null {
  let text: string;
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile()) return null;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return ignore().add(text);
}
