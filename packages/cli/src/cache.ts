/**
 * `--cache`: the outcome of each file (findings and parsing errors) kept between runs, under
 * `--cache-location` (default `node_modules/.cache/statelint`), one JSON file per mode (typed,
 * untyped), written atomically (write-atomic.ts).
 *
 * What decides whether an outcome still holds:
 * - the whole cache: the tool's version, the rules with their severities and options, the working
 *   directory, and in typed mode every program's compiler options and the package manager's
 *   lockfile (installed types). Any change there starts cold.
 * - a file without types: its own text (sha-256) — untyped findings depend on the file alone.
 * - a file with types: its text, and the texts of the files it is connected to in the module graph
 *   (dependencies.ts). A file's facts can depend on what it imports, directly or not (types,
 *   values, re-exports) and on what imports it, directly or not (a request handler elsewhere that
 *   reaches its functions). So when a file changes (or appears, or goes), it is re-analysed with
 *   every file that imports it, transitively, and every file it imports, transitively — in the
 *   graph of the last run and, for the changed file, in its new imports. Nothing else is.
 *
 * Only outcomes without internal errors are kept: a rule that failed is retried next time.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileOutcome } from './analyze-file.js';
import { INTERNAL_ERROR } from './errors.js';
import { isInside, reportPath, toPosix } from './paths.js';
import { readBytes, type FileAccess } from './safe-fs.js';
import { writeFileAtomic } from './write-atomic.js';

export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/statelint';
const FORMAT = 1;

interface Entry {
  hash: string;
  outcome: FileOutcome;
  /** Typed mode: the project files it imports (report paths). */
  imports?: string[];
}

interface CacheData {
  format: number;
  key: string;
  files: Record<string, Entry>;
}

export interface CacheOptions {
  cwd: string;
  /** Every read of the audited tree goes through it (safe-fs.ts); its root is part of the tree. */
  access: FileAccess;
  location: string | undefined;
  typed: boolean;
  /** Everything else the outcomes depend on (tool version, rules, options): hashed. */
  key: unknown;
}

export function hashText(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('base64url');
}

const LOCKFILES = ['pnpm-lock.yaml', 'package-lock.json', 'yarn.lock', 'bun.lockb', 'bun.lock', 'npm-shrinkwrap.json'];

export class AuditCache {
  readonly file: string;
  private readonly cwd: string;
  private readonly access: FileAccess;
  private readonly typed: boolean;
  private readonly baseKey: unknown;
  private old: Record<string, Entry> = {};
  private readonly fresh = new Map<string, Entry>();
  private hashes = new Map<string, string>();
  private invalid = new Set<string>();
  private changed = new Set<string>();
  private reverse: Map<string, string[]> | undefined;
  /** Why the cache file was not used (unreadable, another version), for --performance. */
  note: string | undefined;
  hits = 0;

  constructor(options: CacheOptions) {
    this.cwd = options.cwd;
    this.access = options.access;
    this.typed = options.typed;
    this.baseKey = options.key;
    const dir = path.resolve(options.cwd, options.location ?? DEFAULT_CACHE_LOCATION);
    this.file = path.join(dir, options.typed ? 'typed.json' : 'untyped.json');
  }

  /**
   * Reads the cache and decides which of `files` must be analysed again. `extraKey`: what else the
   * whole cache depends on in this run (the programs' compiler options).
   */
  begin(files: readonly string[], extraKey: unknown = null): void {
    const key = hashText(JSON.stringify({ format: FORMAT, base: this.baseKey, extra: extraKey, cwd: this.cwd, lock: this.typed ? this.lockfile() : null }));
    this.old = {};
    try {
      const data = JSON.parse(this.read(this.file)) as CacheData;
      if (data?.format === FORMAT && data.key === key && typeof data.files === 'object' && data.files !== null) this.old = data.files;
      else this.note = 'the cache was made with other settings, rules or version: starting cold';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.note = `the cache could not be read (${(error as Error).message}): starting cold`;
    }
    this.key = key;
    for (const file of files) {
      const rel = reportPath(this.cwd, file);
      const read = readBytes(this.access, file);
      if (!read.ok) {
        this.changed.add(rel); // unreadable or refused: analysed (and reported) again
        continue;
      }
      const hash = hashText(read.bytes);
      this.hashes.set(rel, hash);
      if (this.old[rel]?.hash !== hash) this.changed.add(rel);
    }
    if (!this.typed) {
      this.invalid = new Set(this.changed);
      return;
    }
    // Files the last run knew that are gone now count as changed: what they touched is re-analysed.
    const scope = new Set(files.map((f) => reportPath(this.cwd, f)));
    for (const rel of Object.keys(this.old)) if (!scope.has(rel) && !fs.existsSync(path.resolve(this.cwd, rel))) this.changed.add(rel);
    this.invalid = this.closure(this.changed, (rel) => this.old[rel]?.imports ?? []);
  }

  private key = '';

  /** Typed mode: after a program was loaded, the changed files' new imports widen what is stale. */
  newImports(file: string, imports: readonly string[]): void {
    const rel = reportPath(this.cwd, file);
    const rels = imports.map((f) => reportPath(this.cwd, toPosix(f)));
    if (this.changed.has(rel)) {
      for (const dep of this.closure(new Set(rels), (r) => this.old[r]?.imports ?? [], false)) this.invalid.add(dep);
    }
    this.pendingImports.set(rel, rels);
  }

  private readonly pendingImports = new Map<string, string[]>();

  /** The outcome of `file` when it still holds. */
  lookup(file: string): FileOutcome | undefined {
    const rel = reportPath(this.cwd, file);
    if (this.invalid.has(rel)) return undefined;
    const entry = this.old[rel];
    if (entry === undefined) return undefined;
    this.hits++;
    this.fresh.set(rel, entry);
    return entry.outcome;
  }

  /** Whether `file` will be analysed again (typed mode decides this before loading a program). */
  isStale(file: string): boolean {
    const rel = reportPath(this.cwd, file);
    return this.invalid.has(rel) || this.old[rel] === undefined;
  }

  store(file: string, outcome: FileOutcome): void {
    const rel = reportPath(this.cwd, file);
    const hash = this.hashes.get(rel);
    if (hash === undefined) return;
    if (outcome.errors.some((e) => e.ruleId !== undefined || e.message.startsWith(INTERNAL_ERROR))) return;
    const imports = this.pendingImports.get(rel) ?? this.old[rel]?.imports;
    this.fresh.set(rel, { hash, outcome, ...(this.typed && imports !== undefined ? { imports } : {}) });
  }

  /** Writes the cache: this run's entries, and the last run's for files outside this run's scope. */
  save(): void {
    if (this.key === '') return; // nothing was analysed
    const files: Record<string, Entry> = {};
    for (const [rel, entry] of Object.entries(this.old)) {
      if (this.hashes.has(rel) || this.changed.has(rel)) continue; // in scope: only what this run kept
      if (fs.existsSync(path.resolve(this.cwd, rel))) files[rel] = entry; // another shard's, or another path's
    }
    for (const [rel, entry] of this.fresh) files[rel] = entry;
    const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const data: CacheData = { format: FORMAT, key: this.key, files: sorted };
    writeFileAtomic({ file: this.file, label: reportPath(this.cwd, this.file), trees: [this.cwd, this.access.root] }, JSON.stringify(data));
  }

  /** `start`, every file that imports one of them (transitively) and, when `both`, every file they import. */
  private closure(start: ReadonlySet<string>, importsOf: (rel: string) => readonly string[], both = true): Set<string> {
    const result = new Set(start);
    // Files that import a changed file, directly or not.
    if (both) {
      this.reverse ??= this.importers();
      const queue = [...start];
      while (queue.length > 0) {
        for (const importer of this.reverse.get(queue.pop()!) ?? []) {
          if (result.has(importer)) continue;
          result.add(importer);
          queue.push(importer);
        }
      }
    }
    // Files a changed file imports, directly or not.
    const down = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      for (const dep of importsOf(queue.pop()!)) {
        if (down.has(dep)) continue;
        down.add(dep);
        queue.push(dep);
      }
    }
    for (const dep of down) result.add(dep);
    return result;
  }

  /** The cache file: through the audit's file access when it lies in the tree, else the user's own place. */
  private read(file: string): string {
    if (!isInside(this.access.root, file)) return fs.readFileSync(file, 'utf8');
    const read = readBytes(this.access, file);
    if (!read.ok) {
      if (read.missing) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      throw new Error(read.message);
    }
    return read.bytes.toString('utf8');
  }

  private importers(): Map<string, string[]> {
    const reverse = new Map<string, string[]>();
    for (const [rel, entry] of Object.entries(this.old)) {
      for (const dep of entry.imports ?? []) {
        const list = reverse.get(dep);
        if (list === undefined) reverse.set(dep, [rel]);
        else list.push(rel);
      }
    }
    return reverse;
  }

  private lockfile(): string | null {
    for (let dir = path.resolve(this.cwd); ; dir = path.dirname(dir)) {
      for (const name of LOCKFILES) {
        const read = readBytes(this.access, path.join(dir, name));
        if (read.ok) return `${name}:${hashText(read.bytes)}`;
      }
      if (dir === this.access.root || !isInside(this.access.root, dir) || path.dirname(dir) === dir) return null;
    }
  }
}

