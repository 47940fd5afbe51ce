/**
 * One engine run per file for all statelint rules ESLint has enabled. ESLint creates every rule for
 * a file before it traverses; each statelint rule registers here, the first to reach `Program:exit`
 * runs the engine once for all of them, and each rule then reports its own findings.
 *
 * Under ESLint's `TIMING` (its per-rule timing table), one shared run would charge every statelint
 * rule's work to the first: there each rule runs the engine for itself alone, in its own listener,
 * over the same tree and the same project view (so scopes and the program model are computed once,
 * charged to the first rule that needs them). The findings are the same either way.
 */
import { analyzeSourceFile, fastTypeScript, singleFileView, type AnalysisResult, type AnyRule, type ProjectView, type TS } from '@statelint/core';
import type { TSESLint } from '@typescript-eslint/utils';
import { lintSource } from './source.js';

interface Registration {
  rule: AnyRule;
  options: object | undefined;
}

/** ESLint's own switch for its per-rule timing table (`TIMING=1`, `TIMING=all`). */
const perRuleTiming = (): boolean => (process.env['TIMING'] ?? '') !== '';

class LintSession {
  private readonly registrations = new Map<string, Registration>();
  private result: AnalysisResult | undefined;
  /** Under TIMING: each rule's own result, and what the rules share. */
  private readonly perRule = new Map<string, AnalysisResult>();
  private shared: { source: ReturnType<typeof lintSource>; project: ProjectView | undefined } | undefined;

  constructor(
    private readonly ts: TS,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly filename: string,
    private readonly cwd: string,
  ) {}

  get done(): boolean {
    return this.result !== undefined || this.perRule.size > 0;
  }

  register(registration: Registration): void {
    this.registrations.set(registration.rule.id, registration);
  }

  /** The findings and failures of `ruleId` (with those of the other rules, when they ran together). */
  run(ruleId: string): AnalysisResult {
    if (perRuleTiming()) return this.runAlone(ruleId);
    if (this.result === undefined) {
      const { sourceFile, program } = lintSource(this.ts, this.sourceCode, this.filename);
      this.result = analyzeSourceFile({
        ts: this.ts,
        sourceFile,
        program,
        // ESLint applies severities and its own eslint-disable comments itself.
        rules: [...this.registrations.values()].map((r) => ({ rule: r.rule, options: r.options, severity: 'error' })),
        eslintDirectives: false,
        root: this.cwd,
      });
    }
    return this.result;
  }

  private runAlone(ruleId: string): AnalysisResult {
    let result = this.perRule.get(ruleId);
    const registration = this.registrations.get(ruleId);
    if (result === undefined && registration !== undefined) {
      if (this.shared === undefined) {
        const source = lintSource(this.ts, this.sourceCode, this.filename);
        // Typed: the program's view is one per program already; untyped: one view for this tree.
        this.shared = { source, project: source.program === undefined ? singleFileView(fastTypeScript(this.ts), source.sourceFile) : undefined };
      }
      const { source, project } = this.shared;
      result = analyzeSourceFile({
        ts: this.ts,
        sourceFile: source.sourceFile,
        program: source.program,
        ...(project !== undefined ? { project } : {}),
        rules: [{ rule: registration.rule, options: registration.options, severity: 'error' }],
        eslintDirectives: false,
        root: this.cwd,
      });
      this.perRule.set(ruleId, result);
    }
    return result ?? { findings: [], failures: [] };
  }
}

const sessions = new WeakMap<object, LintSession>();

export function sessionFor(
  ts: TS,
  sourceCode: Readonly<TSESLint.SourceCode>,
  filename: string,
  cwd: string,
  registration: Registration,
): LintSession {
  let session = sessions.get(sourceCode);
  // A session that already ran belongs to an earlier pass over the same text: start afresh.
  if (session === undefined || session.done) {
    session = new LintSession(ts, sourceCode, filename, cwd);
    sessions.set(sourceCode, session);
  }
  session.register(registration);
  return session;
}
