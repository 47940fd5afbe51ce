/**
 * How statelint writes a file (the `-o` report, the baseline, caches): never through a symbolic
 * link inside the tree, and atomically. The audited repository may have committed a link where the
 * report or baseline goes, to make the write land outside; and a run killed mid-write (SIGTERM at a
 * CI timeout) must leave the previous file whole, never a truncated one.
 *
 * - The final component must not be a symbolic link; no directory on the way that lies inside the
 *   tree (the working directory or the repository root) may be one either. Components above the
 *   tree are the user's own (`/tmp` being a link on macOS is fine), and a path outside the tree
 *   (`-o /dev/stdout`, `$RUNNER_TEMP/report.sarif`) is the user's choice.
 * - A regular file is written to a new temporary file in the same directory (created exclusively,
 *   so never through a link), flushed, then renamed over the target.
 * - A target outside the tree that is not a regular file (`/dev/stdout`, `/dev/null`, a FIFO) is
 *   written in place: it cannot be replaced.
 *
 * Every failure is an OutputError with a one-line message (the CLI exits 2 with it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { entryKind, isWithin } from '@statelint/core';
import { UsageError } from './errors.js';
import { toPosix } from './paths.js';

export class OutputError extends UsageError {
  override name = 'OutputError';
}

export interface WriteTarget {
  /** The file, absolute. */
  file: string;
  /** How to name it in messages (as the user gave it). */
  label: string;
  /** Directories whose contents are the tree: no link inside them is followed (working directory, repository root). */
  trees: readonly string[];
}

function lstatOr(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function failure(label: string, error: unknown): OutputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason: Record<string, string> = {
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a component of the path is not a directory',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
    EEXIST: 'it exists and is not a directory',
    ENOENT: 'its directory cannot be created there',
    ENXIO: 'nothing reads from it',
    EIO: 'input/output error',
  };
  // The system's own message names paths (the temporary file's too): only the code is shown.
  const why = code ? (reason[code] ?? 'the system refused') : error instanceof Error ? error.message : String(error);
  return new OutputError(`cannot write ${label}: ${why}${code ? ` (${code})` : ''}`);
}

/** Writes `text` to the target as described above. */
export function writeFileAtomic(target: WriteTarget, text: string | Buffer): void {
  const file = path.resolve(target.file);
  const { label } = target;
  const trees = target.trees.flatMap((t) => [path.resolve(t), realOr(t)]);
  const inTree = (p: string): boolean => trees.some((t) => isWithin(t, p) && p !== t);

  // Every existing directory on the way that lies inside the tree must be a real directory.
  const missing: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const stat = lstatOr(dir);
    if (stat === undefined) missing.unshift(dir);
    else {
      if (stat.isSymbolicLink() && inTree(dir)) {
        throw new OutputError(`cannot write ${label}: ${toPosix(path.relative(target.trees[0] ?? path.dirname(file), dir)) || '.'} on its path is a symbolic link (statelint never writes through links inside the repository)`);
      }
      if (!stat.isSymbolicLink() && !stat.isDirectory()) throw failure(label, Object.assign(new Error(), { code: 'ENOTDIR' }));
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !lstatOr(dir)?.isDirectory()) throw failure(label, error);
    }
  }

  const existing = lstatOr(file);
  if (existing?.isSymbolicLink()) {
    if (inTree(file)) throw new OutputError(`cannot write ${label}: it is a symbolic link (statelint never writes through links inside the repository)`);
  }
  const stat = existing?.isSymbolicLink() ? statOr(file) : existing;
  if (stat?.isDirectory()) throw failure(label, Object.assign(new Error(), { code: 'EISDIR' }));
  if (stat !== undefined && !stat.isFile()) {
    if (inTree(file)) throw new OutputError(`cannot write ${label}: it is ${entryKind(stat)}, not a regular file`);
    writeInPlace(file, label, text);
    return;
  }

  // Through a link outside the tree the user asked for (`-o ~/reports/x.json` where ~/reports is
  // a link): the rename happens where the link leads, in that directory.
  const real = existing?.isSymbolicLink() ? realOr(file) : path.join(realOr(path.dirname(file)), path.basename(file));
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), stat ? stat.mode & 0o777 : 0o644);
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, real);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw failure(label, error);
  }
}

function statOr(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function writeInPlace(file: string, label: string, text: string | Buffer): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY);
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
  } catch (error) {
    throw failure(label, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
