/**
 * Baselines for legacy repositories: `--update-baseline` records today's findings by fingerprint;
 * later runs with `--baseline` report only findings that are not recorded. Fingerprints ignore line
 * numbers, so edits elsewhere in a file do not bring recorded findings back.
 */
import fs from 'node:fs';
import { UsageError } from './errors.js';
import type { ReportFinding } from './report.js';

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

export function readBaseline(file: string, label: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read baseline ${label}: ${code ?? String(error)}${code === 'ENOENT' ? ' (create it with --update-baseline)' : ''}`);
  }
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

export function writeBaseline(file: string, findings: readonly ReportFinding[]): void {
  const body: BaselineFile = {
    version: 1,
    tool: 'statelint',
    findings: findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, fingerprint: f.fingerprint })),
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
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
