/**
 * One module resolver for the program model, with and without type information: relative paths
 * (with TypeScript's `.js` → `.ts` mapping and `index` files), `require`, literal `import()`,
 * re-exports, tsconfig `paths` (with `baseUrl`), `package.json` `imports` (`#x`) and `exports`, and
 * the workspace's own packages (any package.json inside the root, by its `name`). In typed mode
 * the program's own resolution is asked first.
 *
 * Only files of the listing (`ProjectFiles`, regular files under the root outside node_modules and
 * build output) can be targets, so resolving never touches the disk beyond the listing itself and
 * the manifests it names.
 */
import path from 'node:path';
import type { TS } from '../engine/rule.js';
import { isInside, listProjectDirectory, readProjectFile, statProjectDirectory, statProjectFile } from './disk.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
/** Directories never listed: dependencies, build output, version control. */
export const UNLISTED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'bower_components', 'vendor']);
/** The listing stops here (a checkout this big is audited per package). */
export const MAX_LISTED_FILES = 20000;

export interface Manifest {
  readonly file: string;
  readonly directory: string;
  readonly name: string | undefined;
  readonly json: Record<string, unknown>;
}

/**
 * Whether the whole-root listing passes over this path: a folder of `UNLISTED_DIRECTORIES`
 * (node_modules, build output) on the way. Hidden folders are listed when audited by name.
 */
export function passedOver(root: string, target: string): boolean {
  const folders = path.relative(root, target).split(path.sep).slice(0, -1);
  if (statProjectDirectory(root, target) !== undefined) folders.push(path.basename(target));
  return folders.some((name) => UNLISTED_DIRECTORIES.has(name));
}

/** The files of a project root: source files, manifests and deployment descriptors. */
export class ProjectFiles {
  readonly sources = new Set<string>();
  readonly manifests: Manifest[] = [];
  /** serverless.yml, SAM templates. */
  readonly descriptors: string[] = [];
  readonly tsconfigs: string[] = [];
  truncated = false;
  /** Every directory listed, with its modification time: an added, removed or renamed entry changes it. */
  readonly directories = new Map<string, string | undefined>();

  /**
   * `scope`: the part of the root to list (a front end that audits some paths, the CLI, lists just
   * those): each directory in it is walked, each file in it taken, and the directories between the
   * root and them are looked at for manifests, tsconfigs and descriptors only. Absent: the whole root.
   */
  constructor(
    readonly root: string,
    list = true,
    scope?: readonly string[],
  ) {
    if (!list) return;
    if (scope === undefined || scope.some((p) => path.resolve(p) === root)) {
      this.walk(root, 0);
      return;
    }
    const walked = new Set<string>();
    for (const given of scope) {
      const target = path.resolve(given);
      if (!isInside(root, target)) continue;
      // A path the whole-root listing passes over (node_modules, build output) is not listed for
      // being audited either: the model is the project's own code, whatever is audited (a worker
      // thread listing all of node_modules ran out of heap).
      if (passedOver(root, target)) continue;
      const isDirectory = statProjectDirectory(root, target) !== undefined;
      const directory = isDirectory ? target : path.dirname(target);
      // The directories above it, up to the root: their manifests and tsconfigs, not their sources.
      for (let above = isDirectory ? path.dirname(target) : directory; isInside(root, above); above = path.dirname(above)) {
        this.shallow(above, walked);
        if (above === root) break;
      }
      if (isDirectory) {
        if (!walked.has(`walk:${target}`)) this.walk(target, 0);
        walked.add(`walk:${target}`);
      } else if (isSourceName(path.basename(target)) && statProjectFile(root, target) !== undefined) {
        this.sources.add(target);
      }
    }
  }

  /** A directory's manifests, tsconfigs and descriptors (not its sources, not its subdirectories). */
  private shallow(directory: string, seen: Set<string>): void {
    if (seen.has(directory)) return;
    seen.add(directory);
    this.directories.set(directory, statProjectDirectory(this.root, directory));
    for (const entry of listProjectDirectory(this.root, directory)) if (!entry.directory) this.take(directory, entry.name, false);
  }

  private readonly listedOnDemand = new Set<string>();

  /**
   * Lists the source files of one directory the walk passed over (a hidden folder, say) once a
   * relative import names a file in it: an explicit import is followed wherever it leads inside the
   * root.
   */
  listOnDemand(directory: string): void {
    if (this.listedOnDemand.has(directory)) return;
    this.listedOnDemand.add(directory);
    this.directories.set(directory, statProjectDirectory(this.root, directory));
    for (const entry of listProjectDirectory(this.root, directory)) {
      if (!entry.directory && isSourceName(entry.name)) this.sources.add(path.join(directory, entry.name));
    }
  }

  private walk(directory: string, depth: number): void {
    if (depth > 24) return;
    this.directories.set(directory, statProjectDirectory(this.root, directory));
    for (const entry of listProjectDirectory(this.root, directory)) {
      if (this.sources.size >= MAX_LISTED_FILES) {
        this.truncated = true;
        return;
      }
      if (entry.directory) {
        if (entry.name.startsWith('.') || UNLISTED_DIRECTORIES.has(entry.name)) continue;
        this.walk(path.join(directory, entry.name), depth + 1);
      } else this.take(directory, entry.name, true);
    }
  }

  private readonly taken = new Set<string>();

  /** A listed file: a manifest, a descriptor, a tsconfig, or (`sources`) a source file. */
  private take(directory: string, name: string, sources: boolean): void {
    const full = path.join(directory, name);
    if (this.taken.has(full)) return;
    this.taken.add(full);
    if (name === 'package.json') {
      const json = parseJson(readProjectFile(this.root, full)?.text);
      if (json !== undefined) this.manifests.push({ file: full, directory, name: typeof json.name === 'string' ? json.name : undefined, json });
    } else if (/^(serverless\.ya?ml|template\.ya?ml)$/.test(name)) {
      this.descriptors.push(full);
    } else if (/^tsconfig(\..+)?\.json$/.test(name)) {
      this.tsconfigs.push(full);
    } else if (sources && isSourceName(name)) {
      this.sources.add(full);
    } else {
      this.taken.delete(full);
    }
  }
}

/**
 * Whether the listing still describes the disk: no listed directory gained, lost or renamed an
 * entry, and no manifest, tsconfig or deployment descriptor it read changed (size and mtime).
 * Source files' contents are checked by the program model's records, not here.
 */
export function listingUnchanged(files: ProjectFiles, keys: ReadonlyMap<string, string | undefined>): boolean {
  for (const [directory, key] of files.directories) if (statProjectDirectory(files.root, directory) !== key) return false;
  for (const [file, key] of keys) if (statProjectFile(files.root, file) !== key) return false;
  return true;
}

/** The size-and-mtime keys of the files a listing read for itself (manifests, tsconfigs, descriptors). */
export function listingKeys(files: ProjectFiles): Map<string, string | undefined> {
  const keys = new Map<string, string | undefined>();
  for (const file of [...files.manifests.map((m) => m.file), ...files.tsconfigs, ...files.descriptors]) keys.set(file, statProjectFile(files.root, file));
  return keys;
}

/** A source file the model reads: not a declaration file, not a minified bundle. */
function isSourceName(name: string): boolean {
  return SOURCE_EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts') && !/\.min\.[cm]?js$/.test(name);
}

export function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface PathAliases {
  directory: string;
  baseUrl: string | undefined;
  paths: [pattern: string, targets: string[]][];
}

export class ModuleResolver {
  private readonly workspace = new Map<string, Manifest>();
  private readonly aliases: PathAliases[] = [];
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly ts: TS,
    private readonly files: ProjectFiles,
  ) {
    for (const manifest of files.manifests) if (manifest.name !== undefined && !this.workspace.has(manifest.name)) this.workspace.set(manifest.name, manifest);
    for (const file of files.tsconfigs) {
      const text = readProjectFile(files.root, file)?.text;
      if (text === undefined) continue;
      const parsed = ts.parseConfigFileTextToJson(file, text).config as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
      const options = parsed?.compilerOptions;
      if (options === undefined) continue;
      const directory = path.dirname(file);
      const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(directory, options.baseUrl) : undefined;
      const paths: PathAliases['paths'] = [];
      if (typeof options.paths === 'object' && options.paths !== null) {
        for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
          if (Array.isArray(targets)) paths.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
        }
      }
      if (baseUrl !== undefined || paths.length > 0) this.aliases.push({ directory, baseUrl, paths });
    }
    // The nearest tsconfig wins: deeper directories first.
    this.aliases.sort((a, b) => b.directory.length - a.directory.length);
  }

  /** The listed source file a specifier written in `from` loads, or undefined (a package, data, unknown). */
  resolve(from: string, specifier: string): string | undefined {
    const key = `${path.dirname(from)}\u0000${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.compute(from, specifier);
    this.cache.set(key, found ?? null);
    return found;
  }

  private compute(from: string, specifier: string): string | undefined {
    if (specifier.startsWith('node:')) return undefined;
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return this.file(path.resolve(path.dirname(from), specifier));
    }
    if (specifier.startsWith('/')) return isInside(this.files.root, specifier) ? this.file(specifier) : undefined;
    if (specifier.startsWith('#')) return this.packageImport(from, specifier);
    for (const alias of this.aliases) {
      if (!isInside(alias.directory, from)) continue;
      for (const [pattern, targets] of alias.paths) {
        const star = pattern.indexOf('*');
        const matched =
          star < 0 ? (pattern === specifier ? '' : undefined) : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) ? specifier.slice(star, specifier.length - (pattern.length - star - 1)) : undefined;
        if (matched === undefined) continue;
        for (const target of targets) {
          const found = this.file(path.resolve(alias.baseUrl ?? alias.directory, target.replace('*', matched)));
          if (found !== undefined) return found;
        }
      }
      if (alias.baseUrl !== undefined) {
        const found = this.file(path.resolve(alias.baseUrl, specifier));
        if (found !== undefined) return found;
      }
    }
    return this.workspacePackage(specifier);
  }

  /** `#db` through the nearest package.json `imports`. */
  private packageImport(from: string, specifier: string): string | undefined {
    const manifest = this.nearestManifest(from);
    const imports = manifest?.json.imports;
    if (manifest === undefined || typeof imports !== 'object' || imports === null) return undefined;
    for (const [pattern, target] of Object.entries(imports as Record<string, unknown>)) {
      const star = pattern.indexOf('*');
      const rest = star < 0 ? (pattern === specifier ? '' : undefined) : specifier.startsWith(pattern.slice(0, star)) ? specifier.slice(star) : undefined;
      if (rest === undefined) continue;
      const value = conditionalTarget(target);
      if (value !== undefined) return this.file(path.resolve(manifest.directory, value.replace('*', rest)));
    }
    return undefined;
  }

  private nearestManifest(file: string): Manifest | undefined {
    let best: Manifest | undefined;
    for (const m of this.files.manifests) if (isInside(m.directory, file) && (best === undefined || m.directory.length > best.directory.length)) best = m;
    return best;
  }

  /** `@acme/db`, `@acme/db/client`: a package of the workspace, by its manifest's `exports`, `source`, `module`, `main`. */
  private workspacePackage(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const manifest = this.workspace.get(name);
    if (manifest === undefined) return undefined;
    const subpath = parts.slice(nameLength).join('/');
    const exports = manifest.json.exports;
    const key = subpath === '' ? '.' : `./${subpath}`;
    const candidates: string[] = [];
    if (typeof exports === 'string' && key === '.') candidates.push(exports);
    else if (typeof exports === 'object' && exports !== null) {
      const record = exports as Record<string, unknown>;
      const direct = key in record ? record[key] : key === '.' && !Object.keys(record).some((k) => k.startsWith('.')) ? record : undefined;
      const value = conditionalTarget(direct);
      if (value !== undefined) candidates.push(value);
    }
    if (subpath === '') for (const field of ['source', 'module', 'main']) if (typeof manifest.json[field] === 'string') candidates.push(manifest.json[field] as string);
    candidates.push(subpath === '' ? 'src/index' : subpath, subpath === '' ? 'index' : `src/${subpath}`);
    for (const candidate of candidates) {
      const found = this.file(path.resolve(manifest.directory, candidate)) ?? this.file(path.resolve(manifest.directory, candidate.replace(/^(\.\/)?(dist|build|lib|out)\//, 'src/')));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** A listed source file for a path: as given, with an extension, TypeScript's `.js` → `.ts`, or `index`. */
  file(base: string): string | undefined {
    const listed = this.listed(base);
    if (listed !== undefined || !isInside(this.files.root, base)) return listed;
    this.files.listOnDemand(path.dirname(base));
    this.files.listOnDemand(base);
    return this.listed(base);
  }

  private listed(base: string): string | undefined {
    const sources = this.files.sources;
    if (sources.has(base)) return base;
    const swapped = base.replace(/\.(m|c)?js(x?)$/, '.$1ts$2');
    if (swapped !== base && sources.has(swapped)) return swapped;
    for (const extension of SOURCE_EXTENSIONS) if (sources.has(base + extension)) return base + extension;
    for (const extension of SOURCE_EXTENSIONS) {
      const index = path.join(base, `index${extension}`);
      if (sources.has(index)) return index;
    }
    return undefined;
  }
}

/** The target of an `exports` / `imports` entry: a string, or the first usable condition. */
function conditionalTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value.endsWith('.d.ts') ? undefined : value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = conditionalTarget(v);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const condition of ['source', 'development', 'node', 'import', 'require', 'default']) {
      const found = conditionalTarget(record[condition]);
      if (found !== undefined) return found;
    }
    for (const [k, v] of Object.entries(record)) {
      if (k === 'types') continue;
      const found = conditionalTarget(v);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
