/**
 * The CLI's side of the file-access layer (`@statelint/core`'s safe-read.ts): everything the audit
 * reads from the audited repository — sources, configs, baselines, tsconfigs and what they extend,
 * reference or list, the files module resolution probes — goes through one `FileAccess`, which
 * reads only regular files inside the audit root (the repository root) under the size cap, and
 * records what it refused, for the summary. The TypeScript hosts below are the only way a program
 * (or a parsed tsconfig) sees the file system.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  checkReadable,
  DEFAULT_MAX_FILE_BYTES,
  describeRefusal,
  entryKind,
  isWithin,
  readFileSafely,
  realRoot,
  type ReadRefusal,
  type TS,
} from '@statelint/core';
import type * as ts from 'typescript';
import { UsageError } from './errors.js';
import { toPosix } from './paths.js';

export interface Refused {
  /** Absolute, as asked for. */
  path: string;
  refusal: Exclude<ReadRefusal, 'missing'>;
  detail: string;
}

export interface FileAccess {
  /** The audit root (the repository root). */
  readonly root: string;
  readonly maxBytes: number;
  /** Reads refused so far (not missing files), once per path. */
  readonly refused: Map<string, Refused>;
}

export function createFileAccess(root: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): FileAccess {
  return { root: path.resolve(root), maxBytes, refused: new Map() };
}

export interface AccessRefusal {
  ok: false;
  missing: boolean;
  refusal: ReadRefusal;
  /** The system's error code, when the system refused. */
  code?: string;
  /** Why, in a few words (no path). */
  message: string;
}

export type AccessRead = { ok: true; bytes: Buffer } | AccessRefusal;

/** Reads a file through the access rules; a refusal is recorded and described. */
export function readBytes(access: FileAccess, file: string): AccessRead {
  const read = readFileSafely(file, { root: access.root, maxBytes: access.maxBytes });
  if (read.ok) return { ok: true, bytes: read.bytes };
  const message = describeRefusal(read, access.maxBytes);
  if (read.refusal !== 'missing') record(access, file, read.refusal, message);
  return { ok: false, missing: read.refusal === 'missing', refusal: read.refusal, ...(read.code ? { code: read.code } : {}), message };
}

export function readText(access: FileAccess, file: string): { ok: true; text: string } | AccessRefusal {
  const read = readBytes(access, file);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}

function record(access: FileAccess, file: string, refusal: Exclude<ReadRefusal, 'missing'>, detail: string): void {
  const abs = path.resolve(file);
  if (!access.refused.has(abs)) access.refused.set(abs, { path: abs, refusal, detail });
}

/** Decodes bytes as TypeScript's `sys.readFile` does (UTF-16 byte order marks, a UTF-8 BOM dropped). */
export function decodeAsTypeScript(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(0, buffer.length & ~1));
    swapped.swap16();
    return swapped.toString('utf16le', 2);
  }
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  return buffer.toString('utf8');
}

/** A directory inside the root (after following links). */
function isDirectoryInside(access: FileAccess, dir: string): boolean {
  try {
    const real = fs.realpathSync(dir);
    return isWithin(realRoot(access.root), real) && fs.statSync(real).isDirectory();
  } catch {
    return false;
  }
}

/** A file TypeScript may see: a regular file inside the root (one over the cap exists, its read is refused). */
function fileVisible(access: FileAccess, file: string): boolean {
  const checked = checkReadable(file, { root: access.root, maxBytes: access.maxBytes });
  if (checked.ok || checked.refusal === 'too-large') return true;
  if (checked.refusal !== 'missing' && checked.refusal !== 'outside') record(access, file, checked.refusal, describeRefusal(checked, access.maxBytes));
  return false;
}

/** The entries of a directory inside the root: regular files and directories, links only when they stay inside. */
function entriesInside(access: FileAccess, dir: string): { files: string[]; directories: string[] } {
  const files: string[] = [];
  const directories: string[] = [];
  if (!isDirectoryInside(access, dir)) return { files, directories };
  const root = realRoot(access.root);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir || '.', { withFileTypes: true });
  } catch {
    return { files, directories };
  }
  for (const entry of entries) {
    let isFile = entry.isFile();
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        const real = fs.realpathSync(path.join(dir, entry.name));
        if (!isWithin(root, real)) continue;
        const stat = fs.statSync(real);
        isFile = stat.isFile();
        isDirectory = stat.isDirectory();
      } catch {
        continue;
      }
    }
    if (isFile) files.push(entry.name);
    else if (isDirectory) directories.push(entry.name);
  }
  return { files, directories };
}

/** `realpath` that never names a place outside the root (TypeScript then keeps the path it had). */
function realpathInside(access: FileAccess, p: string): string {
  try {
    const real = fs.realpathSync(p);
    return isWithin(realRoot(access.root), real) ? toPosix(real) : p;
  } catch {
    return p;
  }
}

interface MatchFiles {
  matchFiles(
    path: string,
    extensions: readonly string[] | undefined,
    excludes: readonly string[] | undefined,
    includes: readonly string[] | undefined,
    useCaseSensitiveFileNames: boolean,
    currentDirectory: string,
    depth: number | undefined,
    getFileSystemEntries: (path: string) => { files: readonly string[]; directories: readonly string[] },
    realpath: (path: string) => string,
  ): string[];
}

/** A host for parsing tsconfigs (`extends`, `include` globs, `files`) that sees only what the access allows. */
export function parseConfigHost(tsm: TS, access: FileAccess): ts.ParseConfigFileHost {
  const sys = tsm.sys;
  return {
    useCaseSensitiveFileNames: sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => sys.getCurrentDirectory(),
    fileExists: (file) => fileVisible(access, file),
    readFile: (file) => {
      const read = readBytes(access, file);
      return read.ok ? decodeAsTypeScript(read.bytes) : undefined;
    },
    readDirectory: (root, extensions, excludes, includes, depth) =>
      (tsm as unknown as MatchFiles).matchFiles(
        root,
        extensions,
        excludes,
        includes,
        sys.useCaseSensitiveFileNames,
        sys.getCurrentDirectory(),
        depth,
        (dir) => entriesInside(access, dir),
        (p) => realpathInside(access, p),
      ),
    onUnRecoverableConfigFileDiagnostic: () => {},
  };
}

/**
 * Routes a compiler host's file system through the access: `fileExists`, `readFile` (and so
 * `getSourceFile`, which reads through it), `directoryExists`, `getDirectories`, `realpath`. The
 * host's in-memory files (the default libs) are the caller's to keep in front.
 */
export function guardCompilerHost(host: ts.CompilerHost, access: FileAccess): void {
  host.fileExists = (file) => fileVisible(access, file);
  host.readFile = (file) => {
    const read = readBytes(access, file);
    return read.ok ? decodeAsTypeScript(read.bytes) : undefined;
  };
  host.directoryExists = (dir) => isDirectoryInside(access, dir);
  host.getDirectories = (dir) => entriesInside(access, dir).directories;
  host.realpath = (p) => realpathInside(access, p);
}

/**
 * A path argument (`audit <path>`, `-p`, `-c`, `--baseline`): resolved through its links, it must
 * lie inside `boundary` (the working directory, or for config and baseline files the repository
 * root), and be a regular file or a directory. Anything else is a usage error that names the
 * argument as given (never where a link leads). A path that does not exist is left to the caller.
 */
export function checkPathArgument(options: { cwd: string; boundary: string; given: string; label?: string; directories?: boolean }): void {
  const { cwd, boundary, given } = options;
  const label = options.label ?? given;
  const where = path.resolve(boundary) === path.resolve(cwd) ? 'the working directory' : 'the repository';
  const abs = path.resolve(cwd, given);
  const inside = (p: string): boolean => isWithin(realRoot(boundary), p) || isWithin(path.resolve(boundary), p);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // Not there (yet): where its nearest existing directory really is decides.
      if (inside(abs) && isWithin(realRoot(boundary), realAncestor(abs)) && !danglingLinkLeavesTree(abs, boundary)) return;
      throw new UsageError(`${label} is outside ${where}; run statelint from a directory that contains it`);
    }
    throw new UsageError(`${label}: cannot be resolved (${code ?? String(error)})`);
  }
  if (!isWithin(realRoot(boundary), real)) {
    const link = inside(abs) ? ' (a symbolic link that leads outside it)' : '';
    throw new UsageError(`${label} is outside ${where}${link}; run statelint from a directory that contains it`);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch (error) {
    throw new UsageError(`${label}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stat.isFile() || (stat.isDirectory() && options.directories !== false)) return;
  const expected = options.directories === false ? 'not a regular file' : 'not a regular file or directory';
  throw new UsageError(`${label}: ${expected} (${entryKind(stat)}); statelint reads only regular files`);
}

/** The real path of the nearest ancestor of `abs` that exists. */
function realAncestor(abs: string): string {
  for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
    try {
      return fs.realpathSync(dir);
    } catch {
      if (path.dirname(dir) === dir) return dir;
    }
  }
}

/** A path that does not resolve because it is a link to nowhere: does the link point out of the tree? */
function danglingLinkLeavesTree(abs: string, boundary: string): boolean {
  try {
    if (!fs.lstatSync(abs).isSymbolicLink()) return false;
    const target = path.resolve(path.dirname(abs), fs.readlinkSync(abs));
    return !isWithin(realRoot(boundary), target) && !isWithin(path.resolve(boundary), target);
  } catch {
    return false;
  }
}

/** Replaces absolute paths in a message: inside the working directory by relative ones, others by a placeholder. */
export function scrubPaths(message: string, cwd: string, root: string): string {
  const bases = [...new Set([path.resolve(cwd), realRoot(cwd)])];
  const roots = [...new Set([path.resolve(root), realRoot(root)])];
  // An absolute path starts a word or a quotation ("'/x/y.json'", "at /x/y.ts"); a lone "/" (a
  // parser's "'/' expected") and URLs ("https://…") are not paths.
  return message.replace(/(?<=^|[\s'"`([])\/(?:[^\s'"`)\],/]|\\ )(?:[^\s'"`)\],]|\\ )*/g, (abs) => {
    for (const base of bases) if (isWithin(base, abs)) return toPosix(path.relative(base, abs)) || '.';
    for (const r of roots) if (isWithin(r, abs)) return toPosix(path.relative(bases[0]!, abs));
    return '<outside the repository>';
  });
}

/** The sentence the summary adds for refused reads (none: empty). */
export function describeRefused(access: FileAccess, cwd: string): string | undefined {
  if (access.refused.size === 0) return undefined;
  const counts = new Map<string, number>();
  const label: Record<Refused['refusal'], string> = {
    special: 'special files',
    outside: 'outside the repository',
    'too-large': 'over the size limit',
    unreadable: 'unreadable',
  };
  for (const r of access.refused.values()) counts.set(label[r.refusal], (counts.get(label[r.refusal]) ?? 0) + 1);
  const names = [...access.refused.values()]
    .filter((r) => isWithin(path.resolve(cwd), r.path))
    .slice(0, 5)
    .map((r) => toPosix(path.relative(cwd, r.path)) || '.');
  const total = access.refused.size;
  return `refused to read ${total} path${total === 1 ? '' : 's'} (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}${names.length > 0 ? `: ${names.join(', ')}${total > names.length ? ', …' : ''}` : ''})`;
}
