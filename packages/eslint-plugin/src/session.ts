/**
 * One engine run per file for all statelint rules ESLint has enabled. ESLint creates every rule for
 * a file before it traverses; each statelint rule registers here, the first to reach `Program:exit`
 * runs the engine once for all of them, and each rule then reports its own findings.
 */
import { analyzeSourceFile, type AnalysisResult, type AnyRule, type TS } from '@statelint/core';
import type { TSESLint } from '@typescript-eslint/utils';
import { lintSource } from './source.js';

interface Registration {
  rule: AnyRule;
  options: object | undefined;
}

class LintSession {
  private readonly registrations = new Map<string, Registration>();
  private result: AnalysisResult | undefined;

  constructor(
    private readonly ts: TS,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly filename: string,
    private readonly cwd: string,
  ) {}

  get done(): boolean {
    return this.result !== undefined;
  }

  register(registration: Registration): void {
    this.registrations.set(registration.rule.id, registration);
  }

  run(): AnalysisResult {
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
