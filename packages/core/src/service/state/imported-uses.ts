/**
 * What other modules of the program do with a module's exports (typed mode). A binding exported by
 * `store.ts` and mutated by `routes.ts` (`sessions.set(id, user)`) is module state of `store.ts`,
 * reported at its declaration there; a registry filled by `register()` calls that other modules make
 * while they load is not.
 *
 * Each file's uses of imported project bindings are gathered once (a file fact); the program-wide
 * index (a project fact) finds a file's importers through the import graph, following barrel files
 * that re-export it. When each use runs is asked of the importer's own run contexts, so the answer
 * follows calls from module to module.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { clientCodeReason } from '../client-code.js';
import { defineFact, type FileFacts } from '../../lang/facts.js';
import type { ModuleRef } from '../../lang/modules.js';
import { defineProjectFact, type ProjectView } from '../../lang/project.js';
import { describeSite } from './describe.js';
import { RunContexts, later, type Exposure, type RunContext } from './run-context.js';
import { followUses, type Use } from './uses.js';

/** A use, in another module, of something this module exports. */
export interface ForeignUse {
  /** The export used (`sessions`, `default`). */
  exportName: string;
  /** The use, with its depth and path counted from the export. */
  use: Use;
  /** For messages: "`register` in routes/admin.ts (line 4)". */
  where: string;
  /** When the use runs (undefined while that depends on itself). */
  context(): RunContext | undefined;
}

interface ImportedUse {
  /** The file of the module the binding was imported from. */
  module: string;
  exportName: string;
  use: Use;
}

/** When code runs in a file; in typed mode, other modules' calls to its exports are followed. */
export const RUN_CONTEXTS = defineFact(
  'state/run-contexts',
  (facts) => new RunContexts(facts, { external: (_fn, exposure) => externalContext(facts, exposure) }),
);

/** Every use, in one file, of bindings imported from the program's own modules. */
const IMPORTED_USES = defineFact('state/imported-uses', (facts): readonly ImportedUse[] => {
  const { project, scope } = facts;
  if (project.program === undefined) return [];
  const found: ImportedUse[] = [];
  for (const variable of scope.moduleScope.variables.values()) {
    if (variable.kind !== 'import' && variable.kind !== 'import-equals' && variable.kind !== 'const') continue;
    const ref: ModuleRef | undefined = facts.modules.resolveVariable(variable);
    if (ref === undefined || !ref.local || project.fileByName(ref.module) === undefined) continue;
    for (const reference of variable.references) {
      followUses(facts, reference.identifier, (use) => {
        if (ref.path.length === 0 && use.depth === 0 && use.kind === 'method') {
          // `ns.register(x)` on a namespace import calls the export `register`.
          found.push({ module: ref.module, exportName: use.method!, use: { ...use, kind: 'call', path: [] } });
          return;
        }
        const full = [...ref.path, ...use.path];
        const exportName = full[0];
        const depth = use.depth + ref.path.length - 1;
        if (exportName === undefined || depth < 0) return;
        found.push({ module: ref.module, exportName, use: { ...use, depth, path: full.slice(1) } });
      });
    }
  }
  return found;
});

/** Test files, by the names the CLI skips (`*.test.*`, `*.spec.*`, `__tests__/`, `test/`, …) and mocks. */
function isTestFile(relativeName: string): boolean {
  const parts = relativeName.split(/[\\/]/);
  const name = parts.pop() ?? '';
  return /\.(test|spec|e2e|e2e-spec)\.[^.]+$/.test(name) || parts.some((d) => ['__tests__', '__mocks__', 'test', 'tests', 'e2e'].includes(d));
}

/** Files that re-export what they import: the import graph is followed through them. */
function reExports(ts: FileFacts['ts'], sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined);
}

class ImportedUseIndex {
  private readonly byFile = new Map<ts.SourceFile, readonly ForeignUse[]>();
  private readonly testNames = new Map<ts.SourceFile, ReadonlySet<string>>();

  constructor(private readonly project: ProjectView) {}

  /** The project's root: the tsconfig's directory (test directories are named below it). */
  private root(): string {
    const program = this.project.program!;
    const config = program.getCompilerOptions().configFilePath;
    return typeof config === 'string' ? path.dirname(config) : program.getCurrentDirectory();
  }

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
    const testNames = new Set<string>();
    for (const importer of importers) {
      // Tests exercise everything at "runtime", and browser code is not a replica: neither tells
      // when the service itself runs a function or changes a value.
      if (isTestFile(path.relative(this.root(), importer.fileName))) {
        for (const use of this.project.factsOf(importer).memo(IMPORTED_USES)) if (use.module === target.fileName) testNames.add(use.exportName);
        continue;
      }
      const facts = this.project.factsOf(importer);
      if (clientCodeReason(facts) !== undefined) continue;
      const relative = path.relative(path.dirname(target.fileName), importer.fileName).split(path.sep).join('/');
      for (const { module, exportName, use } of facts.memo(IMPORTED_USES)) {
        if (module !== target.fileName) continue;
        uses.push({
          exportName,
          use,
          // "`register` (line 4)" → "`register` in routes/admin.ts (line 4)"
          where: describeSite(ts, importer, use.node).replace(/ \(line (\d+)\)$/, ` in ${relative} (line $1)`),
          context: () => facts.memo(RUN_CONTEXTS).at(use.node),
        });
      }
    }
    this.byFile.set(target, uses);
    this.testNames.set(target, testNames);
    return uses;
  }

  /** Exports of `target` that tests use. */
  usedByTests(target: ts.SourceFile): ReadonlySet<string> {
    this.usesOf(target);
    return this.testNames.get(target)!;
  }
}

const IMPORTED_USE_INDEX = defineProjectFact('state/imported-use-index', (project) => new ImportedUseIndex(project));

/** Typed mode: what other modules of the program do with this file's exports (nothing untyped). */
export function usesFromOtherModules(facts: FileFacts): readonly ForeignUse[] {
  if (facts.project.program === undefined) return [];
  return facts.project.memo(IMPORTED_USE_INDEX).usesOf(facts.sourceFile);
}

/**
 * When other modules call an exposed function or method: the latest context of their calls. Used
 * as a value (a handler given to a router), or without type information, it may run at any time.
 */
function externalContext(facts: FileFacts, exposure: Exposure): RunContext | undefined {
  if (facts.project.program === undefined) return 'runtime';
  const uses = usesFromOtherModules(facts);
  if (uses.some((u) => exposure.classExports.includes(u.exportName))) return 'runtime';
  let context: RunContext | undefined;
  let called = false;
  for (const { name, steps } of exposure.handles) {
    for (const foreign of uses) {
      const { use } = foreign;
      if (foreign.exportName !== name) continue;
      called = true;
      if (steps.length === 0) {
        context = later(context, use.depth === 0 && use.kind === 'call' ? foreign.context() : 'runtime');
      } else if (use.depth === 0 && use.kind === 'method' && use.method === steps[0]) {
        context = later(context, foreign.context()); // `Registry.add(x)`
      } else if (use.path[0] === steps[0]) {
        context = 'runtime'; // `Registry.add` handed on as a value
      }
      if (context === 'runtime') return context;
    }
  }
  // Exported for tests only (`__setCacheForTests`): never called by the service itself.
  const tests = facts.project.memo(IMPORTED_USE_INDEX).usedByTests(facts.sourceFile);
  if (!called && exposure.handles.length > 0 && exposure.handles.every((h) => tests.has(h.name))) return 'load';
  return context;
}
