/**
 * RuleTester for manifest rules: each case runs through the engine as the CLI runs it (the file
 * alone, or with `files` as the rest of the deployment), and YAML cases also through ESLint with
 * `yaml-eslint-parser`, as `statelint.configs.manifests` runs them. Every expected error states its
 * exact location and data, and both front ends must report exactly those.
 *
 *   runManifestRuleTests('require-probes', { valid: [...], invalid: [{ code, errors: [{ messageId, line, … }] }] });
 */
import { analyzeManifest, DeploymentModel, formatMessage, manifestKindOf, parseManifest, type ManifestFile } from '@statelint/core';
import { manifestRules } from '@statelint/rules';
import { Linter } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import * as yamlParser from 'yaml-eslint-parser';
import { describe, expect, it } from 'vitest';

export interface ManifestCase {
  code: string;
  /** Default `deploy/app.yaml`; `Dockerfile`, `compose.yaml` for the other kinds. */
  filename?: string;
  options?: object;
  /** Other deployment files of the run (CLI only): `{ 'deploy/hpa.yaml': '…' }`. */
  files?: Record<string, string>;
  name?: string;
}

export interface ExpectedError {
  messageId: string;
  data?: Record<string, string | number>;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface InvalidManifestCase extends ManifestCase {
  errors: ExpectedError[];
}

function parse(filename: string, code: string): ManifestFile {
  const kind = manifestKindOf(filename, code) ?? 'kubernetes';
  const parsed = parseManifest(`/repo/${filename}`, code, kind, { root: '/repo' });
  if (parsed.file === undefined) throw new Error(`${filename}: ${parsed.error}`);
  return parsed.file;
}

export function runManifestRuleTests(ruleId: string, tests: { valid: readonly (ManifestCase | string)[]; invalid: readonly InvalidManifestCase[] }): void {
  const rule = manifestRules.find((r) => r.id === ruleId);
  if (rule === undefined) throw new Error(`no manifest rule ${ruleId}`);
  const messages = rule.meta.messages as Record<string, string>;
  const engine = (c: ManifestCase): string[] => {
    const filename = c.filename ?? 'deploy/app.yaml';
    const file = parse(filename, c.code);
    const others = Object.entries(c.files ?? {}).map(([name, text]) => parse(name, text));
    const { findings, failures } = analyzeManifest(file, [{ rule, severity: 'error', ...(c.options ? { options: c.options } : {}) }], new DeploymentModel([file, ...others]));
    expect(failures).toEqual([]);
    return findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
  };
  const eslint = (c: ManifestCase): string[] | undefined => {
    const filename = c.filename ?? 'deploy/app.yaml';
    if (!/\.ya?ml$/.test(filename) || c.files !== undefined) return undefined;
    const linter = new Linter({ configType: 'flat' });
    const result = linter.verify(
      c.code,
      [{ files: ['**/*.yaml', '**/*.yml'], languageOptions: { parser: yamlParser }, plugins: { statelint: statelint as never }, rules: { [`statelint/${ruleId}`]: c.options ? ['error', c.options] : 'error' } }],
      { filename },
    );
    return result.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.message}`);
  };
  const expected = (c: InvalidManifestCase): string[] =>
    c.errors.map((e) => {
      const template = messages[e.messageId];
      if (template === undefined) throw new Error(`unknown messageId ${e.messageId}`);
      return `${e.line}:${e.column}-${e.endLine}:${e.endColumn} ${formatMessage(template, e.data)}`;
    });
  describe(ruleId, () => {
    describe('valid', () => {
      tests.valid.forEach((v, i) => {
        const c = typeof v === 'string' ? { code: v } : v;
        it(c.name ?? `valid #${i}`, () => {
          expect(engine(c)).toEqual([]);
          const viaEslint = eslint(c);
          if (viaEslint !== undefined) expect(viaEslint).toEqual([]);
        });
      });
    });
    describe('invalid', () => {
      tests.invalid.forEach((c, i) => {
        it(c.name ?? `invalid #${i}`, () => {
          const want = expected(c);
          expect(engine(c)).toEqual(want);
          const viaEslint = eslint(c);
          if (viaEslint !== undefined) expect(viaEslint).toEqual(want);
        });
      });
    });
  });
}
