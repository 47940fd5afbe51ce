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
/** In YAML: `# expect: id` at the end of the line. */
const HASH_MARK = /#\s*expect(?:\(([\w\s,]+)\))?:\s*([\w\-,\s]+?)\s*$/;
/** In Dockerfiles (comments are whole lines): `# expect-next-line: id` marks the next line. */
const NEXT_LINE_MARK = /^\s*#\s*expect-next-line(?:\(([\w\s,]+)\))?:\s*([\w\-,\s]+?)\s*$/;
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const YAML = /\.ya?ml$/;
const DOCKERFILE = /^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;

/** Does a file hold marks: source files, YAML, Dockerfiles. */
function marked(name: string): boolean {
  return (SOURCE.test(name) && !name.endsWith('.d.ts')) || YAML.test(name) || DOCKERFILE.test(name);
}

export function isDockerfile(file: string): boolean {
  return DOCKERFILE.test(path.basename(file));
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...sourceFiles(abs));
    else if (entry.isFile() && marked(entry.name)) out.push(abs);
  }
  return out.sort();
}

/** `file:line rule` for every marked finding that applies to this kind of run, sorted. */
export function expectedFindings(dir: string, run: RunKind): string[] {
  const expected: string[] = [];
  for (const file of sourceFiles(dir)) {
    const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
    const docker = isDockerfile(file);
    const yaml = YAML.test(file);
    fs.readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((text, index) => {
        const match = docker ? NEXT_LINE_MARK.exec(text) : yaml ? HASH_MARK.exec(text) : MARK.exec(text);
        if (match === null) return;
        const i = docker ? index + 1 : index;
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
