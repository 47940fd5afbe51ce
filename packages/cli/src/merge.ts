/**
 * `statelint merge <reports…>`: joins the JSON or SARIF reports of `--shard` runs into one report,
 * identical to the report of a single run over everything: the findings and errors of every shard,
 * in the audit's order (report-order.ts), errors every shard reports alike once, the files scanned
 * summed (JSON), the same rules (SARIF).
 * The output is made by the same formatter as an audit's, from the same finding model.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RuleSetting } from '@statelint/core';
import { crossChecks, manifestRules, rules as codeRules } from '@statelint/rules';
import { UsageError } from './errors.js';
import { formatJson, formatSarif } from './formatters/index.js';
import type { AuditReport, AuditResult, ReportError, ReportFinding, ReportRelated } from './report.js';
import { compareErrors, compareFindings } from './report-order.js';

export type MergeFormat = 'json' | 'sarif';

export interface Merged {
  format: MergeFormat;
  result: AuditResult;
  text: string;
}

interface SarifRun {
  tool: { driver: { name: string; version: string; rules: { id: string; defaultConfiguration?: { level?: string } }[] } };
  results: {
    ruleId: string;
    level: string;
    message: { text: string };
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    partialFingerprints?: Record<string, string>;
    relatedLocations?: SarifLocation[];
  }[];
  invocations?: { toolExecutionNotifications?: { message: { text: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[]; associatedRule?: { id: string } }[] }[];
}

const rulesById = new Map<string, AuditResult['rules'][number]['rule']>([...codeRules, ...manifestRules, ...crossChecks].map((r) => [r.id, r]));

type SarifLocation = { message?: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } } };

/** The formatter writes related places (with an end) first, then the trace's steps (without). */
function relatedAndTrace(locations: readonly SarifLocation[] | undefined): Pick<ReportFinding, 'related' | 'trace'> {
  const related: ReportRelated[] = [];
  const trace: NonNullable<ReportFinding['trace']> = [];
  for (const l of locations ?? []) {
    const file = decodeURI(l.physicalLocation.artifactLocation.uri);
    const r = l.physicalLocation.region;
    if (r.endLine !== undefined) related.push({ file, line: r.startLine, column: r.startColumn, endLine: r.endLine, endColumn: r.endColumn!, message: l.message?.text ?? '' });
    else trace.push({ file, line: r.startLine, column: r.startColumn, what: l.message?.text ?? '' });
  }
  return { ...(trace.length > 0 ? { trace } : {}), ...(related.length > 0 ? { related } : {}) };
}

export function mergeReports(cwd: string, files: readonly string[]): Merged {
  if (files.length === 0) throw new UsageError('merge needs at least one report');
  const inputs = files.map((file) => {
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8'));
    } catch (error) {
      throw new UsageError(`${file}: not a readable JSON or SARIF report (${(error as Error).message})`);
    }
    const kind = kindOf(data);
    if (kind === undefined) throw new UsageError(`${file}: neither a statelint JSON report nor SARIF 2.1.0 from statelint`);
    return { file, kind, data };
  });
  const format = inputs[0]!.kind;
  const other = inputs.find((i) => i.kind !== format);
  if (other !== undefined) throw new UsageError(`${other.file} is ${other.kind} but ${inputs[0]!.file} is ${format}: merge reports of one format`);

  const findings: ReportFinding[] = [];
  const errors: ReportError[] = [];
  let filesScanned = 0;
  let version: string | undefined;
  let rules: AuditResult['rules'] = [];
  for (const input of inputs) {
    let toolVersion: string;
    if (input.kind === 'json') {
      const report = input.data as AuditReport;
      toolVersion = report.tool.version;
      filesScanned += report.filesScanned;
      findings.push(...report.findings);
      errors.push(...report.errors);
    } else {
      const run = (input.data as { runs: SarifRun[] }).runs[0]!;
      toolVersion = run.tool.driver.version;
      const these = run.tool.driver.rules.map((r) => {
        const rule = rulesById.get(r.id);
        if (rule === undefined) throw new UsageError(`${input.file}: unknown rule ${r.id} (made by another statelint version?)`);
        const setting: RuleSetting = { severity: r.defaultConfiguration?.level === 'warning' ? 'warn' : 'error', options: undefined } as RuleSetting;
        return { rule, setting };
      });
      if (rules.length === 0) rules = these;
      else if (these.map((r) => `${r.rule.id}:${r.setting.severity}`).join() !== rules.map((r) => `${r.rule.id}:${r.setting.severity}`).join()) {
        throw new UsageError(`${input.file} ran other rules than ${inputs[0]!.file}: merge shards of one configuration`);
      }
      for (const r of run.results) {
        const location = r.locations[0]!.physicalLocation;
        findings.push({
          ruleId: r.ruleId,
          severity: r.level === 'error' ? 'error' : 'warn',
          file: decodeURI(location.artifactLocation.uri),
          line: location.region.startLine,
          column: location.region.startColumn,
          endLine: location.region.endLine,
          endColumn: location.region.endColumn,
          message: r.message.text,
          fingerprint: r.partialFingerprints?.['statelint/v1'] ?? '',
          ...relatedAndTrace(r.relatedLocations),
        });
      }
      for (const n of run.invocations?.[0]?.toolExecutionNotifications ?? []) {
        const uri = n.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
        if (uri === undefined) continue; // "over SARIF's limit": the formatter says it again
        errors.push({ file: decodeURI(uri), message: n.message.text, ...(n.associatedRule ? { ruleId: n.associatedRule.id } : {}) });
      }
    }
    if (version !== undefined && toolVersion !== version) {
      throw new UsageError(`${input.file} was made by statelint ${toolVersion}, ${inputs[0]!.file} by ${version}`);
    }
    version = toolVersion;
  }
  findings.sort(compareFindings);
  errors.sort(compareErrors);
  // What every shard reports alike (a tsconfig that cannot be loaded, a directory that cannot be
  // read, a missing path argument) is one error of the single run.
  const unique = errors.filter((e, i) => i === 0 || compareErrors(e, errors[i - 1]!) !== 0);
  const result: AuditResult = {
    report: { version: 1, tool: { name: 'statelint', version: version! }, filesScanned, findings, errors: unique },
    summary: { filesScanned, typed: true, programs: 0, skipped: new Map(), baselined: 0, staleBaseline: 0 },
    rules,
    timings: [],
  };
  return { format, result, text: format === 'json' ? formatJson(result) : formatSarif(result) };
}

function kindOf(data: unknown): MergeFormat | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (d['version'] === 1 && Array.isArray(d['findings']) && Array.isArray(d['errors'])) return 'json';
  const runs = d['runs'];
  if (d['version'] === '2.1.0' && Array.isArray(runs) && runs.length === 1 && (runs[0] as SarifRun)?.tool?.driver?.name === 'statelint') return 'sarif';
  return undefined;
}
