/**
 * "Did you mean …?" for mistyped names (rule ids, paths, tsconfigs): the closest candidate by edit
 * distance (fastest-levenshtein), when it is close enough to be a typo rather than another name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';

/** The closest candidate within max(2, a third of the input's length) edits, else undefined. */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const d = distance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/**
 * For a path that does not exist: the closest existing path, found by correcting the first
 * component that is missing against its directory's entries (`src/routs/a.ts` → `src/routes/a.ts`
 * when `src/routes` exists). Returned as the user wrote it (relative stays relative).
 */
export function suggestPath(cwd: string, given: string): string | undefined {
  const abs = path.resolve(cwd, given);
  const parts = path.relative(path.parse(abs).root, abs).split(path.sep);
  let dir = path.parse(abs).root;
  const fixed: string[] = [];
  let corrected = false;
  for (const part of parts) {
    const next = path.join(dir, part);
    if (fs.existsSync(next)) {
      dir = next;
      fixed.push(part);
      continue;
    }
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      return undefined;
    }
    const match = closestMatch(part, entries);
    if (match === undefined) return undefined;
    corrected = true;
    dir = path.join(dir, match);
    fixed.push(match);
  }
  if (!corrected || !fs.existsSync(dir)) return undefined;
  const relative = path.relative(cwd, dir);
  if (path.isAbsolute(given)) return dir;
  return (relative.split(path.sep).join('/') || '.') + (given.endsWith('/') ? '/' : '');
}
