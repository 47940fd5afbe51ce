/**
 * Deployment files in an audit: reads the Kubernetes YAML, compose files and Dockerfiles discovery
 * found (and `--manifests <file|->`, rendered Helm output), runs the manifest rules on each with the
 * deployment model of the whole run, then the cross-checks between the code and the deployment.
 * A file that does not parse goes under `errors`; the audit goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  analyzeManifest,
  DeploymentModel,
  fingerprints,
  groupServices,
  manifestKindOf,
  parseManifest,
  PRODUCTION,
  runCrossChecks,
  type CodeFacts,
  type CodeFindingRef,
  type ConfiguredCrossCheck,
  type ConfiguredManifestRule,
  type Finding,
  type ManifestFile,
  type RelatedLocation,
  type ServiceRoot,
} from '@statelint/core';
import { reportPath, toPosix } from './paths.js';
import type { ReportError, ReportFinding, ReportRelated } from './report.js';
import { readText, type FileAccess } from './safe-fs.js';

/** The name rendered manifests from stdin are reported under. */
export const STDIN_NAME = '<stdin>';

export interface DeploymentInput {
  /** Where `--manifests <file>` is resolved from. */
  cwd: string;
  /** The repository root: report paths are relative to it, like every finding's. */
  root: string;
  /** Reads only regular files inside the audit root, within the size limit. */
  access: FileAccess;
  /** Deployment files discovery found (absolute, `/`-separated). */
  files: readonly string[];
  /** `--manifests`: a file, or `-` for stdin. */
  extra: string | undefined;
  readStdin?: () => string;
  manifestRules: readonly ConfiguredManifestRule[];
  crossChecks: readonly ConfiguredCrossCheck[];
  /** Code files with their facts, and the code findings (annotated in place). */
  code: readonly { file: string; facts: CodeFacts }[];
  codeFindings: ReportFinding[];
}

export interface DeploymentOutcome {
  findings: ReportFinding[];
  errors: ReportError[];
  filesScanned: number;
}

export function auditDeployment(input: DeploymentInput): DeploymentOutcome {
  const { cwd, root } = input;
  const out: DeploymentOutcome = { findings: [], errors: [], filesScanned: 0 };
  const parsed: ManifestFile[] = [];
  const sources: { name: string; read: () => string; kind: ReturnType<typeof manifestKindOf>; explicit?: true }[] = input.files.map((file) => ({
    name: file,
    read: () => readChecked(input.access, file),
    kind: undefined,
  }));
  if (input.extra !== undefined) {
    const stdin = input.extra === '-';
    const abs = stdin ? path.join(cwd, STDIN_NAME) : path.resolve(cwd, input.extra);
    sources.push({
      name: toPosix(abs),
      read: stdin ? (input.readStdin ?? (() => fs.readFileSync(0, 'utf8'))) : () => readChecked(input.access, abs),
      kind: 'kubernetes',
      explicit: true,
    });
  }
  for (const source of sources) {
    let text: string;
    try {
      text = source.read();
    } catch (error) {
      out.errors.push({ file: reportPath(root, source.name), message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    const kind = source.kind ?? manifestKindOf(source.name, text);
    if (kind === undefined) continue; // YAML that is neither Kubernetes nor compose
    // Rendered manifests named on the command line are production: the user chose them.
    const hasSibling = (name: string): boolean => fs.existsSync(path.join(path.dirname(source.name), name));
    const result = parseManifest(source.name, text, kind, source.explicit ? { environment: PRODUCTION } : { root, hasSibling });
    if (result.error !== undefined) {
      out.errors.push({ file: reportPath(root, source.name), message: result.error });
      continue;
    }
    parsed.push(result.file);
  }
  out.filesScanned = parsed.length;
  const deployment = new DeploymentModel(parsed);

  for (const file of parsed) {
    const rel = reportPath(root, file.fileName);
    const analysis = analyzeManifest(file, input.manifestRules, deployment);
    out.findings.push(...toReportFindings(rel, analysis.findings));
    for (const failure of analysis.failures) out.errors.push({ file: rel, ruleId: failure.ruleId, message: `rule ${failure.ruleId} failed: ${failure.message}` });
  }

  if (input.crossChecks.length > 0 && parsed.length > 0 && input.code.length > 0) {
    const roots = new Map<string, ServiceRoot>();
    const rootCache = new Map<string, string>();
    const rootOf = (file: string): string => {
      const dir = path.dirname(file);
      let found = rootCache.get(dir);
      if (found === undefined) {
        found = packageDirectory(dir, root);
        rootCache.set(dir, found);
      }
      if (!roots.has(found)) roots.set(found, { dir: found, name: packageName(found, input.access) });
      return found;
    };
    const codeFindingRefs: CodeFindingRef[] = input.codeFindings.map((f, index) => ({
      ruleId: f.ruleId,
      file: toPosix(path.resolve(root, f.file)),
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      severity: f.severity,
      index,
    }));
    for (const c of input.code) rootOf(c.file);
    for (const file of parsed) if (file.fileName !== toPosix(path.join(cwd, STDIN_NAME))) rootOf(file.fileName);
    for (const f of codeFindingRefs) rootOf(f.file);
    const services = groupServices({ roots: [...roots.values()], rootOf, code: input.code, codeFindings: codeFindingRefs, deployment });
    const result = runCrossChecks(deployment, services, input.crossChecks);
    const byFile = new Map<string, { finding: Finding; related: readonly RelatedLocation[] }[]>();
    for (const f of result.findings) {
      const rel = reportPath(root, f.file.fileName);
      const list = byFile.get(rel) ?? [];
      list.push({ finding: f.finding, related: f.related });
      byFile.set(rel, list);
    }
    for (const [rel, list] of byFile) {
      const prints = fingerprints(rel, list.map((l) => l.finding));
      list.forEach(({ finding, related }, i) => {
        out.findings.push({ ...toReportFinding(rel, finding, prints[i]!), related: related.map((r) => toRelated(root, r)) });
      });
    }
    for (const a of result.annotations) {
      const target = input.codeFindings[a.finding.index];
      if (target === undefined) continue;
      // A new object: the original may be kept by --cache, which must not store the annotation.
      input.codeFindings[a.finding.index] = {
        ...target,
        message: `${target.message} ${a.message}`,
        related: [...(target.related ?? []), ...a.related.map((r) => toRelated(root, r))],
        ...(a.severity === 'error' ? { severity: 'error' as const } : {}),
      };
    }
    for (const failure of result.failures) out.errors.push({ file: '.', ruleId: failure.ruleId, message: `rule ${failure.ruleId} failed: ${failure.message}` });
  }
  return out;
}

function readChecked(access: FileAccess, file: string): string {
  const read = readText(access, file);
  if (!read.ok) throw new Error(read.message);
  return read.text;
}

function toRelated(cwd: string, r: RelatedLocation): ReportRelated {
  return { file: reportPath(cwd, r.file), line: r.range.line, column: r.range.column, endLine: r.range.endLine, endColumn: r.range.endColumn, message: r.message };
}

function toReportFinding(file: string, f: Finding, fingerprint: string): ReportFinding {
  return { ruleId: f.ruleId, severity: f.severity, file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, message: f.message, fingerprint };
}

function toReportFindings(file: string, found: readonly Finding[]): ReportFinding[] {
  const prints = fingerprints(file, found);
  return found.map((f, i) => toReportFinding(file, f, prints[i]!));
}

/** The nearest directory with a package.json, not above the working directory (else the working directory). */
function packageDirectory(dir: string, cwd: string): string {
  const stop = path.resolve(cwd);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return toPosix(d);
    if (d === stop || path.dirname(d) === d || !d.startsWith(stop)) return toPosix(stop);
  }
}

function packageName(dir: string, access: FileAccess): string | undefined {
  const read = readText(access, path.join(dir, 'package.json'));
  if (!read.ok) return undefined;
  try {
    const pkg = JSON.parse(read.text) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}
