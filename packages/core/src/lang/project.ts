/**
 * The cross-file view a rule sees. In typed mode it is the whole `ts.Program` (module resolution,
 * the import graph, other files' facts); otherwise it is the file alone, so that the CLI's
 * `--no-type-check` and ESLint without type information see exactly the same thing.
 *
 * Caches hang off the objects they describe (a WeakMap per program, facts per source file object),
 * never off paths: an editor session that builds a new program after an edit gets fresh answers.
 */
import type * as ts from 'typescript';
import { FileFacts } from './facts.js';
import { isRelativeSpecifier } from './modules.js';
import type { TS } from '../engine/rule.js';
import { walk } from '../engine/walk.js';

export interface ProjectFactKey<T> {
  readonly name: string;
  compute(project: ProjectView): T;
  /**
   * The fact does not depend on the view's files (only on the file system and the root, like the
   * package manifests): one value may serve every single-file view of a run (`SharedFacts`).
   */
  readonly acrossFiles?: boolean;
}

export function defineProjectFact<T>(
  name: string,
  compute: (project: ProjectView) => T,
  options: { acrossFiles?: boolean } = {},
): ProjectFactKey<T> {
  return { name, compute, ...(options.acrossFiles ? { acrossFiles: true } : {}) };
}

/**
 * Values of `acrossFiles` project facts, shared by the single-file views of one run (the CLI makes
 * one per audit and thread): without it, an untyped run would look up the package manifests of
 * every file's directories again for every file.
 */
export type SharedFacts = Map<ProjectFactKey<unknown>, unknown>;

export function createSharedFacts(): SharedFacts {
  return new Map();
}

export interface ProjectView {
  readonly ts: TS;
  /** The project root (the working directory of ESLint or the CLI), set by the engine. */
  root: string | undefined;
  /** Present in typed mode. */
  readonly program: ts.Program | undefined;
  /** Created on first use (binding every file is the price of the first query). */
  readonly checker: ts.TypeChecker | undefined;
  factsOf(sourceFile: ts.SourceFile): FileFacts;
  fileByName(fileName: string): ts.SourceFile | undefined;
  /** The project file an import specifier written in `from` resolves to (not packages, not .d.ts). */
  resolveModule(from: ts.SourceFile, specifier: string): ts.SourceFile | undefined;
  /** The project's own files: no declaration files, nothing under node_modules. */
  projectFiles(): readonly ts.SourceFile[];
  /** Project files that import (or re-export, or require) `target`. */
  importersOf(target: ts.SourceFile): readonly ts.SourceFile[];
  /** The project files `source` imports (or re-exports, or requires), in the order it names them. */
  importsOf(source: ts.SourceFile): readonly ts.SourceFile[];
  memo<T>(key: ProjectFactKey<T>): T;
}

abstract class BaseView implements ProjectView {
  abstract readonly program: ts.Program | undefined;
  abstract readonly checker: ts.TypeChecker | undefined;
  private readonly projectMemos = new Map<ProjectFactKey<unknown>, unknown>();
  root: string | undefined = undefined;

  constructor(
    readonly ts: TS,
    private readonly shared?: SharedFacts,
  ) {}

  abstract factsOf(sourceFile: ts.SourceFile): FileFacts;
  abstract fileByName(fileName: string): ts.SourceFile | undefined;
  abstract resolveModule(from: ts.SourceFile, specifier: string): ts.SourceFile | undefined;
  abstract projectFiles(): readonly ts.SourceFile[];
  abstract importersOf(target: ts.SourceFile): readonly ts.SourceFile[];
  abstract importsOf(source: ts.SourceFile): readonly ts.SourceFile[];

  memo<T>(key: ProjectFactKey<T>): T {
    const memos = key.acrossFiles && this.shared !== undefined ? this.shared : this.projectMemos;
    if (memos.has(key)) return memos.get(key) as T;
    const value = key.compute(this);
    memos.set(key, value);
    return value;
  }
}

/** One file, no types: what ESLint without type information and `--no-type-check` see. */
class SingleFileView extends BaseView {
  readonly program = undefined;
  readonly checker = undefined;
  private readonly facts: FileFacts;

  constructor(
    ts: TS,
    private readonly sourceFile: ts.SourceFile,
    shared?: SharedFacts,
  ) {
    super(ts, shared);
    this.facts = new FileFacts(ts, sourceFile, this);
  }

  factsOf(sourceFile: ts.SourceFile): FileFacts {
    return sourceFile === this.sourceFile ? this.facts : new FileFacts(this.ts, sourceFile, this);
  }
  fileByName(fileName: string): ts.SourceFile | undefined {
    return fileName === this.sourceFile.fileName ? this.sourceFile : undefined;
  }
  resolveModule(): undefined {
    return undefined;
  }
  projectFiles(): readonly ts.SourceFile[] {
    return [this.sourceFile];
  }
  importersOf(): readonly ts.SourceFile[] {
    return [];
  }
  importsOf(): readonly ts.SourceFile[] {
    return [];
  }
}

/** Per-file list of module specifiers, cached per source file object across programs. */
const specifiersBySourceFile = new WeakMap<ts.SourceFile, readonly string[]>();
/** Per-program facts, cached per source file object (a new program reuses unchanged files). */
const factsByProgram = new WeakMap<ts.Program, WeakMap<ts.SourceFile, FileFacts>>();

class ProgramView extends BaseView {
  private checkerInstance: ts.TypeChecker | undefined;
  private files: readonly ts.SourceFile[] | undefined;
  private graph: ImportGraph | undefined;
  private readonly resolutionCache: ts.ModuleResolutionCache;

  constructor(
    ts: TS,
    readonly program: ts.Program,
  ) {
    super(ts);
    this.resolutionCache = ts.createModuleResolutionCache(
      program.getCurrentDirectory(),
      (f) => f,
      program.getCompilerOptions(),
    );
  }

  get checker(): ts.TypeChecker {
    return (this.checkerInstance ??= this.program.getTypeChecker());
  }

  factsOf(sourceFile: ts.SourceFile): FileFacts {
    let byFile = factsByProgram.get(this.program);
    if (byFile === undefined) factsByProgram.set(this.program, (byFile = new WeakMap()));
    let facts = byFile.get(sourceFile);
    if (facts === undefined) byFile.set(sourceFile, (facts = new FileFacts(this.ts, sourceFile, this)));
    return facts;
  }

  fileByName(fileName: string): ts.SourceFile | undefined {
    return this.program.getSourceFile(fileName);
  }

  resolveModule(from: ts.SourceFile, specifier: string): ts.SourceFile | undefined {
    const resolved = this.resolvedFileName(from, specifier);
    if (resolved === undefined) return undefined;
    const target = this.program.getSourceFile(resolved);
    return target !== undefined && this.isProjectFile(target) ? target : undefined;
  }

  private resolvedFileName(from: ts.SourceFile, specifier: string): string | undefined {
    // The program already resolved every import it loaded; ask it first (internal API, guarded).
    const internal = this.program as ts.Program & {
      getResolvedModule?(
        f: ts.SourceFile,
        name: string,
        mode: ts.ResolutionMode,
      ): ts.ResolvedModuleWithFailedLookupLocations | undefined;
    };
    if (typeof internal.getResolvedModule === 'function') {
      for (const mode of [undefined, this.ts.ModuleKind.ESNext, this.ts.ModuleKind.CommonJS] as const) {
        const hit = internal.getResolvedModule(from, specifier, mode)?.resolvedModule;
        if (hit !== undefined) return hit.resolvedFileName;
      }
    }
    // Bare specifiers that the program did not resolve are packages we do not follow.
    if (!isRelativeSpecifier(specifier) && !specifier.startsWith('#')) return undefined;
    return this.ts.resolveModuleName(
      specifier,
      from.fileName,
      this.program.getCompilerOptions(),
      this.ts.sys,
      this.resolutionCache,
    ).resolvedModule?.resolvedFileName;
  }

  private isProjectFile(sf: ts.SourceFile): boolean {
    return !sf.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(sf.fileName);
  }

  projectFiles(): readonly ts.SourceFile[] {
    return (this.files ??= this.program.getSourceFiles().filter((sf) => this.isProjectFile(sf)));
  }

  importersOf(target: ts.SourceFile): readonly ts.SourceFile[] {
    return this.importGraph().importers.get(target) ?? [];
  }

  importsOf(source: ts.SourceFile): readonly ts.SourceFile[] {
    return this.importGraph().imports.get(source) ?? [];
  }

  private importGraph(): ImportGraph {
    if (this.graph === undefined) {
      const imports = new Map<ts.SourceFile, ts.SourceFile[]>();
      const importers = new Map<ts.SourceFile, ts.SourceFile[]>();
      for (const sf of this.projectFiles()) {
        const targets: ts.SourceFile[] = [];
        for (const specifier of moduleSpecifiers(this.ts, sf)) {
          const imported = this.resolveModule(sf, specifier);
          if (imported === undefined || imported === sf || targets.includes(imported)) continue;
          targets.push(imported);
          const list = importers.get(imported);
          if (list === undefined) importers.set(imported, [sf]);
          else list.push(sf);
        }
        imports.set(sf, targets);
      }
      this.graph = { imports, importers };
    }
    return this.graph;
  }
}

interface ImportGraph {
  imports: Map<ts.SourceFile, ts.SourceFile[]>;
  importers: Map<ts.SourceFile, ts.SourceFile[]>;
}

/** Every module specifier a file loads statically: imports, re-exports, `require('…')`, `import('…')`. */
/**
 * The type checker, when it may be asked about `node`: only nodes of the program's own source files.
 * The program model parses modules the program does not hold from disk (a `.js` file of a project
 * without `allowJs`, say); the checker has no symbols for their nodes and throws inside TypeScript
 * when asked about them.
 */
export function checkerFor(project: ProjectView, node: ts.Node): ts.TypeChecker | undefined {
  if (project.program === undefined) return undefined;
  const file = node.getSourceFile();
  return project.program.getSourceFile(file.fileName) === file ? project.checker : undefined;
}

export function moduleSpecifiers(ts: TS, sf: ts.SourceFile): readonly string[] {
  const cached = specifiersBySourceFile.get(sf);
  if (cached !== undefined) return cached;
  const found = new Set<string>();
  for (const statement of sf.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) found.add(statement.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      found.add(statement.moduleReference.expression.text);
    }
  }
  // `require('…')` / `import('…')` anywhere: scan the text first, parse only when it may have one.
  if (/\brequire\s*\(|\bimport\s*\(/.test(sf.text)) {
    walk(ts, sf, {
      enter(node) {
        if (
          ts.isCallExpression(node) &&
          node.arguments.length === 1 &&
          ts.isStringLiteralLike(node.arguments[0]!) &&
          (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
            (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
        ) {
          found.add((node.arguments[0] as ts.StringLiteralLike).text);
        }
      },
    });
  }
  const list = [...found];
  specifiersBySourceFile.set(sf, list);
  return list;
}

const programViews = new WeakMap<ts.Program, ProgramView>();

/** The typed view of a program: one per program object, shared by every file and rule. */
export function programView(ts: TS, program: ts.Program): ProjectView {
  let view = programViews.get(program);
  if (view === undefined) programViews.set(program, (view = new ProgramView(ts, program)));
  return view;
}

/** The untyped view of a single file; `shared`: the run's values of `acrossFiles` facts. */
export function singleFileView(ts: TS, sourceFile: ts.SourceFile, shared?: SharedFacts): ProjectView {
  return new SingleFileView(ts, sourceFile, shared);
}
