/**
 * The one way statelint reads a file of the audited repository (sources, package.json, configs,
 * tsconfigs, baselines, `/// <reference>` targets). The repository is untrusted input: a file
 * committed as a symbolic link to `/dev/zero`, `/dev/stdin` or `/proc/self/environ`, a FIFO, a
 * socket, or a file far larger than any source must not make the audit read forever, hang, or leak
 * what lies outside the repository. So a read
 *
 * - resolves the path (`realpath`) and refuses a target outside the audit root;
 * - refuses anything that is not a regular file (FIFO, socket, device, directory);
 * - refuses a file over the size cap, from `stat`, before reading any of it;
 * - opens without blocking (a FIFO swapped in after the check cannot hang the open), checks that
 *   the descriptor is still the regular file it checked, and reads at most the cap plus one byte
 *   (a file that grows while it is read is still capped).
 *
 * Nothing here throws for a refused or missing file: the caller gets the reason and decides how to
 * report it (both front ends use this module; the CLI wraps it in `safe-fs.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The default size cap of one read: far above any hand-written source, config or manifest. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadRefusal =
  /** Nothing there (or a dangling link). */
  | 'missing'
  /** Resolves to a path outside the audit root. */
  | 'outside'
  /** A FIFO, socket, device or directory. */
  | 'special'
  /** Larger than the cap. */
  | 'too-large'
  /** The system refused (EACCES, ELOOP, EIO …): `code` says which. */
  | 'unreadable';

export type SafeReadResult =
  | { ok: true; bytes: Buffer; real: string }
  | { ok: false; refusal: ReadRefusal; code?: string; kind?: string; size?: number };

export interface SafeReadOptions {
  /** The audit root: a file whose real path is not inside it is refused. */
  root: string;
  /** Size cap in bytes (default DEFAULT_MAX_FILE_BYTES). */
  maxBytes?: number;
}

const realRoots = new Map<string, string>();

/** The real path of a root (cached: roots do not move during a run). */
export function realRoot(root: string): string {
  const resolved = path.resolve(root);
  let real = realRoots.get(resolved);
  if (real === undefined) {
    try {
      real = fs.realpathSync(resolved);
    } catch {
      real = resolved;
    }
    realRoots.set(resolved, real);
  }
  return real;
}

export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** What kind of file system entry a stat describes, for messages. */
export function entryKind(stat: fs.Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Where `file` really is, when it may be read: inside the root and a regular file of at most the
 * cap. Reads nothing.
 */
export function checkReadable(file: string, options: SafeReadOptions): { ok: true; real: string; size: number } | (SafeReadResult & { ok: false }) {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { ok: false, refusal: 'missing', code } : { ok: false, refusal: 'unreadable', code };
  }
  if (!isWithin(realRoot(options.root), real)) return { ok: false, refusal: 'outside' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch (error) {
    return { ok: false, refusal: 'unreadable', code: (error as NodeJS.ErrnoException).code };
  }
  if (!stat.isFile()) return { ok: false, refusal: 'special', kind: entryKind(stat) };
  const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (stat.size > max) return { ok: false, refusal: 'too-large', size: stat.size };
  return { ok: true, real, size: stat.size };
}

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Reads a file of the audited repository under the rules above. */
export function readFileSafely(file: string, options: SafeReadOptions): SafeReadResult {
  const checked = checkReadable(file, options);
  if (!checked.ok) return checked;
  const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd: number;
  try {
    fd = fs.openSync(checked.real, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: the real path became a link after the check.
    return code === 'ENOENT' ? { ok: false, refusal: 'missing', code } : { ok: false, refusal: 'unreadable', code };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, refusal: 'special', kind: entryKind(stat) };
    if (stat.size > max) return { ok: false, refusal: 'too-large', size: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    let buffer = Buffer.allocUnsafe(Math.min(max + 1, Math.max(stat.size + 1, 64 * 1024)));
    for (;;) {
      const room = Math.min(buffer.length, max + 1 - total);
      if (room <= 0) break;
      const read = fs.readSync(fd, buffer, 0, room, null);
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
      if (total > max) return { ok: false, refusal: 'too-large', size: total };
      if (read === buffer.length) buffer = Buffer.allocUnsafe(Math.min(max + 1, buffer.length * 2));
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), real: checked.real };
  } catch (error) {
    return { ok: false, refusal: 'unreadable', code: (error as NodeJS.ErrnoException).code };
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of a file read safely (UTF-8, a byte order mark kept, as `fs.readFileSync(f, 'utf8')`). */
export function readTextSafely(file: string, options: SafeReadOptions): { ok: true; text: string; real: string } | (SafeReadResult & { ok: false }) {
  const read = readFileSafely(file, options);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8'), real: read.real } : read;
}

/** Why a read was refused, in a few words for a message (never the path of the target). */
export function describeRefusal(result: { refusal: ReadRefusal; code?: string; kind?: string; size?: number }, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  switch (result.refusal) {
    case 'missing':
      return 'no such file';
    case 'outside':
      return 'it resolves to a path outside the repository (statelint reads only files inside it)';
    case 'special':
      return `not a regular file (${result.kind ?? 'a special file'}; statelint reads only regular files)`;
    case 'too-large':
      return `larger than the size limit (${formatBytes(result.size ?? 0)} > ${formatBytes(maxBytes)}; raise it with maxFileSize or --max-file-size)`;
    case 'unreadable':
      return `cannot read it (${result.code ?? 'error'})`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KB`;
  return `${bytes} bytes`;
}
