/**
 * Both front ends over the violations gallery and the reference service: the CLI (built, run as a
 * user would) and ESLint with the plugin's flat configs, typed and untyped. Each must report exactly
 * the marked findings, and the two must agree on every (rule, file, line, column): parity.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossChecks } from '@statelint/rules';
import { asLocations, asMarks, expectedFindings, isDockerfile, type Located, type RunKind } from './support/marks.js';
import { REPO_ROOT } from './support/paths.js';
import { runCliJson } from './support/run-cli.js';
import { lintDirectory } from './support/run-eslint.js';

const VIOLATIONS = path.join(REPO_ROOT, 'fixtures', 'violations');
const REFERENCE = path.join(REPO_ROOT, 'fixtures', 'reference-service');

/** What only the CLI reports: Dockerfiles and the cross-checks between code and deployment. */
const CLI_ONLY = new Set(crossChecks.map((c) => c.id));
const eslintCanSee = (f: Located): boolean => !isDockerfile(f.file) && !CLI_ONLY.has(f.ruleId);
const eslintCanSeeMark = (mark: string): boolean => {
  const [where, ruleId] = mark.split(' ') as [string, string];
  return eslintCanSee({ file: where.slice(0, where.lastIndexOf(':')), ruleId, line: 0, column: 0 });
};

const runs: RunKind[] = [
  { typed: true, preset: 'all' },
  { typed: false, preset: 'all' },
  { typed: true, preset: 'strict' },
  { typed: false, preset: 'strict' },
];

describe.each(runs)('violations gallery, typed=$typed, $preset', (run) => {
  const cliArgs = [
    'audit',
    'fixtures/violations',
    ...(run.typed ? [] : ['--no-type-check']),
    ...(run.preset === 'strict' ? ['-c', 'fixtures/violations/statelint.strict.json'] : []),
  ];
  const expected = expectedFindings(VIOLATIONS, run);
  let cliFindings: ReturnType<typeof runCliJson>['report']['findings'] = [];

  it('the CLI reports exactly the marked findings', () => {
    const { report, code, stderr } = runCliJson(cliArgs);
    expect(report.errors, stderr).toEqual([]);
    cliFindings = report.findings;
    expect(asMarks(report.findings)).toEqual(expected);
    expect(code).toBe(report.findings.some((f) => f.severity === 'error') ? 1 : 0);
  });

  it('ESLint reports exactly the marked findings, at the same places as the CLI (parity)', async () => {
    const eslintFindings = await lintDirectory(VIOLATIONS, { ...run, manifests: true });
    expect(asMarks(eslintFindings)).toEqual(expected.filter(eslintCanSeeMark));
    expect(asLocations(eslintFindings)).toEqual(asLocations(cliFindings.filter(eslintCanSee)));
  });
});

describe('reference service', () => {
  it.each([true, false])('the CLI reports nothing on strict (typed=%s)', (typed) => {
    const { report, code } = runCliJson(['audit', 'fixtures/reference-service', ...(typed ? [] : ['--no-type-check'])]);
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.filesScanned).toBeGreaterThan(0);
    expect(code).toBe(0);
  });

  it.each([true, false])('ESLint with configs.strict and configs.manifestsStrict reports nothing (typed=%s)', async (typed) => {
    expect(await lintDirectory(REFERENCE, { typed, preset: 'strict', manifests: true })).toEqual([]);
  });
});
