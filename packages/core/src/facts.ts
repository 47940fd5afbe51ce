/**
 * Facts about one file, computed on first use and shared by every rule that asks: scopes, module
 * references, exports, and any fact a rule defines with `defineFact`. In typed mode the project view
 * keeps one `FileFacts` per source file object, so a file's facts are computed once per program and
 * an edited file (a new source file object) gets fresh ones.
 */
import type * as ts from 'typescript';
import { ModuleExports, ModuleReferences } from './modules.js';
import type { ProjectView } from './project.js';
import type { TS } from './rule.js';
import { ScopeAnalysis } from './scope.js';

export interface FactKey<T> {
  readonly name: string;
  compute(facts: FileFacts): T;
}

/** Declares a fact that rules share: computed at most once per file. */
export function defineFact<T>(name: string, compute: (facts: FileFacts) => T): FactKey<T> {
  return { name, compute };
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
    return (this.scopeAnalysis ??= new ScopeAnalysis(this.ts, this.sourceFile));
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
