/**
 * One file through the engine, as the audit reports it. Syntax errors become a "Parsing error"
 * entry under `errors`, a rule that throws an entry naming the rule, a file the parser cannot handle
 * (nesting deeper than its recursion allows) a parsing error too, and anything else that throws an
 * internal error for that file: never an exception out of the audit. Used by the main thread (typed
 * runs, small untyped runs) and by worker threads (parallel untyped runs) alike.
 */
import fs from 'node:fs';
import {
  analyzeSourceFile,
  fingerprints,
  parseDiagnostics,
  parseSourceText,
  programModelMilliseconds,
  PROGRAM_MODEL_TIMING,
  type ConfiguredRule,
  type Finding,
  type TS,
} from '@statelint/core';
import type * as ts from 'typescript';
import { INTERNAL_ERROR } from './errors.js';
import { reportPath } from './paths.js';
import type { ReportError, ReportFinding } from './report.js';

export interface FileAnalysis {
  ts: TS;
  cwd: string;
  rules: readonly ConfiguredRule[];
  /** Milliseconds per rule are added here when given (`--performance`). */
  timings?: Map<string, number>;
  /** `--explain`: attach the chain that made each finding apply. */
  explain?: boolean;
}

export interface FileOutcome {
  findings: ReportFinding[];
  errors: ReportError[];
}

/** A file the program (or a parse) already produced. */
export function analyzeParsedFile(analysis: FileAnalysis, file: string, sourceFile: ts.SourceFile, program?: ts.Program): FileOutcome {
  const rel = reportPath(analysis.cwd, file);
  try {
    const syntaxErrors = parseDiagnostics(sourceFile);
    if (syntaxErrors.length > 0) {
      return { findings: [], errors: [{ file: rel, message: parsingError(analysis.ts, sourceFile, syntaxErrors[0]!) }] };
    }
    const result = analyzeSourceFile({
      ts: analysis.ts,
      sourceFile,
      program,
      rules: analysis.rules,
      eslintDirectives: true,
      root: analysis.cwd,
      ...(analysis.timings ? { timings: analysis.timings } : {}),
      ...(analysis.explain ? { explain: true } : {}),
    });
    if (analysis.timings) analysis.timings.set(PROGRAM_MODEL_TIMING, programModelMilliseconds());
    return {
      findings: toReportFindings(rel, result.findings, analysis.cwd),
      errors: result.failures.map((failure) => ({
        file: rel,
        ruleId: failure.ruleId,
        message: `rule ${failure.ruleId} failed: ${failure.message}`,
      })),
    };
  } catch (error) {
    return { findings: [], errors: [{ file: rel, message: `${INTERNAL_ERROR}: ${describe(error)}` }] };
  }
}

/** Reads and parses a file, then analyses it without types. */
export function analyzeFileFromDisk(analysis: FileAnalysis, file: string): FileOutcome {
  const rel = reportPath(analysis.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { findings: [], errors: [{ file: rel, message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? describe(error)}` }] };
  }
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parseSourceText(analysis.ts, file, text);
  } catch (error) {
    return { findings: [], errors: [{ file: rel, message: unparsable(error) }] };
  }
  return analyzeParsedFile(analysis, file, sourceFile);
}

/** The message for a file the parser threw on (in practice: its recursion ran out of stack). */
export function unparsable(error: unknown): string {
  return error instanceof RangeError
    ? 'Parsing error: the code is nested too deeply for the TypeScript parser'
    : `Parsing error: the TypeScript parser failed (${describe(error)})`;
}

function parsingError(tsm: TS, sourceFile: ts.SourceFile, diagnostic: ts.DiagnosticWithLocation): string {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
  return `Parsing error: ${tsm.flattenDiagnosticMessageText(diagnostic.messageText, ' ')} (${line + 1}:${character + 1})`;
}

function toReportFindings(file: string, found: readonly Finding[], cwd: string): ReportFinding[] {
  const prints = fingerprints(file, found);
  return found.map((f, i) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    fingerprint: prints[i]!,
    ...(f.trace ? { trace: f.trace.map((step) => ({ file: reportPath(cwd, step.file), line: step.line, column: step.column, what: step.what })) } : {}),
  }));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
