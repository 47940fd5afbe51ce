/** The one finding model every formatter reads (the JSON report is its serialisation). */
import type { RuleLike, RuleSetting, Severity } from '@statelint/core';
import type { SkipCategory } from './discover.js';

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  /** Relative to the working directory, `/`-separated. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fingerprint: string;
  /** The chain that makes the finding apply (file relative like `file`), when the rule gives one. */
  trace?: { file: string; line: number; column: number; what: string }[];
  /** Other places the finding is about (a cross-check's code location, the manifest that deploys it). */
  related?: ReportRelated[];
}

export interface ReportRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface ReportError {
  file: string;
  message: string;
  /** Set when a rule failed on the file (the rest of the file's rules still ran). */
  ruleId?: string;
}

export interface AuditReport {
  version: 1;
  tool: { name: 'statelint'; version: string };
  filesScanned: number;
  findings: ReportFinding[];
  errors: ReportError[];
}

export interface AuditSummary {
  filesScanned: number;
  typed: boolean;
  programs: number;
  skipped: ReadonlyMap<SkipCategory, number>;
  /** Findings hidden because the baseline has them. */
  baselined: number;
  /** Baseline entries that no longer match any finding (fixed since). */
  staleBaseline: number;
  /** What the file access refused to read (special files, links out of the repository …), as a sentence. */
  refused?: string;
}

export interface PhaseTiming {
  phase: string;
  ms: number;
  /** Files (or program source files) the phase went through. */
  files?: number;
  /** Part of the phase before it (a rule, the type checker): shown indented, not added to the total. */
  nested?: boolean;
}

export interface PerformanceCount {
  name: string;
  value: number;
}

export interface AuditResult {
  report: AuditReport;
  summary: AuditSummary;
  /** The rules that ran, with their settings (formatters describe them, e.g. SARIF). */
  rules: readonly { rule: RuleLike; setting: RuleSetting }[];
  timings: PhaseTiming[];
  /** Programs loaded, files analysed, files from the cache (`--performance`). */
  counts?: PerformanceCount[];
  /** `--cache`: why it was not used or not written, when so (printed on stderr). */
  cacheNote?: string;
  /** The process's peak resident memory so far (`--performance`). */
  peakMemoryMb?: number;
}
