/**
 * Program-wide facts in the editor. The ESLint extension re-lints a file on every edit, and
 * typescript-eslint makes a new program each time; the new program reuses the source file objects
 * of every file that did not change. A program-wide fact (which functions serve requests) would
 * otherwise be recomputed over every file of the project on every keystroke.
 *
 * `carriedOver(project, sourceFile)` is a per-file store that the next program of the same project
 * hands back while the answers in it still hold: the file and every project file it imports,
 * directly or not, are the same objects (so the same text), they resolve their imports to the same
 * files, and nothing global changed (a declaration file, a script without imports, a package, the
 * compiler options). Anything else starts the file, and every file that imports it, afresh. What
 * goes into a store must depend on nothing but the file and what it imports.
 *
 * Keys are objects (source files, programs), never paths: nothing outlives the text it describes.
 */
import type * as ts from 'typescript';
import type { ProjectView } from '../lang/project.js';

/** What one file keeps for the facts that use it. */
export type CarriedValues = Map<string, unknown>;

interface FileRecord {
  /** The project files this file imported when the record was made. */
  imports: readonly ts.SourceFile[];
  values: CarriedValues;
}

/** Per compiler options (one tsconfig), per source file object. */
const records = new WeakMap<ts.SourceFile, Map<string, FileRecord>>();
/** Per compiler options: the files outside the project (packages, lib and declaration files) seen so far. */
const globalsSeen = new Map<string, WeakSet<ts.SourceFile>>();
/** Per program: its records, settled on first use. */
const settled = new WeakMap<ts.Program, Map<ts.SourceFile, FileRecord>>();

/**
 * The store of `sourceFile` in this program (typed mode), or undefined without a program (the
 * single-file view has nothing to carry over).
 */
export function carriedOver(project: ProjectView, sourceFile: ts.SourceFile): CarriedValues | undefined {
  const program = project.program;
  if (program === undefined) return undefined;
  let files = settled.get(program);
  if (files === undefined) settled.set(program, (files = settle(project, program)));
  return files.get(sourceFile)?.values;
}

/** Decides, once per program, which files keep their records and which start afresh. */
function settle(project: ProjectView, program: ts.Program): Map<ts.SourceFile, FileRecord> {
  const key = JSON.stringify(program.getCompilerOptions());
  const projectFiles = project.projectFiles();
  const inProject = new Set(projectFiles);

  // A changed declaration file, script or package can change any answer: everything starts afresh.
  let seen = globalsSeen.get(key);
  if (seen === undefined) globalsSeen.set(key, (seen = new WeakSet()));
  let globalChange = false;
  for (const sf of program.getSourceFiles()) {
    const global = !inProject.has(sf) || !project.ts.isExternalModule(sf);
    if (global && !seen.has(sf)) {
      globalChange = true;
      seen.add(sf);
    }
  }

  const stale = new Set<ts.SourceFile>();
  for (const sf of projectFiles) {
    const record = records.get(sf)?.get(key);
    if (globalChange || record === undefined || !sameFiles(record.imports, project.importsOf(sf))) stale.add(sf);
  }
  // Whatever imports a stale file, directly or not, is stale too.
  const queue = [...stale];
  while (queue.length > 0) {
    for (const importer of project.importersOf(queue.pop()!)) {
      if (stale.has(importer)) continue;
      stale.add(importer);
      queue.push(importer);
    }
  }

  const files = new Map<ts.SourceFile, FileRecord>();
  for (const sf of projectFiles) {
    let byKey = records.get(sf);
    if (byKey === undefined) records.set(sf, (byKey = new Map()));
    let record = byKey.get(key);
    if (record === undefined || stale.has(sf)) byKey.set(key, (record = { imports: project.importsOf(sf), values: new Map() }));
    files.set(sf, record);
  }
  return files;
}

function sameFiles(a: readonly ts.SourceFile[], b: readonly ts.SourceFile[]): boolean {
  return a.length === b.length && a.every((sf, i) => sf === b[i]);
}
