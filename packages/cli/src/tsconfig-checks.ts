/**
 * `-p <tsconfig>` arguments are checked before anything is loaded: a mistyped one is a usage error
 * (exit 2, with "did you mean"), never a silently empty run that passes CI. A directory stands for
 * its `tsconfig.json`, as with `tsc -p`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closestMatch, suggestPath } from './did-you-mean.js';
import { UsageError } from './errors.js';
import { toPosix } from './paths.js';

/** The tsconfig files the `-p` arguments name (absolute, `/`-separated). */
export function checkTsconfigArguments(cwd: string, projects: readonly string[]): string[] {
  return projects.map((given) => {
    const abs = path.resolve(cwd, given);
    const stat = statOr(abs);
    if (stat?.isFile()) return toPosix(abs);
    if (stat?.isDirectory()) {
      const inside = path.join(abs, 'tsconfig.json');
      if (statOr(inside)?.isFile()) return toPosix(inside);
      throw new UsageError(`-p ${given}: the directory has no tsconfig.json${hint(cwd, given, abs)}`);
    }
    throw new UsageError(`-p ${given}: no such tsconfig${hint(cwd, given, abs)}`);
  });
}

function hint(cwd: string, given: string, abs: string): string {
  const dir = statOr(abs)?.isDirectory() ? abs : path.dirname(abs);
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir).filter((name) => /^tsconfig.*\.json$|^jsconfig.*\.json$/.test(name));
  } catch {
    entries = [];
  }
  if (statOr(abs)?.isDirectory()) {
    return entries.length > 0 ? ` (did you mean ${toPosix(path.join(given, entries[0]!))}?)` : '';
  }
  // The closest name, or the only tsconfig there is in that directory.
  const sibling = closestMatch(path.basename(abs), entries) ?? (entries.length === 1 ? entries[0] : undefined);
  if (sibling !== undefined) return ` (did you mean ${toPosix(path.join(path.dirname(given), sibling))}?)`;
  const fixed = suggestPath(cwd, given);
  return fixed === undefined ? '' : ` (did you mean ${fixed}?)`;
}

function statOr(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
