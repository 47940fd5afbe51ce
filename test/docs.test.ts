/**
 * Docs that are tests: every ```<lang> incorrect``` block in docs/rules/<id>.md must be reported by
 * that rule, every ```<lang> correct``` block must not. A JSON object after the tag is the rule's
 * options for that block: ```ts correct {"allowTmpdir": true}```.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import { rules } from '@statelint/rules';
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
