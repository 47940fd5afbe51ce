/**
 * Typed mode: what other modules of the program do to a module's exported state. A binding
 * exported by `store.ts` and mutated by `routes.ts` (`import { sessions } from './store'`,
 * `sessions.set(id, user)`) is module state of `store.ts`, reported at its declaration there.
 *
 * Each file's uses of imported project bindings are computed once (a file fact); the program-wide
 * index (a project fact) finds the importers of a file through the import graph, following barrel
 * files that re-export it.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { defineFact, defineProjectFact, type FileFacts, type ModuleRef, type ProjectView } from '@statelint/core';
import { MODULE_STATE, describeSite, type ForeignUse } from './state.js';
import { followUses } from './uses.js';

interface ImportedUse extends ForeignUse {
  /** The file of the module the binding was imported from. */
  module: string;
}

/** Runtime uses, in one file, of bindings imported from the program's own modules. */
const IMPORTED_USES = defineFact('no-module-state/imported-uses', (facts): readonly ImportedUse[] => {
  const { ts, project, scope, sourceFile } = facts;
  if (project.program === undefined) return [];
  const contexts = facts.memo(MODULE_STATE).contexts;
  const found: ImportedUse[] = [];
  for (const variable of scope.moduleScope.variables.values()) {
    if (variable.kind !== 'import' && variable.kind !== 'import-equals' && variable.kind !== 'const') continue;
    const ref: ModuleRef | undefined = facts.modules.resolveVariable(variable);
    if (ref === undefined || !ref.local || project.fileByName(ref.module) === undefined) continue;
    for (const reference of variable.references) {
      followUses(facts, reference.identifier, (use) => {
        if (use.kind === 'read' || use.kind === 'freeze') return;
        const full = [...ref.path, ...use.path];
        const exportName = full[0];
        const depth = use.depth + ref.path.length - 1;
        if (exportName === undefined || depth < 0 || contexts.of(use.node) !== 'runtime') return;
        found.push({
          module: ref.module,
          exportName,
          use: { ...use, depth, path: full.slice(1) },
          where: describeSite(ts, sourceFile, use.node),
        });
      });
    }
  }
  return found;
});

/** Files that re-export what they import: the import graph is followed through them. */
function reExports(ts: FileFacts['ts'], sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined);
}

class ImportedUseIndex {
  private readonly byFile = new Map<ts.SourceFile, readonly ForeignUse[]>();

  constructor(private readonly project: ProjectView) {}

  usesOf(target: ts.SourceFile): readonly ForeignUse[] {
    const known = this.byFile.get(target);
    if (known !== undefined) return known;
    const { ts } = this.project;
    const importers = new Set<ts.SourceFile>();
    const queue = [target];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      for (const importer of this.project.importersOf(file)) {
        if (importer === target || importers.has(importer)) continue;
        importers.add(importer);
        if (reExports(ts, importer)) queue.push(importer);
      }
    }
    const uses: ForeignUse[] = [];
    for (const importer of importers) {
      const relative = path.relative(path.dirname(target.fileName), importer.fileName).split(path.sep).join('/');
      for (const use of this.project.factsOf(importer).memo(IMPORTED_USES)) {
        if (use.module !== target.fileName) continue;
        // "`register` (line 4)" → "`register` in routes/admin.ts (line 4)"
        uses.push({ ...use, where: use.where.replace(/ \(line (\d+)\)$/, ` in ${relative} (line $1)`) });
      }
    }
    this.byFile.set(target, uses);
    return uses;
  }
}

const IMPORTED_USE_INDEX = defineProjectFact('no-module-state/imported-use-index', (project) => new ImportedUseIndex(project));

/** Typed mode: what other modules of the program do to this file's exports (nothing untyped). */
export function usesFromOtherModules(facts: FileFacts): readonly ForeignUse[] {
  if (facts.project.program === undefined) return [];
  return facts.project.memo(IMPORTED_USE_INDEX).usesOf(facts.sourceFile);
}
