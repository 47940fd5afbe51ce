/**
 * The CI guide's recipes for large repositories are tested: the commands in its GitHub Actions,
 * Nx and Turborepo blocks run (the built CLI) on a generated monorepo, each recipe's merged report
 * is the report of a single run byte for byte, and the outputs each task declares (what the CI
 * tool caches) are the files its command writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMonorepo } from '../bench/generate.mjs';
import { REPO_ROOT } from './support/paths.js';
import { runCli } from './support/run-cli.js';

const GUIDE = fs.readFileSync(path.join(REPO_ROOT, 'docs/guides/ci.md'), 'utf8');
const TMP = path.join(REPO_ROOT, '.statelint-tmp', 'ci-recipes');
const PACKAGES = ['service-00', 'service-01', 'service-02', 'service-03'];

function block(tag: string): string {
  const match = new RegExp(`^\`\`\`\\w+ ${tag}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(GUIDE);
  if (match === null) throw new Error(`docs/guides/ci.md has no \`\`\` block tagged ${tag}`);
  return match[1]!;
}

/** Runs one command line of a recipe (`npx statelint …`, `cd dir && statelint …`, `… || test $? -eq 1`). */
function sh(line: string, cwd: string): number {
  let command = line.trim();
  let allowFindings = false;
  if (command.endsWith('|| test $? -eq 1')) {
    allowFindings = true;
    command = command.slice(0, -'|| test $? -eq 1'.length).trim();
  }
  const cd = /^cd (\S+) && (.*)$/.exec(command);
  if (cd) {
    cwd = path.resolve(cwd, cd[1]!);
    command = cd[2]!;
  }
  const words = command.split(/\s+/);
  if (words[0] === 'npx') words.shift();
  expect(words[0]).toBe('statelint');
  const run = runCli(words.slice(1), cwd);
  expect(run.code, run.stderr).toBeLessThan(allowFindings ? 2 : 3);
  return run.code;
}

const globReports = (dir: string, pattern: string): string[] => {
  expect(pattern).toBe('packages/*/.statelint/report.json');
  return PACKAGES.map((p) => `packages/${p}/.statelint/report.json`).filter((f) => fs.existsSync(path.join(dir, f)));
};

function fresh(name: string): string {
  const dir = path.join(TMP, name);
  generateMonorepo(dir, 48, PACKAGES.length, 5);
  return dir;
}

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('docs/guides/ci.md recipes', () => {
  it('GitHub Actions: the matrix of shards, merged, is the single run', () => {
    const dir = fresh('github');
    const yaml = block('github-actions');
    const shards = /shard: \[([^\]]*)\]/.exec(yaml)![1]!.split(',').map((s) => s.trim());
    expect(shards).toEqual(['1', '2', '3', '4']);
    const runs = [...yaml.matchAll(/^\s*- run: (.*statelint.*)$/gm)].map((m) => m[1]!);
    expect(runs).toHaveLength(2);
    for (const shard of shards) sh(runs[0]!.replaceAll('${{ matrix.shard }}', shard), dir);
    expect(sh(runs[1]!, dir)).toBe(1);
    const single = runCli(['audit', '--format', 'sarif'], dir);
    expect(fs.readFileSync(path.join(dir, 'statelint.sarif'), 'utf8')).toBe(single.stdout);
    // The cache the workflow keeps between runs is where the audit writes it.
    expect(yaml).toContain('path: node_modules/.cache/statelint');
    expect(fs.existsSync(path.join(dir, 'node_modules/.cache/statelint/typed.json'))).toBe(true);
  });

  it('Nx: a task per project writes its declared output; the outputs merged are the single run', () => {
    const dir = fresh('nx');
    const nx = JSON.parse(block('nx')) as { targetDefaults: { statelint: { command: string; inputs: unknown[]; outputs: string[]; cache: boolean } } };
    const target = nx.targetDefaults.statelint;
    expect(target.cache).toBe(true);
    expect(target.inputs).toEqual(expect.arrayContaining(['default', '^default', '{workspaceRoot}/statelint.config.json']));
    for (const project of PACKAGES) {
      const root = `packages/${project}`;
      sh(target.command.replaceAll('{projectRoot}', root), dir);
      for (const output of target.outputs) expect(fs.existsSync(path.join(dir, output.replaceAll('{projectRoot}', root)))).toBe(true);
    }
    const merge = /`(statelint merge (\S+) -o (\S+))`/.exec(GUIDE.slice(GUIDE.indexOf('### Nx')))!;
    runCli(['merge', ...globReports(dir, merge[2]!), '-o', merge[3]!], dir);
    expect(fs.readFileSync(path.join(dir, merge[3]!), 'utf8')).toBe(runCli(['audit', '--format', 'json'], dir).stdout);
  });

  it('Turborepo: a task per package writes its declared output; the outputs merged are the single run', () => {
    const dir = fresh('turbo');
    const turbo = JSON.parse(block('turbo')) as { tasks: { statelint: { inputs: string[]; outputs: string[] } } };
    const task = turbo.tasks.statelint;
    expect(task.inputs).toEqual(['$TURBO_DEFAULT$', '$TURBO_ROOT$/statelint.config.json']);
    const script = (JSON.parse(block('turbo-package')) as { scripts: { statelint: string } }).scripts.statelint;
    for (const name of PACKAGES) {
      const pkg = path.join(dir, 'packages', name);
      sh(script.replaceAll('<name>', name), pkg);
      for (const output of task.outputs) expect(fs.existsSync(path.join(pkg, output))).toBe(true);
    }
    const merge = /`(statelint merge (\S+) -o (\S+))`/.exec(GUIDE.slice(GUIDE.indexOf('### Turborepo')))!;
    runCli(['merge', ...globReports(dir, merge[2]!), '-o', merge[3]!], dir);
    expect(fs.readFileSync(path.join(dir, merge[3]!), 'utf8')).toBe(runCli(['audit', '--format', 'json'], dir).stdout);
  });
});
