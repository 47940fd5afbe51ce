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
import { clientCodeReason } from '../client-code.js';
import { FileFacts } from '../facts.js';
import { singleFileView, type ProjectView } from '../project.js';
import type { TS } from '../rule.js';
import { parseSourceText } from '../source.js';
import { readProjectFile, statProjectFile } from './disk.js';
import { fileEntries, manifestEntries, type EntryKind, type EntryPoint } from './entry-points.js';
import { ModuleResolver, ProjectFiles, type Manifest } from './module-graph.js';

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

/** One step of a chain that explains a finding: where, and what happens there. */
export interface TraceStep {
  /** Absolute file name (front ends print it relative to the repository root). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly what: string;
}

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
  ) {
    this.resolver = new ModuleResolver(ts, files);
  }

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
    const loaded = this.source(fileName);
    let record: ModelFile | null = null;
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
      let parsedFile: { sourceFile: ts.SourceFile; facts: FileFacts } | undefined;
      const parse = (): { sourceFile: ts.SourceFile; facts: FileFacts } => (parsedFile ??= loaded.load());
      record = {
        fileName,
        text: loaded.text,
        get sourceFile() {
          return parse().sourceFile;
        },
        get facts() {
          return parse().facts;
        },
        imports,
        unresolved,
      };
    }
    this.records.set(fileName, record);
    return record ?? undefined;
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
      for (const name of this.fileNames()) entries.push(...fileEntries(this, name));
      return (this.entriesCache = entries);
    });
  }

  /** The files `from` reaches through imports (itself included), with the edge that first reached each. */
  reachableFrom(from: string): Map<string, { via: string; edge: ImportEdge } | null> {
    const reached = new Map<string, { via: string; edge: ImportEdge } | null>([[from, null]]);
    const queue = [from];
    while (queue.length > 0) {
      const current = queue.shift()!;
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
    const cache = (this.reachCache ??= timeModel(() => this.computeReach()));
    return cache.get(path.resolve(fileName)) ?? undefined;
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
        const client = record === undefined || !BROWSER_HINT.test(record.text) ? undefined : clientCodeReason(record.facts);
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
          const trace = this.traceTo(c.root.file, file, c.reached, kind === 'server' ? (serverEntry.get(c.root.file) ?? serverEntry.get((c as { serverFile?: string }).serverFile ?? '') ?? c.root.entry) : c.root.entry);
          if (kind === 'server') result.set(file, { kind: 'service', trace });
          else if (kind === 'browser') result.set(file, { kind: 'browser', reason: `only browser code loads it (${this.relative(c.root.file)})`, trace });
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
            result.set(file, { kind: 'tool', reason, trace });
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

/** A loaded file: its text now, its tree and facts when asked. */
export interface LoadedSource {
  readonly text: string;
  /** The project view to resolve with (typed: the program's). */
  readonly project: ProjectView | undefined;
  load(): { sourceFile: ts.SourceFile; facts: FileFacts };
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

interface UntypedEntry {
  model: ProgramModel;
  checkedAt: number;
  keys: Map<string, string | undefined>;
  /** Per file: parsed text by disk key. */
}

const typedModels = new WeakMap<ProjectView, ProgramModel>();
const aloneModels = new WeakMap<FileFacts, ProgramModel>();
const untypedModels = new Map<string, UntypedEntry>();
/** Parsed disk files by path, validated by their disk key. */
const parsed = new Map<string, { key: string; sourceFile: ts.SourceFile; facts: FileFacts }>();

function diskSource(ts: TS, root: string, fileName: string): LoadedSource | undefined {
  const read = readProjectFile(root, fileName);
  if (read === undefined) return undefined;
  return {
    text: read.text,
    project: undefined,
    load() {
      const cached = parsed.get(fileName);
      if (cached !== undefined && cached.key === read.key) return cached;
      const sourceFile = parseSourceText(ts, fileName, read.text);
      const view = singleFileView(ts, sourceFile);
      view.root = root;
      const entry = { key: read.key, sourceFile, facts: view.factsOf(sourceFile) };
      parsed.set(fileName, entry);
      return entry;
    },
  };
}

/** The program model of the program (typed) or project root (untyped) a file belongs to. */
export function programModel(facts: FileFacts): ProgramModel {
  return timeModel(() => buildProgramModel(facts));
}

function buildProgramModel(facts: FileFacts): ProgramModel {
  const project = facts.project;
  const root = path.resolve(project.root ?? process.cwd());
  const self = path.resolve(facts.sourceFile.fileName);
  if (project.program !== undefined) {
    let model = typedModels.get(project);
    if (model === undefined) {
      const files = filesOf(root);
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
  let entry = untypedModels.get(root);
  const now = Date.now();
  if (entry !== undefined && now - entry.checkedAt > LIFETIME_MS) {
    entry.checkedAt = now;
    if (!sameListing(entry, root)) entry = undefined;
  }
  const sameText = (m: ProgramModel): boolean => {
    const known = m.file(self);
    return known !== undefined && known.text === facts.sourceFile.text;
  };
  // A file that is not on disk (a test's virtual file, an unsaved buffer) is a program of its own.
  if (statProjectFile(root, self) === undefined) {
    let alone = aloneModels.get(facts);
    if (alone === undefined) {
      alone = new ProgramModel(project.ts, root, new ProjectFiles(root, false), (fileName) => (fileName === self ? overlay : undefined), [self]);
      aloneModels.set(facts, alone);
    }
    return alone;
  }
  if (entry === undefined || !sameText(entry.model)) {
    const files = entry?.model.files ?? filesOf(root);
    const onDisk = files.sources.has(self);
    const model = new ProgramModel(
      project.ts,
      root,
      files,
      (fileName) => (fileName === self ? overlay : diskSource(project.ts, root, fileName)),
      onDisk || !isInsideRoot(root, self) ? [] : [self],
    );
    // A file outside the root (or not on disk) is a program of its own: nothing on disk imports it.
    entry = { model, checkedAt: now, keys: new Map([...files.sources].map((f) => [f, undefined])) };
    for (const f of files.sources) entry.keys.set(f, statProjectFile(root, f));
    untypedModels.set(root, entry);
  }
  return entry.model;
}

const listings = new Map<string, { files: ProjectFiles; at: number }>();

function filesOf(root: string): ProjectFiles {
  const cached = listings.get(root);
  const now = Date.now();
  if (cached !== undefined && now - cached.at <= LIFETIME_MS) return cached.files;
  const files = new ProjectFiles(root);
  listings.set(root, { files, at: now });
  return files;
}

function sameListing(entry: UntypedEntry, root: string): boolean {
  const fresh = new ProjectFiles(root);
  listings.set(root, { files: fresh, at: Date.now() });
  if (fresh.sources.size !== entry.keys.size) return false;
  for (const [file, key] of entry.keys) if (!fresh.sources.has(file) || statProjectFile(root, file) !== key) return false;
  return true;
}

function isInsideRoot(root: string, file: string): boolean {
  const r = path.relative(root, file);
  return !r.startsWith('..') && !path.isAbsolute(r);
}

/** Forget every untyped model and parsed disk file (tests). */
export function invalidateProgramModels(): void {
  untypedModels.clear();
  listings.clear();
  parsed.clear();
}

export type { EntryKind, EntryPoint };
