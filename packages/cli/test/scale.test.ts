/**
 * Speed and scale, end to end in process: each file analysed once with the tsconfig that owns it
 * (tsconfigs that own nothing not loaded), `--cache` (cached and uncached reports identical,
 * across edits of the file, of a module it imports, of the config and of the tool's version), and
 * `--shard` with `statelint merge` (merged shards identical to a single run, JSON and SARIF).
 * Times are measured by `pnpm bench`, never asserted here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateMonorepo } from '../../../bench/generate.mjs';
import { projects, run, writeFiles } from './in-process.js';

const version = vi.hoisted(() => ({ value: '0.1.0' }));
vi.mock('../src/version.js', () => ({ toolVersion: () => version.value }));

const { root: TMP, project } = projects('scale-test');
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const TSCONFIG = JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true } });
const WRITE = "import fs from 'node:fs';\nexport function save(x: string): void {\n  fs.writeFileSync('out.txt', x);\n}\n";

/** The `name  value` rows `--performance` prints under the phases. */
function counts(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of stderr.split('\n')) {
    const m = /^([a-z][a-z ()-]+?)\s{2,}(\d+)$/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

function rows(stderr: string, prefix: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.replace(/\s+[\d.]+ ms\s+(\d*)$/, ' $1').trim());
}

describe('each file analysed once, whatever the tsconfig layout', () => {
  it('tsconfigs that own no audited file are not loaded; a shared file goes to the nearest, then the first', async () => {
    const dir = project({
      'package.json': '{"type":"module"}',
      'tsconfig.base.json': TSCONFIG,
      // Three tsconfigs listing the same files: the first (by path) owns them.
      ...Object.fromEntries(['t1', 't2', 't3'].map((t) => [`configs/${t}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', include: ['../../src'] })])),
      // Lists only a declaration file: owns no audited file.
      'types/tsconfig.json': JSON.stringify({ extends: '../tsconfig.base.json', files: ['env.d.ts'] }),
      'types/env.d.ts': 'declare const BUILD: string;\n',
      // Nearer to src/inner than configs/t1 is.
      'src/inner/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', include: ['.'] }),
      'src/a.ts': WRITE,
      'src/inner/b.ts': WRITE,
      // No tsconfig lists it.
      'lib/c.ts': WRITE,
    });
    const out = await run(dir, 'audit', '--performance', '--format', 'json');
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.findings.map((f: { file: string; line: number; column: number }) => `${f.file}:${f.line}:${f.column}`)).toEqual([
      'lib/c.ts:3:3',
      'src/a.ts:3:3',
      'src/inner/b.ts:3:3',
    ]);
    expect(rows(out.stderr, 'analyze')).toEqual([
      'analyze configs/t1/tsconfig.json 1',
      'analyze src/inner/tsconfig.json 1',
      'analyze . (files outside any tsconfig) 1',
    ]);
    expect(counts(out.stderr)).toEqual({
      'tsconfigs found': 5,
      'tsconfigs owning no audited file (not loaded)': 3,
      'programs loaded': 3,
      'source files shared between programs': expect.any(Number),
      'files analysed': 3,
      'files from the cache': 0,
    });
    expect(counts(out.stderr)['source files shared between programs']).toBeGreaterThan(0);
    // The same choice on every run.
    expect(rows((await run(dir, 'audit', '--performance')).stderr, 'analyze')).toEqual(rows(out.stderr, 'analyze'));
  });
});

describe('--cache', () => {
  const audit = async (dir: string, ...args: string[]) => {
    const out = await run(dir, 'audit', '--format', 'json', '--performance', ...args);
    return { report: out.stdout, counts: counts(out.stderr), stderr: out.stderr, code: out.code };
  };
  const same = async (dir: string, ...args: string[]) => {
    const cached = await audit(dir, '--cache', ...args);
    const uncached = await audit(dir, ...args);
    expect(cached.report).toBe(uncached.report);
    expect(cached.code).toBe(uncached.code);
    return cached;
  };

  it('untyped: a cached report is the uncached one; only the edited file is analysed again', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'src/b.ts': 'export const b = 1;\n', 'src/c.ts': 'export const c = 2;\n' });
    expect((await same(dir, '--no-type-check', '--concurrency', 'off')).counts).toMatchObject({ 'files analysed': 3, 'files from the cache': 0 });
    expect((await same(dir, '--no-type-check', '--concurrency', 'off')).counts).toMatchObject({ 'files analysed': 0, 'files from the cache': 3 });
    fs.writeFileSync(path.join(dir, 'src/b.ts'), WRITE);
    const edited = await same(dir, '--no-type-check', '--concurrency', 'off');
    expect(edited.counts).toMatchObject({ 'files analysed': 1, 'files from the cache': 2 });
    expect(JSON.parse(edited.report).findings.map((f: { file: string }) => f.file)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(fs.existsSync(path.join(dir, 'node_modules/.cache/statelint/untyped.json'))).toBe(true);
  });

  it('typed: editing an imported module makes the importer finding appear and disappear', async () => {
    const dir = project({
      'package.json': '{"type":"module"}',
      'tsconfig.json': TSCONFIG,
      'src/lib.ts': "export { writeFileSync as save } from 'node:fs';\n",
      'src/main.ts': "import { save } from './lib.js';\nexport function run(): void {\n  save('x.txt', 'y');\n}\n",
      'src/other.ts': 'export const other = 1;\n',
    });
    const findings = (report: string) =>
      JSON.parse(report).findings.map((f: { ruleId: string; file: string; line: number; column: number; endLine: number; endColumn: number }) =>
        [f.ruleId, f.file, f.line, f.column, f.endLine, f.endColumn].join(':'),
      );
    const cold = await same(dir);
    expect(findings(cold.report)).toEqual(['no-fs-writes:src/main.ts:3:3:3:21']);
    expect((await same(dir)).counts).toMatchObject({ 'programs loaded': 0, 'files analysed': 0, 'files from the cache': 3 });

    fs.writeFileSync(path.join(dir, 'src/lib.ts'), 'export function save(_file: string, _text: string): void {}\n');
    const fixed = await same(dir);
    expect(findings(fixed.report)).toEqual([]);
    // lib.ts and its importer main.ts; other.ts is not connected to them.
    expect(fixed.counts).toMatchObject({ 'programs loaded': 1, 'files analysed': 2, 'files from the cache': 1 });

    fs.writeFileSync(path.join(dir, 'src/lib.ts'), "export { writeFileSync as save } from 'node:fs';\n");
    const back = await same(dir);
    expect(findings(back.report)).toEqual(['no-fs-writes:src/main.ts:3:3:3:21']);
    expect(back.counts).toMatchObject({ 'files analysed': 2, 'files from the cache': 1 });
  });

  it('typed: a new import of a module re-analyses that module too (its facts may depend on its importers)', async () => {
    const dir = project({
      'package.json': '{"type":"module"}',
      'tsconfig.json': TSCONFIG,
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 2;\n',
      'src/c.ts': 'export const c = 3;\n',
    });
    await same(dir);
    fs.writeFileSync(path.join(dir, 'src/a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
    expect((await same(dir)).counts).toMatchObject({ 'files analysed': 2, 'files from the cache': 1 });
  });

  it('a config change, a rule change and a version change each start cold', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'src/b.ts': 'export const b = 1;\n' });
    await same(dir, '--no-type-check');
    expect((await same(dir, '--no-type-check')).counts).toMatchObject({ 'files from the cache': 2 });
    writeFiles(dir, { 'statelint.config.json': JSON.stringify({ rules: { 'no-fs-writes': 'warn' } }) });
    const config = await same(dir, '--no-type-check');
    expect(config.counts).toMatchObject({ 'files analysed': 2, 'files from the cache': 0 });
    expect(config.stderr).toContain('statelint: the cache was made with other settings, rules or version: starting cold\n');
    expect(JSON.parse(config.report).findings[0].severity).toBe('warn');
    expect((await same(dir, '--no-type-check', '--rule', 'no-fs-writes')).counts).toMatchObject({ 'files from the cache': 0 });
    expect((await same(dir, '--no-type-check', '--rule', 'no-fs-writes')).counts).toMatchObject({ 'files from the cache': 2 });
    version.value = '0.2.0';
    try {
      expect((await audit(dir, '--no-type-check', '--rule', 'no-fs-writes', '--cache')).counts).toMatchObject({ 'files from the cache': 0 });
    } finally {
      version.value = '0.1.0';
    }
  });

  it('--cache-location; a location that is a symbolic link is not written through, and the audit goes on', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    const custom = await audit(dir, '--no-type-check', '--cache', '--cache-location', '.cache/sl');
    expect(custom.code).toBe(1);
    expect(fs.existsSync(path.join(dir, '.cache/sl/untyped.json'))).toBe(true);
    const elsewhere = path.join(TMP, 'elsewhere');
    fs.mkdirSync(elsewhere, { recursive: true });
    fs.symlinkSync(elsewhere, path.join(dir, 'linked'));
    const linked = await audit(dir, '--no-type-check', '--cache', '--cache-location', 'linked/cache');
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain(
      'statelint: the cache was not written: cannot write linked/cache/untyped.json: linked on its path is a symbolic link (statelint never writes through links inside the repository)\n',
    );
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});

describe('--shard and statelint merge', () => {
  const dir = path.join(TMP, 'monorepo');
  generateMonorepo(dir, 120, 6, 3);

  for (const mode of [[], ['--no-type-check', '--concurrency', 'off']] as const) {
    for (const format of ['json', 'sarif'] as const) {
      it(`${mode.length > 0 ? 'untyped' : 'typed'}, ${format}: 4 shards merged are the single run, byte for byte`, async () => {
        const single = await run(dir, 'audit', ...mode, '--format', format);
        expect(single.code).toBe(1);
        const shards: string[] = [];
        const scanned: number[] = [];
        for (let k = 1; k <= 4; k++) {
          const file = path.join(TMP, `shard-${mode.length}-${format}-${k}.${format}`);
          const out = await run(dir, 'audit', ...mode, '--format', format, '--shard', `${k}/4`, '-o', file);
          expect(out.code).toBeLessThan(2);
          scanned.push(Number(/scanned (\d+) file/.exec(out.stderr)?.[1]));
          shards.push(file);
        }
        // Whole packages: 6 packages of 20 files over 4 shards.
        expect(scanned.sort()).toEqual([20, 20, 40, 40]);
        const merged = await run(dir, 'merge', ...shards);
        expect(merged.code).toBe(1);
        expect(merged.stdout).toBe(single.stdout);
      });
    }
  }

  it('an error every shard reports (a tsconfig that cannot be loaded) is one error of the merged report', async () => {
    const broken = project({
      'package.json': '{"type":"module"}',
      'a/package.json': '{"type":"module"}',
      'a/tsconfig.json': TSCONFIG,
      'a/src/x.ts': WRITE,
      'b/package.json': '{"type":"module"}',
      'b/tsconfig.json': TSCONFIG,
      'b/src/y.ts': WRITE,
      'c/tsconfig.json': '{ "include": [ }',
    });
    const single = await run(broken, 'audit', '--format', 'json');
    expect(JSON.parse(single.stdout).errors).toEqual([{ file: 'c/tsconfig.json', message: expect.stringContaining('cannot load tsconfig') }]);
    const files = [1, 2].map((k) => path.join(broken, `shard-${k}.json`));
    for (const [i, file] of files.entries()) await run(broken, 'audit', '--format', 'json', '--shard', `${i + 1}/2`, '-o', file);
    expect((await run(broken, 'merge', ...files)).stdout).toBe(single.stdout);
  });

  it('usage errors: a bad --shard, reports of two formats, a file that is no report', async () => {
    expect((await run(dir, 'audit', '--shard', '5/4')).stderr).toBe('statelint: --shard must be k/n with 1 <= k <= n (got "5/4")\n');
    const json = path.join(TMP, 'one.json');
    const sarif = path.join(TMP, 'one.sarif');
    await run(dir, 'audit', '--no-type-check', '--format', 'json', '-o', json);
    await run(dir, 'audit', '--no-type-check', '--format', 'sarif', '-o', sarif);
    const mixed = await run(dir, 'merge', json, sarif);
    expect(mixed).toMatchObject({ code: 2, stderr: `statelint: ${sarif} is sarif but ${json} is json: merge reports of one format\n` });
    const notReport = await run(dir, 'merge', path.join(dir, 'package.json'));
    expect(notReport).toMatchObject({ code: 2, stderr: `statelint: ${path.join(dir, 'package.json')}: neither a statelint JSON report nor SARIF 2.1.0 from statelint\n` });
  });
});
