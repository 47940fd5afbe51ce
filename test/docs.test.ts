/**
 * Docs that are tests: every ```<lang> incorrect``` block in docs/rules/<id>.md must be reported by
 * that rule, every ```<lang> correct``` block must not. A JSON object after the tag is the rule's
 * options for that block: ```ts correct {"allowTmpdir": true}```.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import { analyzeManifest, manifestKindOf, parseManifest, type AnyManifestRule } from '@statelint/core';
import { crossChecks, manifestRules, rules } from '@statelint/rules';
import os from 'node:os';
import * as yamlParser from 'yaml-eslint-parser';
import { runCli, type JsonReport } from './support/run-cli.js';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const FENCE = /^```(ts|tsx|js|jsx|mjs|cjs) (correct|incorrect)(?: (\{.*\}))?\n([\s\S]*?)^```$/gm;

interface Example {
  lang: string;
  kind: 'correct' | 'incorrect';
  options: object | undefined;
  code: string;
  line: number;
}

function examples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const match of markdown.matchAll(FENCE)) {
    found.push({
      lang: match[1]!,
      kind: match[2] as Example['kind'],
      options: match[3] ? (JSON.parse(match[3]) as object) : undefined,
      code: match[4]!,
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return found;
}

describe.each(rules.map((r) => r.id))('docs/rules/%s.md', (id) => {
  const file = path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`);
  const markdown = fs.readFileSync(file, 'utf8');
  const blocks = examples(markdown);

  it('has at least one incorrect and one correct example', () => {
    expect(blocks.filter((b) => b.kind === 'incorrect').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.kind === 'correct').length).toBeGreaterThan(0);
  });

  it.each(blocks.map((b) => [`${b.kind} example at line ${b.line}`, b] as const))('%s', (_name, block) => {
    const linter = new Linter({ configType: 'flat' });
    const filename = `example.${block.lang}`;
    const messages = linter.verify(
      block.code,
      [
        { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser as never } },
        {
          files: ['**/*'],
          plugins: { statelint: statelint as never },
          rules: { [`statelint/${id}`]: block.options ? ['error', block.options] : 'error' },
        },
      ],
      { filename },
    );
    const fatal = messages.filter((m) => m.fatal);
    expect(fatal).toEqual([]);
    if (block.kind === 'incorrect') expect(messages.length).toBeGreaterThan(0);
    else expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
  });
});

// --- deployment rules: ```yaml``` and ```dockerfile``` blocks through the engine (and ESLint for
// YAML); cross-checks: ```deploy``` blocks (files separated by `# file: <path>` lines) written to a
// temporary project and audited by the built CLI.

const MANIFEST_FENCE = /^```(yaml|dockerfile|deploy) (correct|incorrect)(?: (\{.*\}))?\n([\s\S]*?)^```$/gm;

function manifestExamples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const match of markdown.matchAll(MANIFEST_FENCE)) {
    found.push({
      lang: match[1]!,
      kind: match[2] as Example['kind'],
      options: match[3] ? (JSON.parse(match[3]) as object) : undefined,
      code: match[4]!,
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return found;
}

describe.each([...manifestRules, ...crossChecks].map((r) => [r.id, r] as const))('docs/rules/%s.md (deployment)', (id, rule) => {
  const markdown = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
  const blocks = manifestExamples(markdown);

  it('has at least one incorrect and one correct example', () => {
    expect(blocks.filter((b) => b.kind === 'incorrect').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.kind === 'correct').length).toBeGreaterThan(0);
  });

  it.each(blocks.map((b) => [`${b.kind} ${b.lang} example at line ${b.line}`, b] as const))('%s', (_name, block) => {
    if (block.lang === 'deploy') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-docs-'));
      try {
        fs.mkdirSync(path.join(dir, '.git'));
        for (const part of block.code.split(/^# file: /m).filter(Boolean)) {
          const newline = part.indexOf('\n');
          const name = part.slice(0, newline).trim();
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), part.slice(newline + 1));
        }
        const run = runCli(['audit', '.', '--format', 'json'], dir);
        const report = JSON.parse(run.stdout) as JsonReport;
        // no-state-across-replicas reports nothing itself: it annotates the code rules' findings.
        const ours = report.findings.filter((f) => f.ruleId === id || (id === 'no-state-across-replicas' && f.message.includes('each replica has its own copy of this state')));
        expect(report.errors).toEqual([]);
        if (block.kind === 'incorrect') expect(ours.length).toBeGreaterThan(0);
        else expect(ours.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      return;
    }
    const filename = block.lang === 'dockerfile' ? 'Dockerfile' : 'deploy/app.yaml'; // not example.yaml: an example is not production
    const kind = manifestKindOf(filename, block.code) ?? 'kubernetes';
    const parsed = parseManifest(filename, block.code, kind);
    expect(parsed.error).toBeUndefined();
    const { findings } = analyzeManifest(parsed.file!, [{ rule: rule as AnyManifestRule, severity: 'error', ...(block.options ? { options: block.options } : {}) }]);
    if (block.kind === 'incorrect') expect(findings.length).toBeGreaterThan(0);
    else expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
    if (block.lang === 'yaml') {
      const messages = new Linter({ configType: 'flat' }).verify(
        block.code,
        [{ files: ['**/*.yaml'], languageOptions: { parser: yamlParser }, plugins: { statelint: statelint as never }, rules: { [`statelint/${id}`]: block.options ? ['error', block.options] : 'error' } }],
        { filename },
      );
      expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual(findings.map((f) => `${f.line}:${f.column} ${f.message}`));
    }
  });
});
