/**
 * "The program" a server belongs to, for require-graceful-shutdown: the modules an entry point loads.
 * A file's programs are those of the entry points that (transitively) import it — a `lifecycle.ts`
 * that `main.ts` imports next to `server.ts` counts; another entry point's handler does not.
 *
 * Both modes ask core's program model (one module graph, with and without types): entry points are
 * the files no other file imports, and a program is everything an entry point reaches. What the
 * model could not see is kept, so the message can say it: local imports that resolve to no file,
 * and an entry point that also exports (something outside the audit may import it). The verdict is
 * made from what is known either way.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { programModel, type FileFacts, type ProjectView, type TS } from '@statelint/core';

export interface ShutdownProgram {
  readonly files: ReadonlySet<ts.SourceFile>;
  /** Every module it loads is visible to the rule. */
  readonly complete: boolean;
  /** What was not resolved, for the message (empty when complete). */
  readonly unresolved: readonly string[];
}

export class ProgramGraph {
  private readonly closures = new Map<string, ShutdownProgram>();

  constructor(
    private readonly ts: TS,
    private readonly project: ProjectView,
  ) {}

  /** The programs a file is part of: one per entry point that reaches it. */
  programsOf(facts: FileFacts): ShutdownProgram[] {
    const model = programModel(facts);
    const self = path.resolve(facts.sourceFile.fileName);
    return this.entryPointsOf(model, self).map((root) => this.programOf(model, root, self, facts.sourceFile));
  }

  private entryPointsOf(model: ReturnType<typeof programModel>, file: string): string[] {
    const seen = new Set<string>([file]);
    const roots: string[] = [];
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.shift()!;
      // Tests load the server's module to exercise it; they are not its entry points.
      const importers = model.importersOf(current).filter((i) => !model.isTest(i));
      if (importers.length === 0) roots.push(current);
      for (const importer of importers) {
        if (!seen.has(importer)) {
          seen.add(importer);
          queue.push(importer);
        }
      }
    }
    return roots.length > 0 ? roots : [file]; // an import cycle with no entry point: the file itself
  }

  private programOf(model: ReturnType<typeof programModel>, root: string, self: string, selfFile: ts.SourceFile): ShutdownProgram {
    const key = `${root}\u0000${self}`;
    const cached = this.closures.get(key);
    if (cached !== undefined) return cached;
    const files = new Set<ts.SourceFile>();
    const unresolved: string[] = [];
    for (const name of model.reachableFrom(root).keys()) {
      const record = model.file(name);
      if (record === undefined) continue;
      // The linted file's own tree (an editor's buffer, the CLI's parse), so its nodes are the rule's.
      files.add(name === self ? selfFile : record.sourceFile);
      for (const specifier of record.unresolved) unresolved.push(`\`${specifier}\` (${model.relative(name)})`);
    }
    const rootRecord = model.file(root);
    if (rootRecord !== undefined && hasExports(this.ts, rootRecord.sourceFile)) {
      unresolved.unshift(`what imports ${model.relative(root)} (it exports, so a module outside the audit may load it)`);
    }
    const program = { files, complete: unresolved.length === 0, unresolved };
    this.closures.set(key, program);
    return program;
  }
}

/** ESM exports, `export =`, or CommonJS `module.exports` / `exports.x` assignments. */
function hasExports(ts: TS, sf: ts.SourceFile): boolean {
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return true;
    if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  }
  return /\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(sf.text);
}
