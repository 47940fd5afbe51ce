/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: the rules that ran (with help
 * text and a help URI), one result per finding with a repo-relative location, and the fingerprint
 * as `partialFingerprints` so alerts stay matched across pushes. Files that could not be analysed
 * are tool execution notifications. Locations are relative to the repository root, which
 * `originalUriBaseIds` describes as `%SRCROOT%`, whatever directory statelint ran in; after an internal
 * error (a rule that threw, a worker that died) `executionSuccessful` is false.
 */
import { UNUSED_DIRECTIVE_RULE_ID } from '@statelint/core';
import { INTERNAL_ERROR } from '../errors.js';
import type { AuditResult } from '../report.js';

export const SARIF_RESULT_LIMIT = 25_000;
const DOCS = 'https://github.com/statelint/statelint/blob/main/docs/rules/';
const INFORMATION_URI = 'https://github.com/statelint/statelint';

export function formatSarif(result: AuditResult): string {
  const { report } = result;
  const ruleIndex = new Map(result.rules.map(({ rule }, i) => [rule.id, i]));
  // `--report-unused-disable-directives` findings have a descriptor of their own, after the rules.
  const unusedDirectives = report.findings.some((f) => f.ruleId === UNUSED_DIRECTIVE_RULE_ID);
  if (unusedDirectives) ruleIndex.set(UNUSED_DIRECTIVE_RULE_ID, result.rules.length);
  const findings = report.findings.slice(0, SARIF_RESULT_LIMIT);
  const notifications = report.errors.map((e) => ({
    level: 'warning',
    message: { text: e.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file), uriBaseId: '%SRCROOT%' } } }],
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
              name: ruleName(rule.id),
              shortDescription: { text: rule.meta.docs.description },
              fullDescription: { text: rule.meta.docs.description },
              help: {
                text: `${rule.meta.docs.description}\n\nWhy, how to fix it, and the rule's options: ${DOCS}${rule.id}.md`,
                markdown: `${rule.meta.docs.description}\n\nWhy it matters, how to fix it, and the rule's options: [statelint/${rule.id}](${DOCS}${rule.id}.md)`,
              },
              helpUri: `${DOCS}${rule.id}.md`,
              defaultConfiguration: { level: setting.severity === 'warn' ? 'warning' : 'error' },
              properties: { tags: ['statelint', 'scalability'], precision: 'high' },
            })).concat(unusedDirectives ? [UNUSED_DIRECTIVE_DESCRIPTOR as never] : []),
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
          ...(relatedLocationsOf(f).length > 0 ? { relatedLocations: relatedLocationsOf(f) } : {}),
          partialFingerprints: { 'statelint/v1': f.fingerprint },
        })),
        invocations: [{ executionSuccessful: !report.errors.some(isInternalError), toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        // No absolute path (reports name nothing outside the repository): consumers such as GitHub's
        // upload resolve %SRCROOT% to the checkout, which is the repository root.
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root: the nearest directory holding .git at or above where statelint ran.' } } },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/**
 * SARIF related locations of a finding: the other places it is about (a cross-check's code or
 * manifest location), then the steps of the chain that made it apply.
 */
function relatedLocationsOf(f: AuditResult['report']['findings'][number]): object[] {
  const location = (file: string, region: object) => ({ artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' }, region });
  const related = (f.related ?? []).map((r) => ({
    message: { text: r.message },
    physicalLocation: location(r.file, { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn }),
  }));
  const steps = (f.trace ?? []).map((step) => ({
    message: { text: step.what },
    physicalLocation: location(step.file, { startLine: step.line, startColumn: step.column }),
  }));
  return [...related, ...steps].map((entry, id) => ({ id, ...entry }));
}

const SUPPRESSIONS_DOCS = 'https://github.com/statelint/statelint/blob/main/docs/contract.md#suppressions';
const UNUSED_DIRECTIVE_DESCRIPTOR = {
  id: UNUSED_DIRECTIVE_RULE_ID,
  name: ruleName(UNUSED_DIRECTIVE_RULE_ID),
  shortDescription: { text: 'A disable comment that suppresses nothing.' },
  fullDescription: { text: 'A statelint-disable comment (or an eslint-disable comment naming statelint rules) that suppresses no finding.' },
  help: {
    text: `A disable comment that suppresses nothing hides the next real finding on its line. Remove it: ${SUPPRESSIONS_DOCS}`,
    markdown: `A disable comment that suppresses nothing hides the next real finding on its line. Remove it ([suppressions](${SUPPRESSIONS_DOCS})).`,
  },
  helpUri: SUPPRESSIONS_DOCS,
  properties: { tags: ['statelint', 'suppressions'], precision: 'very-high' },
};

/** SARIF's `name` is a readable identifier distinct from the id: `no-fs-writes` → `NoFsWrites`. */
export function ruleName(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function isInternalError(error: { ruleId?: string; message: string }): boolean {
  return error.ruleId !== undefined || error.message.startsWith(INTERNAL_ERROR);
}
