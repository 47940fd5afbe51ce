/**
 * ESLint's per-rule timing (`TIMING=1`) must charge each statelint rule its own work. Normally the
 * plugin runs the engine once per file for every statelint rule (the first rule's listener pays for
 * all); under TIMING each rule's listener runs the engine for that rule alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defineRule, type AnyRule } from '@statelint/core';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import ts from 'typescript';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sessionFor } from '../packages/eslint-plugin/src/session.js';
import { REPO_ROOT } from './support/paths.js';

/** A rule that records every identifier it visits and reports none. */
function recordingRule(id: string, seen: string[]): AnyRule {
  return defineRule<'never', object>({
    id,
    meta: { type: 'problem', docs: { description: id, recommended: 'error' }, messages: { never: 'never' }, schema: { type: 'object' } },
    defaultOptions: {},
    create: () => ({ Identifier: (node: ts.Identifier) => void seen.push(`${id}:${node.text}`) }),
  } as never) as AnyRule;
}

function sourceCodeOf(text: string): Readonly<TSESLint.SourceCode> {
  const linter = new Linter({ configType: 'flat' });
  linter.verify(text, [{ files: ['**/*.js'] }], 'a.js');
  return linter.getSourceCode() as unknown as Readonly<TSESLint.SourceCode>;
}

describe('the plugin session', () => {
  const timing = process.env['TIMING'];
  afterEach(() => {
    if (timing === undefined) delete process.env['TIMING'];
    else process.env['TIMING'] = timing;
  });

  it('under TIMING, a rule asking for its result runs only its own visitors, each rule once', () => {
    process.env['TIMING'] = '1';
    const seen: string[] = [];
    const sourceCode = sourceCodeOf('const alpha = beta;\n');
    const a = sessionFor(ts, sourceCode, 'a.js', REPO_ROOT, { rule: recordingRule('rule-a', seen), options: undefined });
    const b = sessionFor(ts, sourceCode, 'a.js', REPO_ROOT, { rule: recordingRule('rule-b', seen), options: undefined });
    expect(b).toBe(a);
    a.run('rule-a');
    expect(seen).toEqual(['rule-a:alpha', 'rule-a:beta']);
    b.run('rule-b');
    b.run('rule-a');
    expect(seen).toEqual(['rule-a:alpha', 'rule-a:beta', 'rule-b:alpha', 'rule-b:beta']);
  });

  it('without TIMING, the first rule to ask runs the engine once for all of them', () => {
    delete process.env['TIMING'];
    const seen: string[] = [];
    const sourceCode = sourceCodeOf('const alpha = beta;\n');
    const session = sessionFor(ts, sourceCode, 'a.js', REPO_ROOT, { rule: recordingRule('rule-a', seen), options: undefined });
    sessionFor(ts, sourceCode, 'a.js', REPO_ROOT, { rule: recordingRule('rule-b', seen), options: undefined });
    session.run('rule-a');
    session.run('rule-b');
    expect(seen.sort()).toEqual(['rule-a:alpha', 'rule-a:beta', 'rule-b:alpha', 'rule-b:beta']);
  });
});

describe('TIMING=all over the violations gallery', () => {
  const dir = path.join(REPO_ROOT, '.statelint-tmp', 'eslint-timing');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every statelint rule has a row, and no one rule carries nearly all of statelint’s time; the findings are those of a run without TIMING', () => {
    fs.mkdirSync(dir, { recursive: true });
    const config = path.join(dir, 'eslint.config.js');
    fs.writeFileSync(
      config,
      "import statelint from 'eslint-plugin-statelint';\nimport tseslint from 'typescript-eslint';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, statelint.configs.recommended];\n",
    );
    const eslint = (env: NodeJS.ProcessEnv, format: string) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', config, '.', '--format', format], {
        cwd: path.join(REPO_ROOT, 'fixtures', 'violations'),
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
    const timed = eslint({ TIMING: 'all' }, 'json');
    const table = timed.stdout.slice(timed.stdout.lastIndexOf('Rule '));
    const rows = [...table.matchAll(/^(statelint\/[\w-]+)\s*\|\s*([\d.]+)\s*\|/gm)].map((m) => ({ rule: m[1]!, ms: Number(m[2]) }));
    expect(rows.map((r) => r.rule).sort()).toEqual(
      ['no-fs-writes', 'no-in-memory-cache', 'no-in-memory-sessions', 'no-local-scheduler', 'no-module-state', 'no-per-request-client', 'no-unverified-jwt', 'require-abort-signal', 'require-graceful-shutdown', 'require-request-limits', 'require-structured-logging'].map((id) => `statelint/${id}`),
    );
    const total = rows.reduce((sum, r) => sum + r.ms, 0);
    // One shared run charged ≈100% to the first rule; each rule's own work spreads it.
    expect(Math.max(...rows.map((r) => r.ms)) / total).toBeLessThan(0.9);
    const findings = (out: string) =>
      (JSON.parse(out.slice(0, out.lastIndexOf('Rule ')).trim() || out) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[])
        .flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
        .sort();
    const untimed = findings(eslint({}, 'json').stdout);
    expect(untimed.length).toBeGreaterThan(50);
    expect(findings(timed.stdout)).toEqual(untimed);
  }, 300_000);
});
