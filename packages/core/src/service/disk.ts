/**
 * The program model's only way to the disk. The audited repository is untrusted input: a file is
 * read only when it is a regular file (never through a symbolic link) inside the project root, and
 * not larger than MAX_FILE_BYTES. Directories are listed the same way. Everything the model reads
 * (imported modules in untyped mode, package.json and tsconfig files) goes through `readProjectFile`
 * and `listProjectDirectory`, so a stricter file-access layer can replace them in one place.
 *
 * Reads are cached per process by path and validated by the file's size and modification time (as
 * eslint-plugin-import does), so an editor session sees a file again once it changed on disk.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Files larger than this are not read (generated bundles, data). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface DiskFile {
  readonly text: string;
  /** Size and modification time: a changed key means a changed file. */
  readonly key: string;
}

/** Is `file` inside `root` (after normalisation; no `..` escapes)? */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The key of a regular file inside the root, or undefined (missing, a link, a directory, too large, outside). */
export function statProjectFile(root: string, file: string): string | undefined {
  if (!isInside(root, file)) return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
  return `${stat.size}:${stat.mtimeMs}`;
}

/** The modification key of a real directory inside the root (entries added, removed or renamed change it), or undefined. */
export function statProjectDirectory(root: string, directory: string): string | undefined {
  if (!isInside(root, directory)) return undefined;
  try {
    const stat = fs.lstatSync(directory);
    return stat.isDirectory() ? `${stat.mtimeMs}:${stat.ino}` : undefined;
  } catch {
    return undefined;
  }
}

const reads = new Map<string, DiskFile>();

/** The text of a regular file inside the root, or undefined. */
export function readProjectFile(root: string, file: string): DiskFile | undefined {
  const key = statProjectFile(root, file);
  if (key === undefined) {
    reads.delete(file);
    return undefined;
  }
  const cached = reads.get(file);
  if (cached !== undefined && cached.key === key) return cached;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const read = { text, key };
  reads.set(file, read);
  return read;
}

export interface DirectoryEntry {
  readonly name: string;
  readonly directory: boolean;
}

/** The regular files and real directories of a directory inside the root (links are left out). */
export function listProjectDirectory(root: string, directory: string): readonly DirectoryEntry[] {
  if (!isInside(root, directory)) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: DirectoryEntry[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) out.push({ name: entry.name, directory: true });
    else if (entry.isFile()) out.push({ name: entry.name, directory: false });
  }
  return out;
}

/** Forget every cached read (tests; an editor that knows files changed). */
export function clearDiskCache(): void {
  reads.clear();
}
