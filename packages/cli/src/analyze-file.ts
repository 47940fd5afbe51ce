/**
 * One file through the engine, as the audit reports it. Syntax errors become a "Parsing error"
 * entry under `errors`, a rule that throws an entry naming the rule, a file the parser cannot handle
 * (nesting deeper than its recursion allows) a parsing error too, and anything else that throws an
 * internal error for that file: never an exception out of the audit. Used by the main thread (typed
 * runs, small untyped runs) and by worker threads (parallel untyped runs) alike.
 */
import {
  analyzeSourceFile,
  fingerprints,
  parseDiagnostics,
  sharedParse,
  programModelMilliseconds,
  PROGRAM_MODEL_TIMING,
  type CodeFacts,
  type ConfiguredRule,
  type SharedFacts,
  type Severity,
  type Finding,
  type TS,
} from '@statelint/core';
import type * as ts from 'typescript';
import { INTERNAL_ERROR } from './errors.js';
import { stripFlowTypes } from './flow.js';
import { reportPath } from './paths.js';
import type { ReportError, ReportFinding } from './report.js';
import { createFileAccess, readText, type FileAccess } from './safe-fs.js';

export interface FileAnalysis {
  ts: TS;
  cwd: string;
  /** How files are read (regular files inside the repository, under the size cap). */
  access?: FileAccess;
  rules: readonly ConfiguredRule[];
  /** Milliseconds per rule are added here when given (`--performance`). */
  timings?: Map<string, number>;
  /** `--explain`: attach the chain that made each finding apply. */
  explain?: boolean;
  /** `--report-unused-disable-directives`: report disable comments that suppress nothing, at this severity. */
  unusedDirectives?: Severity;
  /** File-independent facts (package manifests) shared by the files of one run without a program. */
  sharedFacts?: SharedFacts;
  /** Collect the facts deployment cross-checks read (only when the run has deployment files). */
  codeFacts?: boolean;
}

export interface FileOutcome {
  findings: ReportFinding[];
  errors: ReportError[];
  codeFacts?: CodeFacts;
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
      ...(analysis.unusedDirectives ? { unusedDirectives: analysis.unusedDirectives } : {}),
      ...(program === undefined && analysis.sharedFacts ? { sharedFacts: analysis.sharedFacts } : {}),
      ...(analysis.codeFacts ? { codeFacts: true } : {}),
    });
    if (analysis.timings) analysis.timings.set(PROGRAM_MODEL_TIMING, programModelMilliseconds());
    return {
      findings: toReportFindings(analysis.cwd, rel, result.findings),
      errors: result.failures.map((failure) =>
        // A stack overflow is the file's doing (a chain of calls thousands long), not the rule's.
        STACK_OVERFLOW.test(failure.message)
          ? { file: rel, message: `Analysis error: the code is nested too deeply for rule ${failure.ruleId} (stack overflow); its findings in this file are missing` }
          : { file: rel, ruleId: failure.ruleId, message: `rule ${failure.ruleId} failed: ${failure.message}` },
      ),
      ...(result.codeFacts ? { codeFacts: result.codeFacts } : {}),
    };
  } catch (error) {
    return { findings: [], errors: [{ file: rel, message: `${INTERNAL_ERROR}: ${describe(error)}` }] };
  }
}

/** Reads and parses a file, then analyses it without types. */
export function analyzeFileFromDisk(analysis: FileAnalysis, file: string): FileOutcome {
  const rel = reportPath(analysis.cwd, file);
  const read = readText(analysis.access ?? createFileAccess(analysis.cwd), file);
  if (!read.ok) {
    return { findings: [], errors: [{ file: rel, message: read.refusal === 'missing' || read.refusal === 'unreadable' ? `cannot read file: ${read.code ?? 'ENOENT'}` : `skipped: ${read.message}` }] };
  }
  const text = read.text;
  let sourceFile: ts.SourceFile;
  try {
    // The program model may have parsed this text already (another file's question): one tree for both.
    sourceFile = sharedParse(analysis.ts, file, stripFlowTypes(file, text));
  } catch (error) {
    return { findings: [], errors: [{ file: rel, message: unparsable(error) }] };
  }
  return analyzeParsedFile(analysis, file, sourceFile);
}

/** The message for a file the parser threw on (in practice: its recursion ran out of stack). */
export function unparsable(error: unknown): string {
  if (error instanceof Error && error.name === 'BinderOverflow') {
    return 'Analysis error: the code is nested too deeply for the TypeScript binder (stack overflow, e.g. a chain of a thousand calls); the file was not analysed';
  }
  return error instanceof RangeError
    ? 'Parsing error: the code is nested too deeply for the TypeScript parser'
    : `Parsing error: the TypeScript parser failed (${describe(error)})`;
}

const STACK_OVERFLOW = /^Maximum call stack size exceeded$/;

function parsingError(tsm: TS, sourceFile: ts.SourceFile, diagnostic: ts.DiagnosticWithLocation): string {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
  return `Parsing error: ${tsm.flattenDiagnosticMessageText(diagnostic.messageText, ' ')} (${line + 1}:${character + 1})`;
}

function toReportFindings(cwd: string, file: string, found: readonly Finding[]): ReportFinding[] {
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
    ...(f.trace !== undefined ? { trace: f.trace.map((step) => ({ ...step, file: reportPath(cwd, step.file) })) } : {}),
  }));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
