/**
 * "The program" a server belongs to, for require-graceful-shutdown: the modules an entry point loads.
 * A file's programs are those of the entry points that (transitively) import it — a `lifecycle.ts`
 * that `main.ts` imports next to `server.ts` counts; another entry point's handler does not.
 *
 * Typed (a `ts.Program`): entry points are the files no project file imports, found through the
 * reverse import graph; a program is everything an entry point reaches through imports. A program
 * with an import the rule cannot follow (a relative or aliased path that resolves to no project file),
 * or whose entry point exports something (so something outside the program imports it), is
 * incomplete: the module the rule cannot see could install the handler.
 *
 * Untyped (one file): the program is the file. It is complete only when the file imports no local
 * module (whose top-level code could install a handler) and exports nothing (so it is not a module
 * that another, unseen, entry point imports and shuts down).
 */
import type * as ts from 'typescript';
import { hasExportModifier, isRelativeSpecifier, moduleSpecifiers, staticString, type ProjectView, type TS } from '@statelint/core';
import { ALIAS_SPECIFIER, NON_CODE_SPECIFIER } from './catalogue.js';

export interface ShutdownProgram {
  readonly files: ReadonlySet<ts.SourceFile>;
  /** Every module it loads is visible to the rule. */
  readonly complete: boolean;
}

export class ProgramGraph {
  private readonly imports = new WeakMap<ts.SourceFile, { files: ts.SourceFile[]; unresolved: boolean }>();
  private readonly closures = new WeakMap<ts.SourceFile, ShutdownProgram>();

  constructor(
    private readonly ts: TS,
    private readonly project: ProjectView,
  ) {}

  /** The programs a file is part of: one per entry point that reaches it. */
  programsOf(sf: ts.SourceFile): ShutdownProgram[] {
    if (this.project.program === undefined) {
      return [{ files: new Set([sf]), complete: !hasLocalImports(this.ts, sf) && !hasExports(this.ts, sf) }];
    }
    return this.entryPointsOf(sf).map((root) => this.programOf(root));
  }

  private entryPointsOf(sf: ts.SourceFile): ts.SourceFile[] {
    const seen = new Set<ts.SourceFile>([sf]);
    const roots: ts.SourceFile[] = [];
    const queue = [sf];
    while (queue.length > 0) {
      const file = queue.shift()!;
      const importers = this.project.importersOf(file);
      if (importers.length === 0) roots.push(file);
      for (const importer of importers) {
        if (!seen.has(importer)) {
          seen.add(importer);
          queue.push(importer);
        }
      }
    }
    return roots.length > 0 ? roots : [sf]; // an import cycle with no entry point: the file itself
  }

  private programOf(root: ts.SourceFile): ShutdownProgram {
    const cached = this.closures.get(root);
    if (cached !== undefined) return cached;
    const files = new Set<ts.SourceFile>([root]);
    // An entry point that exports something is imported from outside this program (a script, an
    // entry outside the tsconfig): the module that does may install the handler.
    let complete = !hasExports(this.ts, root);
    const queue = [root];
    while (queue.length > 0) {
      const file = queue.shift()!;
      const { files: imported, unresolved } = this.importsOf(file);
      if (unresolved) complete = false;
      for (const next of imported) {
        if (!files.has(next)) {
          files.add(next);
          queue.push(next);
        }
      }
    }
    const program = { files, complete };
    this.closures.set(root, program);
    return program;
  }

  private importsOf(sf: ts.SourceFile): { files: ts.SourceFile[]; unresolved: boolean } {
    const cached = this.imports.get(sf);
    if (cached !== undefined) return cached;
    const files: ts.SourceFile[] = [];
    let unresolved = false;
    for (const specifier of moduleSpecifiers(this.ts, sf)) {
      const target = this.project.resolveModule(sf, specifier);
      if (target !== undefined) files.push(target);
      else if (isLocalSpecifier(specifier)) unresolved = true;
    }
    const result = { files, unresolved };
    this.imports.set(sf, result);
    return result;
  }
}

function isLocalSpecifier(specifier: string): boolean {
  return (isRelativeSpecifier(specifier) || ALIAS_SPECIFIER.test(specifier)) && !NON_CODE_SPECIFIER.test(specifier);
}

/** Value imports (not `import type`) and `require()`/`import()` of local modules. */
function hasLocalImports(ts: TS, sf: ts.SourceFile): boolean {
  return moduleSpecifiers(ts, sf).some((specifier) => isLocalSpecifier(specifier) && !typeOnlyEverywhere(ts, sf, specifier));
}

function typeOnlyEverywhere(ts: TS, sf: ts.SourceFile, specifier: string): boolean {
  let typeOnly = false;
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && staticString(ts, statement.moduleSpecifier) === specifier) {
      if (!statement.importClause?.isTypeOnly) return false;
      typeOnly = true;
    }
  }
  return typeOnly;
}

/** ESM exports, `export =`, or CommonJS `module.exports` / `exports.x` assignments. */
function hasExports(ts: TS, sf: ts.SourceFile): boolean {
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return true;
    if (hasExportModifier(ts, statement)) return true;
  }
  return /\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(sf.text);
}
