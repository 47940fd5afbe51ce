/**
 * Baselines for legacy repositories: `--update-baseline` records today's findings by fingerprint;
 * later runs with `--baseline` report only findings that are not recorded. Fingerprints ignore line
 * numbers, so edits elsewhere in a file do not bring recorded findings back.
 */
import { UsageError } from './errors.js';
import type { ReportFinding } from './report.js';
import { readText, type FileAccess } from './safe-fs.js';
import { writeFileAtomic, type WriteTarget } from './write-atomic.js';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  line: number;
  fingerprint: string;
}

interface BaselineFile {
  version: 1;
  tool: 'statelint';
  findings: BaselineEntry[];
}

/** Reads a baseline through the audit's file access (a regular file inside the repository, under the size cap). */
export function readBaseline(access: FileAccess, file: string, label: string): Set<string> {
  const read = readText(access, file);
  if (!read.ok) {
    if (read.refusal === 'missing') throw new UsageError(`cannot read baseline ${label}: ENOENT (create it with --update-baseline)`);
    if (read.refusal === 'unreadable') throw new UsageError(`cannot read baseline ${label}: ${read.code ?? 'error'}`);
    throw new UsageError(`cannot read baseline ${label}: ${read.message}`);
  }
  const text = read.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`baseline ${label}: invalid JSON (${(error as Error).message})`);
  }
  const body = parsed as Partial<BaselineFile> | null;
  if (body === null || typeof body !== 'object' || body.version !== 1 || !Array.isArray(body.findings)) {
    throw new UsageError(`baseline ${label}: not a statelint baseline (expected { "version": 1, "findings": [...] })`);
  }
  const fingerprints = new Set<string>();
  for (const [i, entry] of body.findings.entries()) {
    if (typeof entry?.fingerprint !== 'string') throw new UsageError(`baseline ${label}: findings[${i}].fingerprint must be a string`);
    fingerprints.add(entry.fingerprint);
  }
  return fingerprints;
}

/** Writes the baseline atomically, never through a link inside the tree (write-atomic.ts). */
export function writeBaseline(target: WriteTarget, findings: readonly ReportFinding[]): void {
  const body: BaselineFile = {
    version: 1,
    tool: 'statelint',
    findings: findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, fingerprint: f.fingerprint })),
  };
  writeFileAtomic(target, `${JSON.stringify(body, null, 2)}\n`);
}

/** Splits findings into new ones and recorded ones; counts recorded entries that matched nothing. */
export function applyBaseline(
  findings: readonly ReportFinding[],
  recorded: ReadonlySet<string>,
): { fresh: ReportFinding[]; baselined: number; stale: number } {
  const matched = new Set<string>();
  const fresh: ReportFinding[] = [];
  for (const finding of findings) {
    if (recorded.has(finding.fingerprint)) matched.add(finding.fingerprint);
    else fresh.push(finding);
  }
  return { fresh, baselined: findings.length - fresh.length, stale: recorded.size - matched.size };
}
