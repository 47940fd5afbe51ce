/**
 * Writes a file atomically: the text goes to a new temporary file next to the target (created with
 * `wx`, so an existing file or link there is never opened), which is then renamed over the target.
 * A reader sees the old file or the new one, never half of one. Refuses to write through a symbolic
 * link: no existing part of the target's directory under `root`, and not the target itself, may be
 * a link (a rename replaces a link rather than following it, but a link to elsewhere means the
 * audited tree chose where we write).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './paths.js';

export class UnsafeWriteError extends Error {
  override name = 'UnsafeWriteError';
}

export function writeFileAtomic(file: string, text: string, root: string): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  assertNoLinks(root, dir);
  fs.mkdirSync(dir, { recursive: true });
  assertNoLinks(root, dir); // nothing swapped a link in while the folders were made
  const existing = lstatOr(target);
  if (existing?.isSymbolicLink()) throw new UnsafeWriteError(`${target} is a symbolic link; not writing through it`);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Every existing directory from `root` (exclusive) down to `dir` (inclusive) is a real directory. */
function assertNoLinks(root: string, dir: string): void {
  const base = path.resolve(root);
  if (!isInside(base, dir)) {
    const stat = lstatOr(dir);
    if (stat?.isSymbolicLink()) throw new UnsafeWriteError(`${dir} is a symbolic link; not writing through it`);
    return;
  }
  let current = base;
  for (const part of path.relative(base, dir).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    const stat = lstatOr(current);
    if (stat === undefined) return; // the rest does not exist yet
    if (stat.isSymbolicLink()) throw new UnsafeWriteError(`${current} is a symbolic link; not writing through it`);
    if (!stat.isDirectory()) throw new UnsafeWriteError(`${current} is not a directory`);
  }
}

function lstatOr(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
