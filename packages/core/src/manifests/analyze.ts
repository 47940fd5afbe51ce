/**
 * The manifest engine: runs the enabled manifest rules over one deployment file, applies `#`
 * suppressions, and returns findings in the same shape code findings have (so fingerprints,
 * baselines and every formatter treat them alike). Also runs the cross-checks over a whole run.
 */
import { isPair, type Node, type Pair } from 'yaml';
import type { Finding, RuleFailure } from '../engine/engine.js';
import { mergeOptions } from '../engine/engine.js';
import { normalizedSnippet } from '../engine/fingerprint.js';
import { formatMessage } from '../engine/messages.js';
import type { Severity } from '../engine/rule.js';
import { isSuppressed } from '../engine/suppressions.js';
import { dockerRange, dockerRuntime, isServiceImage, runsNode, type LspRange } from './dockerfile.js';
import { podTemplate } from './kubernetes.js';
import { DeploymentModel, type ManifestFile } from './model.js';
import type {
  AnyCrossCheck,
  AnyManifestRule,
  CodeFindingRef,
  CrossCheckAnnotation,
  RelatedLocation,
  ReportTarget,
} from './rule.js';
import type { ServiceUnit } from './service.js';
import { parseHashDirectives } from './suppressions.js';
import { nodeRange, type SourceRange } from './yaml.js';

export interface ConfiguredManifestRule {
  rule: AnyManifestRule;
  severity: Severity;
  options?: object;
}

export interface ConfiguredCrossCheck {
  rule: AnyCrossCheck;
  severity: Severity;
  options?: object;
}

function isLspRange(at: ReportTarget): at is LspRange {
  const start = (at as LspRange).start;
  return typeof start === 'object' && start !== null && typeof start.line === 'number' && typeof start.character === 'number';
}

/** The range a target covers in a file. */
export function targetRange(file: ManifestFile, at: ReportTarget): SourceRange {
  if (isLspRange(at)) {
    if (file.kind !== 'dockerfile') throw new Error('a Dockerfile range reported on a YAML file');
    return dockerRange(file.docker, at);
  }
  if (file.kind === 'dockerfile') throw new Error('a YAML node reported on a Dockerfile');
  const range = nodeRange(file.yaml, isPair(at) ? (at as Pair) : (at as Node));
  return range ?? { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
}

function makeFinding(
  file: ManifestFile,
  ruleId: string,
  severity: Severity,
  messages: Record<string, string>,
  descriptor: { at: ReportTarget; messageId: string; data?: Record<string, string | number>; symbol?: string },
): Finding {
  const template = messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${ruleId}: unknown messageId '${descriptor.messageId}'`);
  const range = targetRange(file, descriptor.at);
  return {
    ruleId,
    severity,
    messageId: descriptor.messageId,
    data: descriptor.data,
    message: formatMessage(template, descriptor.data),
    ...range,
    symbolPath: descriptor.symbol ?? '',
    snippet: normalizedSnippet(file.text.slice(range.start, range.end)),
    suggestions: [],
  };
}

export interface ManifestAnalysis {
  findings: Finding[];
  failures: RuleFailure[];
}

/** Runs manifest rules over one parsed file; `deployment` defaults to the file alone. */
export function analyzeManifest(file: ManifestFile, rules: readonly ConfiguredManifestRule[], deployment?: DeploymentModel): ManifestAnalysis {
  const model = deployment ?? new DeploymentModel([file]);
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const { rule, severity, options } of rules) {
    if (!rule.files.includes(file.kind)) continue;
    if (!file.environment.production && rule.alsoNonProduction !== true) continue;
    const mine: Finding[] = [];
    try {
      const visitors = rule.create({
        file,
        fileName: file.fileName,
        options: mergeOptions(rule.defaultOptions, options),
        deployment: model,
        production: file.environment.production,
        report: (d) => mine.push(makeFinding(file, rule.id, severity, rule.meta.messages, d)),
      });
      if (file.kind === 'kubernetes') {
        for (const resource of file.resources) {
          visitors.resource?.(resource);
          const template = visitors.workload ? podTemplate(resource) : undefined;
          if (template !== undefined) visitors.workload!(template);
        }
      } else if (file.kind === 'compose') {
        for (const service of file.services) visitors.composeService?.(service);
      } else {
        visitors.dockerfile?.(file);
        if (visitors.nodeImage !== undefined) {
          const runtime = dockerRuntime(file.docker, file.stages);
          if (runtime !== undefined && runsNode(runtime) && isServiceImage(runtime)) visitors.nodeImage(runtime, file);
        }
      }
      findings.push(...mine);
    } catch (error) {
      failures.push({ ruleId: rule.id, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    }
  }
  const directives = parseHashDirectives(file.text);
  const kept = directives.length > 0 ? findings.filter((f) => !isSuppressed(f, directives)) : findings;
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  const seen = new Set<string>();
  return {
    findings: kept.filter((f) => {
      const key = `${f.ruleId}\u0000${f.start}\u0000${f.end}\u0000${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    failures,
  };
}

export interface CrossCheckFinding {
  file: ManifestFile;
  finding: Finding;
  related: readonly RelatedLocation[];
}

export interface CodeAnnotation {
  finding: CodeFindingRef;
  ruleId: string;
  message: string;
  related: readonly RelatedLocation[];
  severity?: 'error';
}

export interface CrossCheckResult {
  findings: CrossCheckFinding[];
  annotations: CodeAnnotation[];
  failures: RuleFailure[];
}

/** Runs the cross-checks over the whole run; suppressions in the manifest apply to their findings. */
export function runCrossChecks(
  deployment: DeploymentModel,
  services: readonly ServiceUnit[],
  checks: readonly ConfiguredCrossCheck[],
): CrossCheckResult {
  const result: CrossCheckResult = { findings: [], annotations: [], failures: [] };
  const directivesOf = new Map<ManifestFile, ReturnType<typeof parseHashDirectives>>();
  for (const { rule, severity, options } of checks) {
    try {
      rule.check({
        options: mergeOptions(rule.defaultOptions, options),
        deployment,
        services,
        report: (d) => {
          const finding = makeFinding(d.file, rule.id, severity, rule.meta.messages, d);
          let directives = directivesOf.get(d.file);
          if (directives === undefined) directivesOf.set(d.file, (directives = parseHashDirectives(d.file.text)));
          if (isSuppressed(finding, directives)) return;
          result.findings.push({ file: d.file, finding, related: d.related });
        },
        annotate: (finding: CodeFindingRef, a: CrossCheckAnnotation<string>) => {
          const template = (rule.meta.messages as Record<string, string>)[a.messageId];
          if (template === undefined) throw new Error(`rule ${rule.id}: unknown messageId '${a.messageId}'`);
          result.annotations.push({ finding, ruleId: rule.id, message: formatMessage(template, a.data), related: a.related, ...(a.severity ? { severity: a.severity } : {}) });
        },
      });
    } catch (error) {
      result.failures.push({ ruleId: rule.id, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    }
  }
  return result;
}
