/**
 * Internal errors, provoked: a rule that throws on one file, and the engine itself throwing on
 * another. Each is reported under `errors` with its file (and the rule, when a rule failed), every
 * other file and rule goes on, and the exit code is 2 (docs/contract.md: internal failure).
 */
import fs from 'node:fs';
import { defineRule } from '@statelint/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { JsonReport } from '../../../test/support/run-cli.js';
import { projects, run } from './in-process.js';

vi.mock('@statelint/rules', async (importOriginal) => {
  const original = await importOriginal<typeof import('@statelint/rules')>();
  const explodes = defineRule<'never', object>({
    id: 'test-explodes',
    meta: { type: 'problem', docs: { description: 'Throws on a call to explode().', recommended: 'warn' }, messages: { never: 'never' }, schema: {} },
    defaultOptions: {},
    create: (context) => ({
      CallExpression(call) {
        if (context.ts.isIdentifier(call.expression) && call.expression.text === 'explode') throw new Error('boom');
      },
    }),
  });
  const rules = [...original.rules, explodes];
  return { ...original, rules, rulesById: new Map(rules.map((r) => [r.id, r])) };
});

vi.mock('@statelint/core', async (importOriginal) => {
  const original = await importOriginal<typeof import('@statelint/core')>();
  return {
    ...original,
    analyzeSourceFile: (options: Parameters<typeof original.analyzeSourceFile>[0]) => {
      if (options.sourceFile.fileName.includes('engine-bug')) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      return original.analyzeSourceFile(options);
    },
  };
});

const { root, project } = projects('internal-errors-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;

describe.each([
  ['typed', []],
  ['untyped', ['--no-type-check', '--concurrency', 'off']],
] as [string, string[]][])('internal errors (%s)', (_mode, flags) => {
  it('are reported with file and rule, the audit goes on, exit 2', async () => {
    const dir = project({
      'src/a.ts': WRITE,
      'src/b.ts': `declare function explode(): void;\nexplode();\n${WRITE}`,
      'src/engine-bug.ts': WRITE,
      'src/c.ts': 'export const c = 1;\n',
    });
    const out = await run(dir, 'audit', '--format', 'json', ...flags);
    const report = JSON.parse(out.stdout) as JsonReport;
    expect(report.errors).toEqual([
      { file: 'src/b.ts', ruleId: 'test-explodes', message: 'rule test-explodes failed: boom' },
      { file: 'src/engine-bug.ts', message: "internal error: Cannot read properties of undefined (reading 'kind')" },
    ]);
    // The failed rule's findings for that file are dropped; every other rule and file goes on.
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['src/a.ts:3 no-fs-writes', 'src/b.ts:5 no-fs-writes']);
    expect(report.filesScanned).toBe(4);
    expect(out.code).toBe(2);

    const stylish = await run(dir, 'audit', ...flags);
    expect(stylish.code).toBe(2);
    expect(stylish.stdout).toContain('src/b.ts  rule test-explodes failed: boom');
    expect(stylish.stderr).toContain('2 could not be fully analysed');

    // SARIF says the run was not successful, so code scanning does not read it as a clean run.
    const sarif = JSON.parse((await run(dir, 'audit', '--format', 'sarif', ...flags)).stdout);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    const clean = project({ 'src/a.ts': WRITE, 'src/broken.ts': 'const = ;\n' });
    const parseErrorOnly = JSON.parse((await run(clean, 'audit', '--format', 'sarif', ...flags)).stdout);
    expect(parseErrorOnly.runs[0].invocations[0].executionSuccessful).toBe(true);
  });
});
