/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: the rules that ran (with help
 * text and a help URI), one result per finding with a repo-relative location, and the fingerprint
 * as `partialFingerprints` so alerts stay matched across pushes. Files that could not be analysed
 * are tool execution notifications.
 */
import type { AuditResult, TraceEntry } from '../report.js';

export const SARIF_RESULT_LIMIT = 25_000;
const DOCS = 'https://github.com/statelint/statelint/blob/main/docs/rules/';
const INFORMATION_URI = 'https://github.com/statelint/statelint';

export function formatSarif(result: AuditResult): string {
  const { report } = result;
  const ruleIndex = new Map(result.rules.map(({ rule }, i) => [rule.id, i]));
  const findings = report.findings.slice(0, SARIF_RESULT_LIMIT);
  const notifications = report.errors.map((e) => ({
    level: 'warning',
    message: { text: e.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file) } } }],
    ...(e.ruleId ? { associatedRule: { id: e.ruleId, index: ruleIndex.get(e.ruleId) } } : {}),
  }));
  if (report.findings.length > SARIF_RESULT_LIMIT) {
    notifications.push({
      level: 'warning',
      message: { text: `${report.findings.length - SARIF_RESULT_LIMIT} findings over SARIF's limit of ${SARIF_RESULT_LIMIT} results were left out` },
      locations: [],
    });
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'statelint',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: result.rules.map(({ rule, setting }) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.meta.docs.description },
              fullDescription: { text: rule.meta.docs.description },
              help: {
                text: `${rule.meta.docs.description} See ${DOCS}${rule.id}.md`,
                markdown: `${rule.meta.docs.description}\n\n[Documentation](${DOCS}${rule.id}.md)`,
              },
              helpUri: `${DOCS}${rule.id}.md`,
              defaultConfiguration: { level: setting.severity === 'warn' ? 'warning' : 'error' },
              properties: { tags: ['statelint', 'scalability'], precision: 'high' },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { 'statelint/v1': f.fingerprint },
          // --explain: the chain that made the finding apply, as related locations and one code flow.
          ...(f.trace !== undefined && f.trace.length > 0 ? traceOf(f.trace) : {}),
        })),
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function traceLocation(step: TraceEntry, id?: number): Record<string, unknown> {
  return {
    ...(id !== undefined ? { id } : {}),
    physicalLocation: { artifactLocation: { uri: encodeURI(step.file), uriBaseId: '%SRCROOT%' }, region: { startLine: step.line, startColumn: step.column } },
    message: { text: step.what },
  };
}

function traceOf(trace: readonly TraceEntry[]): Record<string, unknown> {
  return {
    relatedLocations: trace.map((step, i) => traceLocation(step, i)),
    codeFlows: [{ threadFlows: [{ locations: trace.map((step) => ({ location: traceLocation(step) })) }] }],
  };
}
