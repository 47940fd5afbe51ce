/**
 * Expected findings marked in fixture files: `// expect: rule-a, rule-b` at the end of a line, with
 * optional tags `expect(typed)`, `expect(untyped)`, `expect(strict)` (see fixtures/violations/README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface RunKind {
  typed: boolean;
  preset: 'all' | 'strict';
}

const MARK = /\/\/\s*expect(?:\(([\w\s,]+)\))?:\s*([\w\-,\s]+?)\s*$/;
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...sourceFiles(abs));
    else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(abs);
  }
  return out.sort();
}

/** `file:line rule` for every marked finding that applies to this kind of run, sorted. */
export function expectedFindings(dir: string, run: RunKind): string[] {
  const expected: string[] = [];
  for (const file of sourceFiles(dir)) {
    const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
    fs.readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((text, i) => {
        const match = MARK.exec(text);
        if (match === null) return;
        const tags = (match[1] ?? '').split(/[\s,]+/).filter(Boolean);
        for (const tag of tags) {
          if (!['typed', 'untyped', 'strict'].includes(tag)) throw new Error(`${rel}:${i + 1}: unknown mark tag ${tag}`);
        }
        if (tags.includes('typed') && !run.typed) return;
        if (tags.includes('untyped') && run.typed) return;
        if (tags.includes('strict') && run.preset !== 'strict') return;
        for (const rule of match[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
          expected.push(`${rel}:${i + 1} ${rule}`);
        }
      });
  }
  return expected.sort();
}

export interface Located {
  ruleId: string;
  file: string;
  line: number;
  column: number;
}

export function asMarks(findings: readonly Located[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();
}

export function asLocations(findings: readonly Located[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
}
