/**
 * Real code nobody wrote for us: the workspace's own node_modules (TypeScript's 9 MB bundle, ESLint,
 * Vite, Rollup, type declarations, CommonJS, ESM, minified files). A config `include` that names
 * node_modules, hidden directories (`.pnpm`), declarations, tests, build output and config files
 * lifts every default exclusion, so that every .js/.cjs/.mjs/.ts/.tsx/.mts/.cts/.d.ts file there is
 * audited: without types all of them (in worker threads), with types a spread-out sample. Files that
 * do not parse are listed under `errors`; internal errors (a rule or the engine failing) must be 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from './support/files.js';
import { REPO_ROOT } from './support/paths.js';
import { runCli, type JsonReport } from './support/run-cli.js';

const TMP = path.join(REPO_ROOT, '.statelint-tmp', 'node-modules-test');
const CONFIG = path.join(TMP, 'statelint.json');
const NODE_MODULES = path.join(REPO_ROOT, 'node_modules');
const SOURCE = /\.(js|cjs|mjs|ts|tsx|mts|cts)$/;
const TYPED_SAMPLE = 120;

/** Globs are relative to the config file; each one names a default exclusion, which lifts it. */
const INCLUDE = ['node_modules/**/*', 'node_modules/.pnpm/**/*', 'node_modules/**/*.d.ts', 'node_modules/**/dist/**', 'node_modules/**/test/**', 'node_modules/**/*.config.*', 'node_modules/**/*.min.js'];

/** Every source file under node_modules, following no links (pnpm's store holds the real files). */
function sourceFilesUnder(dir: string): string[] {
  return filesUnder(dir).filter((file) => SOURCE.test(file) && fs.lstatSync(file).isFile());
}

function internalErrors(report: JsonReport): JsonReport['errors'] {
  return report.errors.filter((e) => e.ruleId !== undefined || e.message.startsWith('internal error'));
}

function summary(label: string, report: JsonReport): string {
  const parse = report.errors.filter((e) => e.message.startsWith('Parsing error')).length;
  return `${label}: ${report.filesScanned} files audited, ${report.findings.length} findings, ${parse} parse errors, ${report.errors.length - parse} other errors, ${internalErrors(report).length} internal errors`;
}

let onDisk: string[] = [];

beforeAll(() => {
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(CONFIG, JSON.stringify({ extends: 'all', include: INCLUDE.map((glob) => `../../${glob}`) }));
  onDisk = sourceFilesUnder(NODE_MODULES);
});
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('the workspace node_modules', () => {
  it('every file, without types: zero internal errors', () => {
    expect(onDisk.length).toBeGreaterThan(1000);
    const output = path.join(TMP, 'untyped.json');
    const run = runCli(['audit', 'node_modules', '--no-type-check', '-c', CONFIG, '--format', 'json', '-o', output]);
    const report = JSON.parse(fs.readFileSync(output, 'utf8')) as JsonReport;
    console.log(summary('node_modules, untyped', report));
    expect(internalErrors(report)).toEqual([]);
    for (const error of report.errors) expect(error.message).toMatch(/^(Parsing error: |cannot read )/);
    // Every file on disk is audited (links into the workspace's own packages add a few more).
    const audited = new Set(report.findings.map((f) => f.file));
    expect(report.filesScanned).toBeGreaterThanOrEqual(onDisk.length);
    expect(audited.size).toBeGreaterThan(0);
    expect([0, 1]).toContain(run.code);
  }, 600_000);

  it(`a sample of ${TYPED_SAMPLE} files spread over it, with types: zero internal errors`, () => {
    const step = Math.max(1, Math.floor(onDisk.length / TYPED_SAMPLE));
    const sample = onDisk.filter((_, i) => i % step === 0).slice(0, TYPED_SAMPLE).map((f) => path.relative(REPO_ROOT, f));
    const output = path.join(TMP, 'typed.json');
    const run = runCli(['audit', ...sample, '-c', CONFIG, '--format', 'json', '-o', output]);
    const report = JSON.parse(fs.readFileSync(output, 'utf8')) as JsonReport;
    console.log(summary('node_modules sample, typed', report));
    expect(internalErrors(report)).toEqual([]);
    expect(report.filesScanned).toBe(sample.length);
    // Packages' own tsconfigs may not load here (their bases are not installed): reported, not fatal.
    for (const error of report.errors) expect(error.message).toMatch(/^(Parsing error: |cannot read |cannot load tsconfig: )/);
    expect([0, 1]).toContain(run.code);
  }, 600_000);
});
