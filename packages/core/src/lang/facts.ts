/**
 * Facts about one file, computed on first use and shared by every rule that asks: scopes, module
 * references, exports, and any fact a rule defines with `defineFact`. In typed mode the project view
 * keeps one `FileFacts` per source file object, so a file's facts are computed once per program and
 * an edited file (a new source file object) gets fresh ones. Scopes, which depend on the text alone,
 * are kept per source file object across programs.
 */
import type * as ts from 'typescript';
import { ModuleExports, ModuleReferences } from './modules.js';
import type { ProjectView } from './project.js';
import type { TS } from '../engine/rule.js';
import { ScopeAnalysis } from './scope.js';

export interface FactKey<T> {
  readonly name: string;
  compute(facts: FileFacts): T;
}

/** Declares a fact that rules share: computed at most once per file. */
export function defineFact<T>(name: string, compute: (facts: FileFacts) => T): FactKey<T> {
  return { name, compute };
}

/**
 * Scopes depend on the file's text alone, so they are kept per source file object: the next program
 * of an editor session reuses the objects of unchanged files, and their scopes with them. An edited
 * file is a new object with new scopes.
 */
const scopesBySourceFile = new WeakMap<ts.SourceFile, ScopeAnalysis>();

function scopeAnalysisOf(ts: TS, sourceFile: ts.SourceFile): ScopeAnalysis {
  let scope = scopesBySourceFile.get(sourceFile);
  if (scope === undefined) scopesBySourceFile.set(sourceFile, (scope = new ScopeAnalysis(ts, sourceFile)));
  return scope;
}

export class FileFacts {
  private scopeAnalysis: ScopeAnalysis | undefined;
  private moduleReferences: ModuleReferences | undefined;
  private moduleExports: ModuleExports | undefined;
  private readonly memos = new Map<FactKey<unknown>, unknown>();

  constructor(
    readonly ts: TS,
    readonly sourceFile: ts.SourceFile,
    readonly project: ProjectView,
  ) {}

  /** The project root (working directory) the engine was given, for path-based facts. */
  get root(): string | undefined {
    return this.project.root;
  }

  get scope(): ScopeAnalysis {
    return (this.scopeAnalysis ??= scopeAnalysisOf(this.ts, this.sourceFile));
  }

  /**
   * The file's nodes outside type positions, in source order: gathered by the scope analysis's
   * walk, so that a fact looking for calls, `new`, classes, functions, assignments or `this` needs
   * no walk of its own (one walk per file for the facts, one for the rules).
   */
  get nodes(): readonly ts.Node[] {
    return this.scope.valueNodes;
  }

  get modules(): ModuleReferences {
    return (this.moduleReferences ??= new ModuleReferences(this, this.project));
  }

  get exports(): ModuleExports {
    return (this.moduleExports ??= new ModuleExports(this, this.project));
  }

  memo<T>(key: FactKey<T>): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = key.compute(this);
    this.memos.set(key, value);
    return value;
  }
}
