/**
 * The program model: what runs where, computed once per program and shared by every rule.
 *
 * - **Files**: every source file under the project root (see module-graph.ts), read through
 *   disk.ts; in typed mode the program's own source files stand in for theirs, and in untyped mode
 *   the linted file's text (an editor's unsaved buffer) stands in for its copy on disk.
 * - **Entry points** (entry-points.ts): servers started, framework-owned handler files, tool
 *   entries (`bin`, package.json scripts, shebang files) and tests.
 * - **Reachability** decides the kind of code: what a server or handler entry reaches is service
 *   code; what only tool entries or tests reach is a tool; what nothing known reaches is left to the
 *   name heuristics of code-kind.ts.
 *
 * Typed mode: one model per program object (a new program in an editor session builds a new one,
 * reusing the per-file work of unchanged files). Untyped mode: one model per project root and
 * process, rebuilt when a listed file changes on disk (checked at most every LIFETIME_MS) or when
 * the linted file's text differs from what the model last saw.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { clientCodeReason } from './client-code.js';
import { FileFacts } from '../lang/facts.js';
import { singleFileView, type ProjectView } from '../lang/project.js';
import type { TraceStep, TS } from '../engine/rule.js';
import { parseSourceText } from '../lang/source.js';
import { readProjectFile, statProjectFile } from './disk.js';
import { fileEntries, manifestEntries, type EntryKind, type EntryPoint } from './entry-points.js';
import { listingKeys, listingUnchanged, ModuleResolver, passedOver, ProjectFiles, type Manifest } from './module-graph.js';

/** The key under which front ends report the model's time among the rules' (`--performance`). */
export const PROGRAM_MODEL_TIMING = '(program model)';
let modelMs = 0;
let modelDepth = 0;

/** Milliseconds this process spent building program models and call graphs so far. */
export function programModelMilliseconds(): number {
  return modelMs;
}

/** Starts counting afresh (a front end running several audits in one process). */
export function resetProgramModelMilliseconds(): void {
  modelMs = 0;
}

/** Runs `work`, counting its time as the program model's (nested calls count once). */
export function timeModel<T>(work: () => T): T {
  if (modelDepth > 0) return work();
  modelDepth++;
  const started = performance.now();
  try {
    return work();
  } finally {
    modelDepth--;
    modelMs += performance.now() - started;
  }
}

/** One step of a chain that explains a finding (defined in the rule API, next to the findings that carry it). */
export type { TraceStep };

export interface ImportEdge {
  readonly target: string;
  readonly specifier: string;
  /** Offset of the specifier in the importing file. */
  readonly pos: number;
}

export interface ModelFile {
  readonly fileName: string;
  readonly text: string;
  /** Parsed on first use (untyped mode parses only the files a question needs). */
  readonly sourceFile: ts.SourceFile;
  readonly facts: FileFacts;
  readonly imports: readonly ImportEdge[];
  /** Local-looking specifiers (relative, `#x`, aliases) that resolve to no listed file. */
  readonly unresolved: readonly string[];
}

/** What reachability says about a file. */
export type Reach =
  | { readonly kind: 'service'; readonly trace: readonly TraceStep[] }
  | { readonly kind: 'tool'; readonly reason: string; readonly trace: readonly TraceStep[] }
  | { readonly kind: 'browser'; readonly reason: string; readonly trace: readonly TraceStep[] };

export type RootKind = 'server' | 'tool' | 'test' | 'browser' | 'unknown';

/** Tool entries that start the service when they load a server: a package's `bin`, a start script. */
export const SERVING_TOOL = /^(bin\b|npm run (start|serve|server|prod|production|dev|develop)\b)/;

/** Directories of scripts, examples and benchmarks: a server started there is a development aid, unless a `bin` or start script runs it. */
export const TOOL_DIRECTORIES: ReadonlySet<string> = new Set(['scripts', 'script', 'examples', 'example', 'benchmarks', 'bench', 'tools', 'migrations', 'seeds', 'seeders', 'demo', 'demos', 'docs']);

/** Text without which client-code.ts finds no browser code (a cheap filter before parsing). */
const BROWSER_HINT = /\b(window|document|localStorage|sessionStorage|navigator|requestAnimationFrame|self|importScripts|define)\b|use client|eslint-env|from\s*['"](react|vue|svelte|preact|solid-js|@angular|jquery|electron|mobx|pinia|next\/|antd|@ant-design|@mui|@chakra-ui|@mantine|@radix-ui|@headlessui|element-|react-bootstrap|reactstrap|semantic-ui|load-script)|require\(\s*['"](react|vue|jquery|electron|antd|load-script)/;

/** Re-check the disk at most this often in untyped mode (an editor saving files). */
export const LIFETIME_MS = 1000;

export class ProgramModel {
  private readonly records = new Map<string, ModelFile | null>();
  private readonly resolver: ModuleResolver;
  private readonly importers = new Map<string, string[]>();
  private entriesCache: EntryPoint[] | undefined;
  private reachCache: Map<string, Reach | null> | undefined;

  constructor(
    readonly ts: TS,
    readonly root: string,
    readonly files: ProjectFiles,
    private readonly source: (fileName: string) => LoadedSource | undefined,
    private readonly extraFiles: readonly string[] = [],
    /** Untyped: the records shared with the other models of the root (same listing). */
    private readonly store?: RecordStore,
    /** The file whose text is the linted buffer, not its copy on disk (never shared). */
    private readonly own?: string,
  ) {
    this.resolver = store?.resolver(ts, files) ?? new ModuleResolver(ts, files);
    this.sharing = store === undefined ? undefined : { store, generation: store.generation, own };
  }

  /**
   * Untyped: the store this model shares records through (at its generation), and the file whose
   * buffer it holds. Two models of one store and generation differ only in their own files, so
   * work per file (the call graph's) can be carried from one to the other for the rest.
   */
  readonly sharing: { readonly store: RecordStore; readonly generation: number; readonly own: string | undefined } | undefined;

  /** The listed source files, and any file the caller added (the linted file when it is not on disk). */
  fileNames(): string[] {
    const names = [...this.files.sources];
    for (const extra of this.extraFiles) if (!this.files.sources.has(extra)) names.push(extra);
    return names;
  }

  /** A file of the model, parsed on first use; undefined when it cannot be read. */
  file(fileName: string): ModelFile | undefined {
    const cached = this.records.get(fileName);
    if (cached !== undefined) return cached ?? undefined;
    // Untyped models of one root share the records of files read from disk (imports resolved, parse).
    const shared = this.store !== undefined && fileName !== this.own ? this.store : undefined;
    const stored = shared?.records.get(fileName);
    if (stored !== undefined) {
      this.records.set(fileName, stored);
      return stored ?? undefined;
    }
    const loaded = this.source(fileName);
    let record: LazyRecord | null = null;
    if (loaded !== undefined) {
      const imports: ImportEdge[] = [];
      const unresolved: string[] = [];
      for (const ref of this.ts.preProcessFile(loaded.text, true, true).importedFiles) {
        const specifier = ref.fileName;
        const target = this.resolve(fileName, specifier, loaded.project);
        if (target !== undefined) {
          if (target !== fileName && !imports.some((i) => i.target === target)) imports.push({ target, specifier, pos: ref.pos });
        } else if (isLocalSpecifier(specifier)) unresolved.push(specifier);
      }
      record = new LazyRecord(fileName, loaded, imports, unresolved);
    }
    this.records.set(fileName, record);
    if (shared !== undefined) {
      shared.records.set(fileName, record);
      shared.keys.set(fileName, loaded?.key);
    }
    return record ?? undefined;
  }

  /** The entry points a file is by itself (cached with the shared record). */
  entriesOf(fileName: string): readonly EntryPoint[] {
    const shared = this.store !== undefined && fileName !== this.own ? this.store : undefined;
    const cached = shared?.entries.get(fileName);
    if (cached !== undefined) return cached;
    const entries = fileEntries(this, fileName);
    shared?.entries.set(fileName, entries);
    return entries;
  }

  /** The model file a specifier written in `from` loads. */
  resolve(from: string, specifier: string, project?: ProjectView): string | undefined {
    if (project?.program !== undefined) {
      const sf = project.fileByName(from);
      const target = sf && project.resolveModule(sf, specifier);
      if (target !== undefined) return path.resolve(target.fileName);
    }
    return this.resolver.resolve(from, specifier);
  }

  /** A listed source file for a path (with an extension, `.js` → `.ts`, or `index`). */
  resolveFile(base: string): string | undefined {
    return this.resolver.file(base);
  }

  /** The nearest package.json at or above a file, inside the root. */
  manifestOf(fileName: string): Manifest | undefined {
    const manifests = this.store?.manifests ?? (this.manifestCache ??= new Map());
    if (manifests.has(fileName)) return manifests.get(fileName);
    const found = this.nearestManifest(fileName);
    manifests.set(fileName, found);
    return found;
  }

  private manifestCache: Map<string, Manifest | undefined> | undefined;
  private nearestManifest(fileName: string): Manifest | undefined {
    let best: Manifest | undefined;
    for (const m of this.files.manifests) {
      const r = path.relative(m.directory, fileName);
      if (!r.startsWith('..') && !path.isAbsolute(r) && (best === undefined || m.directory.length > best.directory.length)) best = m;
    }
    return best;
  }

  /** Files that import `fileName`. */
  importersOf(fileName: string): readonly string[] {
    this.graph();
    return this.importers.get(fileName) ?? [];
  }

  private graphBuilt = false;
  private graph(): void {
    if (this.graphBuilt) return;
    this.graphBuilt = true;
    for (const name of this.fileNames()) {
      for (const edge of this.file(name)?.imports ?? []) {
        const list = this.importers.get(edge.target);
        if (list === undefined) this.importers.set(edge.target, [name]);
        else list.push(name);
      }
    }
  }

  private testFiles: Set<string> | undefined;
  /** A test file or a test runner's setup file. */
  isTest(fileName: string): boolean {
    this.testFiles ??= new Set(this.entryPoints().filter((e) => e.kind === 'test').map((e) => e.file));
    return this.testFiles.has(fileName);
  }

  /** Every entry point of the program: servers, handler files, tool entries, tests. */
  entryPoints(): readonly EntryPoint[] {
    if (this.entriesCache !== undefined) return this.entriesCache;
    return timeModel(() => {
      const entries: EntryPoint[] = [...manifestEntries(this)];
      for (const name of this.fileNames()) entries.push(...this.entriesOf(name));
      return (this.entriesCache = entries);
    });
  }

  /** The files `from` reaches through imports (itself included), with the edge that first reached each. */
  reachableFrom(from: string): Map<string, { via: string; edge: ImportEdge } | null> {
    const reached = new Map<string, { via: string; edge: ImportEdge } | null>([[from, null]]);
    const queue = [from];
    for (let next = 0; next < queue.length; next++) {
      const current = queue[next]!;
      for (const edge of this.file(current)?.imports ?? []) {
        if (reached.has(edge.target)) continue;
        reached.set(edge.target, { via: current, edge });
        queue.push(edge.target);
      }
    }
    return reached;
  }

  /** What reachability says about a file: service, tool, or undefined (nothing known reaches it). */
  reachOf(fileName: string): Reach | undefined {
    const cache = (this.reachCache ??= timeModel(() => this.reachOfDiskModel() ?? this.computeReach()));
    return cache.get(path.resolve(fileName)) ?? undefined;
  }

  /** Untyped, a buffer's model: the disk model of the same records (its reach may be taken over). */
  diskModel: ProgramModel | undefined;

  /**
   * A buffer whose imports (targets, specifiers and where they are written) and entry points are the
   * file's on disk changes no file's reachability or trace: the disk model's answers are this
   * model's (an editor's keystroke inside a function body, most fuzz cases).
   */
  private reachOfDiskModel(): Map<string, Reach | null> | undefined {
    const disk = this.diskModel;
    const own = this.own;
    if (disk === undefined || own === undefined) return undefined;
    const mine = this.file(own);
    const theirs = disk.file(own);
    if (mine === undefined || theirs === undefined || mine.imports.length !== theirs.imports.length) return undefined;
    for (let i = 0; i < mine.imports.length; i++) {
      const a = mine.imports[i]!;
      const b = theirs.imports[i]!;
      if (a.target !== b.target || a.specifier !== b.specifier || a.pos !== b.pos) return undefined;
      const la = lineColumn(mine.text, a.pos);
      const lb = lineColumn(theirs.text, b.pos);
      if (la.line !== lb.line || la.column !== lb.column) return undefined;
    }
    const entries = (m: ProgramModel): string =>
      JSON.stringify(m.entriesOf(own).map((e) => [e.kind, e.line, e.column, e.what]));
    if (entries(this) !== entries(disk)) return undefined;
    // A file nothing imports may be browser code by its text (roots()).
    const client = (record: ModelFile): string | undefined => (browserHint(record) ? clientCodeReason(record.facts) : undefined);
    if (client(mine) !== client(theirs)) return undefined;
    disk.reachOf(own);
    return disk.reachCache;
  }

  /** The roots of the program and what each is. */
  roots(): { file: string; kind: RootKind; entry: EntryPoint | undefined }[] {
    this.graph();
    const entries = this.entryPoints();
    const byFile = new Map<string, EntryPoint[]>();
    for (const e of entries) {
      const list = byFile.get(e.file);
      if (list === undefined) byFile.set(e.file, [e]);
      else list.push(e);
    }
    const isTest = (f: string): boolean => byFile.get(f)?.some((e) => e.kind === 'test') ?? false;
    const roots: { file: string; kind: RootKind; entry: EntryPoint | undefined }[] = [];
    const scriptDirectory = this.scriptDirectories(byFile);
    for (const name of this.fileNames()) {
      const own = byFile.get(name) ?? [];
      const importedByCode = (this.importers.get(name) ?? []).some((i) => !isTest(i));
      const serving = own.find((e) => e.kind === 'server' || e.kind === 'handler');
      const test = own.find((e) => e.kind === 'test');
      const tool = own.find((e) => e.kind === 'tool');
      const servingTool = own.some((e) => e.kind === 'tool' && SERVING_TOOL.test(e.what));
      // A server in a scripts/ directory, or one only a maintenance script runs (`npm run mock-server`), is a development aid.
      const toolDirectory =
        this.relative(name).split('/').slice(0, -1).some((s) => TOOL_DIRECTORIES.has(s)) || (tool !== undefined && !servingTool && tool.what.startsWith('npm run'));
      const besideScripts = scriptDirectory(name);
      if (test !== undefined) roots.push({ file: name, kind: 'test', entry: test });
      else if (serving !== undefined && (!toolDirectory || servingTool)) roots.push({ file: name, kind: 'server', entry: serving });
      else if (serving !== undefined) roots.push(besideScripts ?? { file: name, kind: 'unknown', entry: undefined });
      else if (tool !== undefined) roots.push({ file: name, kind: 'tool', entry: tool });
      else if (!importedByCode && besideScripts !== undefined) roots.push(besideScripts);
      else if (!importedByCode) {
        // Parse only files whose text can show browser code (client-code.ts decides).
        const record = this.file(name);
        const client = record === undefined || !browserHint(record) ? undefined : clientCodeReason(record.facts);
        roots.push({ file: name, kind: client !== undefined ? 'browser' : 'unknown', entry: client === undefined ? undefined : { kind: 'tool', file: name, line: 1, column: 1, what: `browser code (${client})` } });
      }
    }
    return roots;
  }

  /**
   * Directories of maintenance scripts (`extra/`, `ops/`): one whose files package.json scripts run
   * (`npm run reset-password` → `extra/reset-password.js`, not a start script), where no file serves
   * or is a start script's, and whose files nothing outside it imports. A file there that nothing
   * imports is one more script of the same kind (a CI step, a release helper run by hand).
   */
  private scriptDirectories(byFile: Map<string, EntryPoint[]>): (file: string) => { file: string; kind: RootKind; entry: EntryPoint } | undefined {
    const candidates = new Map<string, EntryPoint>();
    for (const [file, entries] of byFile) {
      const script = entries.find((e) => e.kind === 'tool' && e.what.startsWith('npm run') && !SERVING_TOOL.test(e.what));
      const directory = path.dirname(file);
      if (script !== undefined && directory !== this.manifestOf(file)?.directory && directory !== this.root) candidates.set(directory, script);
    }
    if (candidates.size === 0) return () => undefined;
    const inside = (file: string, directory: string): boolean => file.startsWith(directory + path.sep);
    const rejected = new Set<string>();
    for (const directory of candidates.keys()) {
      for (const name of this.fileNames()) {
        if (!inside(name, directory)) continue;
        const own = byFile.get(name) ?? [];
        // A start script counts when it is the same package's (an example's own package.json under
        // extra/ does not serve the service) and loads project code from outside the directory
        // (`start-pr-test` running a checkout helper of extra/ does not start the service).
        const samePackage = this.manifestOf(name)?.directory === this.manifestOf(candidates.get(directory)!.file)?.directory;
        const loadsCode = (this.file(name)?.imports ?? []).some((i) => !inside(i.target, directory));
        const serves = own.some(
          (e) => e.kind === 'handler' || (e.kind === 'tool' && SERVING_TOOL.test(e.what) && samePackage && loadsCode) || (e.kind === 'server' && !own.some((t) => t.kind === 'tool')),
        );
        const shared = (this.importers.get(name) ?? []).some((i) => !inside(i, directory) && !this.isTest(i));
        if (serves || shared) {
          rejected.add(directory);
          break;
        }
      }
    }
    return (file) => {
      for (const [directory, script] of candidates) {
        if (rejected.has(directory) || !inside(file, directory)) continue;
        const where = this.relative(directory);
        return { file, kind: 'tool', entry: { kind: 'tool', file, line: 1, column: 1, what: `a script beside those package.json runs (${where}/, ${script.what})` } };
      }
      return undefined;
    };
  }

  private computeReach(): Map<string, Reach | null> {
    const result = new Map<string, Reach | null>();
    const roots = this.roots();
    const serverFiles = new Set(roots.filter((r) => r.kind === 'server').map((r) => r.file));
    const serverEntry = new Map<string, EntryPoint>();
    for (const e of this.entryPoints()) if ((e.kind === 'server' || e.kind === 'handler') && !serverEntry.has(e.file)) serverEntry.set(e.file, e);
    const closures = roots.map((r) => ({ root: r, reached: this.reachableFrom(r.file) }));
    // A tool or unknown root whose closure starts a server is a server (a `bin` that starts one).
    for (const c of closures) {
      // A tool entry counts only when it is a package's `bin` or a start script (`npm run start`):
      // a maintenance script that loads a module with a server in it does not serve.
      const starts = c.root.kind === 'unknown' || (c.root.kind === 'tool' && SERVING_TOOL.test(c.root.entry?.what ?? ''));
      if (starts) {
        const start = [...c.reached.keys()].find((f) => serverFiles.has(f));
        if (start !== undefined) {
          c.root = { ...c.root, kind: 'server', entry: c.root.entry ?? serverEntry.get(start) };
          (c as { serverFile?: string }).serverFile = start;
        }
      }
    }
    const order: RootKind[] = ['server', 'unknown', 'browser', 'tool', 'test'];
    for (const kind of order) {
      for (const c of closures) {
        if (c.root.kind !== kind) continue;
        for (const file of c.reached.keys()) {
          if (result.has(file)) continue;
          if (kind === 'unknown') {
            result.set(file, null);
            continue;
          }
          const entry = kind === 'server' ? (serverEntry.get(c.root.file) ?? serverEntry.get((c as { serverFile?: string }).serverFile ?? '') ?? c.root.entry) : c.root.entry;
          // The chain is worked out when a rule or --explain asks for it (most files' never are).
          let steps: TraceStep[] | undefined;
          const { reached } = c;
          const rootFile = c.root.file;
          const trace = { get: (): TraceStep[] => (steps ??= this.traceTo(rootFile, file, reached, entry)) };
          if (kind === 'server') result.set(file, withTrace({ kind: 'service' as const }, trace));
          else if (kind === 'browser') result.set(file, withTrace({ kind: 'browser' as const, reason: `only browser code loads it (${this.relative(c.root.file)})` }, trace));
          else {
            const entry = c.root.entry!;
            const reason =
              file === c.root.file
                ? entry.what === 'shebang'
                  ? 'a shebang'
                  : kind === 'test'
                    ? 'it is a test'
                    : `it is a tool entry (${entry.what})`
                : `only ${kind === 'test' ? 'tests load it' : `${entry.what} (${this.relative(entry.file)}) loads it`}`;
            result.set(file, withTrace({ kind: 'tool' as const, reason }, trace));
          }
        }
      }
    }
    return result;
  }

  private traceTo(rootFile: string, file: string, reached: Map<string, { via: string; edge: ImportEdge } | null>, entry: EntryPoint | undefined): TraceStep[] {
    const steps: TraceStep[] = [];
    for (let current: string | undefined = file; current !== undefined && current !== rootFile; ) {
      const step = reached.get(current);
      if (step == null) break;
      const from = this.file(step.via);
      if (from !== undefined) {
        const lc = lineColumn(from.text, step.edge.pos);
        steps.unshift({ file: step.via, line: lc.line, column: lc.column, what: `loads '${step.edge.specifier}'` });
      }
      current = step.via;
    }
    if (entry !== undefined) steps.unshift({ file: entry.file, line: entry.line, column: entry.column, what: entry.what });
    return steps;
  }

  relative(file: string): string {
    const r = path.relative(this.root, file).replace(/\\/g, '/');
    return r === '' ? path.basename(file) : r;
  }
}

const hints = new WeakMap<ModelFile, boolean>();
/** Whether a file's text can show browser code (kept per record: records outlive models). */
function browserHint(record: ModelFile): boolean {
  let hint = hints.get(record);
  if (hint === undefined) hints.set(record, (hint = BROWSER_HINT.test(record.text)));
  return hint;
}

/** A reach answer whose `trace` is computed on first read (and kept). */
function withTrace<T extends object>(answer: T, lazy: { get(): TraceStep[] }): T & { readonly trace: TraceStep[] } {
  Object.defineProperty(answer, 'trace', { get: lazy.get, enumerable: true });
  return answer as T & { readonly trace: TraceStep[] };
}

/** A loaded file: its text now, its tree and facts when asked. */
export interface LoadedSource {
  readonly text: string;
  /** Size and mtime of the disk file it was read from (untyped records are checked against it). */
  readonly key?: string;
  /** The project view to resolve with (typed: the program's). */
  readonly project: ProjectView | undefined;
  load(): { sourceFile: ts.SourceFile; facts: FileFacts };
}

/** A model file: imports resolved at once, tree and facts on first use (or the engine's, adopted). */
class LazyRecord implements ModelFile {
  private parsed: { sourceFile: ts.SourceFile; facts: FileFacts } | undefined;
  readonly text: string;

  constructor(
    readonly fileName: string,
    private readonly loaded: LoadedSource,
    readonly imports: readonly ImportEdge[],
    readonly unresolved: readonly string[],
  ) {
    this.text = loaded.text;
  }

  get sourceFile(): ts.SourceFile {
    return (this.parsed ??= this.loaded.load()).sourceFile;
  }

  get facts(): FileFacts {
    return (this.parsed ??= this.loaded.load()).facts;
  }

  /** Takes the engine's parse of the same text instead of parsing it again (when none was made yet). */
  adopt(parse: () => { sourceFile: ts.SourceFile; facts: FileFacts }): void {
    this.parsed ??= parse();
  }
}

/**
 * What the untyped models of one root and listing share: each disk file's record (its text, resolved
 * imports and parse), its entry points and nearest manifest, and the resolver. A file that changes on
 * disk is forgotten here (`forget`), and the next model reads it again.
 */
export class RecordStore {
  readonly records = new Map<string, LazyRecord | null>();
  /** The disk key (size and mtime) each record was read with. */
  readonly keys = new Map<string, string | undefined>();
  readonly entries = new Map<string, readonly EntryPoint[]>();
  readonly manifests = new Map<string, Manifest | undefined>();
  private moduleResolver: ModuleResolver | undefined;
  /** Counts forgotten files: records of one generation are the same objects in every model. */
  generation = 0;

  resolver(ts: TS, files: ProjectFiles): ModuleResolver {
    return (this.moduleResolver ??= new ModuleResolver(ts, files));
  }

  forget(fileName: string): void {
    this.generation++;
    this.records.delete(fileName);
    this.keys.delete(fileName);
    this.entries.delete(fileName);
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: pos - start + 1 };
}

function isLocalSpecifier(specifier: string): boolean {
  return (
    (specifier.startsWith('.') || specifier.startsWith('#') || /^(@\/|~\/?|src\/|app\/)/.test(specifier)) &&
    !/\.(json|css|scss|sass|less|graphql|gql|sql|html|svg|png|jpe?g|gif|txt|md|ya?ml|node)$/i.test(specifier)
  );
}

// ---------------------------------------------------------------------------------------------
// One model per program (typed) or per root and process (untyped)

/**
 * Untyped state of one project root, for the process: the listing (listed once, checked by its
 * directories' and manifests' mtimes), the records shared by its models, the model of the files as
 * they are on disk, and the last model in which a linted buffer stood in for its file.
 */
interface RootState {
  readonly files: ProjectFiles;
  readonly listingKeys: Map<string, string | undefined>;
  readonly store: RecordStore;
  checkedAt: number;
  disk: ProgramModel | undefined;
  buffer: { self: string; text: string; model: ProgramModel } | undefined;
  /** The last model made for a linted file the listing does not hold (see buildProgramModel). */
  unlisted?: { self: string; text: string; model: ProgramModel };
}

/**
 * Counts the untyped models built so far: an answer kept for a file's facts (reach.ts) still holds
 * while no new model was built (typed facts belong to one program, whose model never changes).
 */
let modelsBuilt = 0;

/** See `modelsBuilt`. */
export function programModelEpoch(): number {
  return modelsBuilt;
}

const typedModels = new WeakMap<ProjectView, ProgramModel>();
const aloneModels = new WeakMap<FileFacts, ProgramModel>();
const rootStates = new Map<string, RootState>();
/** Parsed disk files by path, validated by their disk key. */
const parsed = new Map<string, { key: string; sourceFile: ts.SourceFile; facts: FileFacts }>();

function diskSource(ts: TS, root: string, fileName: string, keep = true): LoadedSource | undefined {
  const read = readProjectFile(root, fileName);
  if (read === undefined) return undefined;
  return {
    text: read.text,
    key: read.key,
    project: undefined,
    load() {
      const cached = parsed.get(fileName);
      if (cached !== undefined && cached.key === read.key) return cached;
      const sourceFile = parseForModel(ts, fileName, read.text);
      const view = singleFileView(ts, sourceFile);
      view.root = root;
      const entry = { key: read.key, sourceFile, facts: view.factsOf(sourceFile) };
      if (keep) parsed.set(fileName, entry);
      return entry;
    },
  };
}

/**
 * The model's parse of a file it read from disk. A file nested too deeply for the parser (its
 * recursion runs out of stack) contributes nothing to the model: another file's question must not
 * fail on it, and the front end reports the file's own parse error when it analyses that file.
 */
function parseForModel(ts: TS, fileName: string, text: string): ts.SourceFile {
  try {
    return parseSourceText(ts, fileName, text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return parseSourceText(ts, fileName, '');
  }
}

/**
 * A parse of a file's text for a front end (the CLI's untyped audit): the program model's own parse
 * of that file when it already read and parsed the same text from disk, so that the engine and the
 * model share one tree (and its scopes) instead of parsing the file twice.
 */
export function sharedParse(ts: TS, fileName: string, text: string): ts.SourceFile {
  return modelParseOf(fileName, text) ?? parseSourceText(ts, fileName, text);
}

/** The program model's parse of this text of the file, if it made one (see `sharedParse`). */
export function modelParseOf(fileName: string, text: string): ts.SourceFile | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const known = parsed.get(path.resolve(fileName));
  return known !== undefined && known.sourceFile.text === body && known.sourceFile.fileName === fileName ? known.sourceFile : undefined;
}

/** The program model of the program (typed) or project root (untyped) a file belongs to. */
export function programModel(facts: FileFacts): ProgramModel {
  // Rules ask once per node: the answer holds until another model is built (no disk check per call).
  const known = modelOfFacts.get(facts);
  if (known !== undefined && known.epoch === modelsBuilt) return known.model;
  const model = timeModel(() => buildProgramModel(facts));
  modelOfFacts.set(facts, { epoch: modelsBuilt, model });
  return model;
}

const modelOfFacts = new WeakMap<FileFacts, { epoch: number; model: ProgramModel }>();

/** A file system root ('/', 'C:\\') is no project: it is never listed (RuleTester's root for an absolute file name). */
function isFileSystemRoot(root: string): boolean {
  return path.parse(root).root === root;
}

function buildProgramModel(facts: FileFacts): ProgramModel {
  const project = facts.project;
  const root = path.resolve(project.root ?? process.cwd());
  const self = path.resolve(facts.sourceFile.fileName);
  if (project.program !== undefined) {
    let model = typedModels.get(project);
    if (model === undefined) {
      // The program's files stand in for the listing's; the listing adds the files the program does
      // not hold (scripts, manifests), listed once per root and process.
      const files = isFileSystemRoot(root) ? new ProjectFiles(root, false) : rootState(root).files;
      const inProgram = project.projectFiles().map((sf) => path.resolve(sf.fileName));
      model = new ProgramModel(
        project.ts,
        root,
        files,
        (fileName) => {
          const sf = project.fileByName(fileName);
          if (sf !== undefined && !sf.isDeclarationFile) return { text: sf.text, project, load: () => ({ sourceFile: sf, facts: project.factsOf(sf) }) };
          return diskSource(project.ts, root, fileName);
        },
        inProgram.filter((f) => !files.sources.has(f) && isInsideRoot(root, f)),
      );
      typedModels.set(project, model);
    }
    return model;
  }
  // Untyped: the file on disk, or the editor's text of it.
  const overlay: LoadedSource = { text: facts.sourceFile.text, project: undefined, load: () => ({ sourceFile: facts.sourceFile, facts }) };
  // A file that is not on disk (a test's virtual file, an unsaved buffer) is a program of its own.
  const selfKey = isFileSystemRoot(root) ? undefined : statProjectFile(root, self);
  if (selfKey === undefined) {
    let alone = aloneModels.get(facts);
    if (alone === undefined) {
      modelsBuilt++;
      alone = new ProgramModel(project.ts, root, new ProjectFiles(root, false), (fileName) => (fileName === self ? overlay : undefined), [self]);
      aloneModels.set(facts, alone);
    }
    return alone;
  }
  const state = rootState(root);
  // The linted file was saved since the model read it (an editor's save): read it again.
  if (state.store.keys.has(self) && state.store.keys.get(self) !== selfKey) forgetFile(state, self);
  if (!state.files.sources.has(self)) {
    // On disk but not listed (node_modules or build output audited by name, a truncated listing):
    // a model of the listing plus this file, kept until the next such file. The listing does not
    // grow, and the records of files outside it are not kept for the process (auditing all of
    // node_modules added each file to the listing and rebuilt the model: quadratic time, and a
    // worker thread ran out of heap holding every parse).
    if (state.unlisted !== undefined && state.unlisted.self === self && state.unlisted.text === facts.sourceFile.text) return state.unlisted.model;
    modelsBuilt++;
    // A dependency's or a build's file (node_modules, dist/) is a program of its own: the project's
    // entry points do not run it as the project's code, and following its imports would parse the
    // dependency's whole closure again for each of its files.
    const model = passedOver(root, self)
      ? new ProgramModel(project.ts, root, new ProjectFiles(root, false), (fileName) => (fileName === self ? overlay : undefined), [self])
      : new ProgramModel(project.ts, root, state.files, (fileName) => (fileName === self ? overlay : diskSource(project.ts, root, fileName, false)), [self]);
    state.unlisted = { self, text: facts.sourceFile.text, model };
    return model;
  }
  if (state.disk === undefined) modelsBuilt++;
  const disk = (state.disk ??= new ProgramModel(project.ts, root, state.files, (fileName) => diskSource(project.ts, root, fileName), [], state.store));
  const onDisk = disk.file(self);
  if (onDisk !== undefined && onDisk.text === facts.sourceFile.text) {
    // The engine parsed this text already: the model uses that parse instead of making its own.
    state.store.records.get(self)?.adopt(overlay.load);
    return disk;
  }
  // The buffer differs from the file on disk: a model in which the buffer stands in for the file,
  // sharing every other file's record with the disk model.
  if (state.buffer !== undefined && state.buffer.self === self && state.buffer.text === facts.sourceFile.text) return state.buffer.model;
  modelsBuilt++;
  const model = new ProgramModel(project.ts, root, state.files, (fileName) => (fileName === self ? overlay : diskSource(project.ts, root, fileName)), [], state.store, self);
  model.diskModel = disk;
  state.buffer = { self, text: facts.sourceFile.text, model };
  return model;
}

const modelScopes = new Map<string, readonly string[]>();

/**
 * Limits the program model of a root to the files a front end audits: the CLI's path arguments
 * (directories are walked, files taken; manifests and tsconfigs between the root and them are read).
 * Auditing `packages/api` of a large repository then reads `packages/api`, not the repository.
 * `undefined` lists the whole root again (ESLint, an editor).
 */
export function scopeProgramModel(root: string, paths: readonly string[] | undefined): void {
  const key = path.resolve(root);
  if (paths === undefined || paths.length === 0) modelScopes.delete(key);
  else modelScopes.set(key, [...new Set(paths.map((p) => path.resolve(p)))].sort());
}

/**
 * The untyped state of a root: listed once per process; at most every LIFETIME_MS the listing's
 * directories and manifests, and every file read, are checked by size and mtime (as
 * eslint-plugin-import does), and what changed is read again.
 */
function rootState(root: string): RootState {
  const scope = modelScopes.get(root);
  const id = scope === undefined ? root : `${root}\u0000${scope.join('\u0000')}`;
  let state = rootStates.get(id);
  const now = Date.now();
  if (state !== undefined && now - state.checkedAt > LIFETIME_MS) {
    state.checkedAt = now;
    if (!listingUnchanged(state.files, state.listingKeys)) state = undefined;
    else for (const [file, key] of state.store.keys) if (statProjectFile(root, file) !== key) forgetFile(state, file);
  }
  if (state === undefined) {
    const files = new ProjectFiles(root, true, scope);
    state = { files, listingKeys: listingKeys(files), store: new RecordStore(), checkedAt: now, disk: undefined, buffer: undefined };
    rootStates.set(id, state);
  }
  return state;
}

function forgetFile(state: RootState, file: string): void {
  state.store.forget(file);
  state.disk = undefined;
  state.buffer = undefined;
  state.unlisted = undefined;
}

function isInsideRoot(root: string, file: string): boolean {
  const r = path.relative(root, file);
  return !r.startsWith('..') && !path.isAbsolute(r);
}

/** Forget every untyped model and parsed disk file (tests). */
export function invalidateProgramModels(): void {
  rootStates.clear();
  parsed.clear();
}

export type { EntryKind, EntryPoint };
