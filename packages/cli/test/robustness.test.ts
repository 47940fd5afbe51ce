/**
 * Odd inputs never crash an audit: each gets a clear message (under `errors` in JSON), the audit
 * goes on with everything else, and the exit code stays per docs/contract.md (a file that cannot be read
 * or parsed is not an internal failure). Typed and untyped, in process; the parallel path and a
 * really unreadable file through the built CLI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli, runCliJson, type JsonReport } from '../../../test/support/run-cli.js';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { projects, run } from './in-process.js';

const { root, project } = projects('robustness-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;
const MODES: [string, string[]][] = [
  ['typed', []],
  ['untyped', ['--no-type-check']],
];

async function audit(dir: string, ...argv: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const out = await run(dir, 'audit', '--format', 'json', ...argv);
  let report: JsonReport;
  try {
    report = JSON.parse(out.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON report (exit ${out.code}): ${out.stderr}`);
  }
  return { code: out.code, report, stderr: out.stderr };
}

const at = (report: JsonReport): string[] => report.findings.map((f) => `${f.file}:${f.line}:${f.column}`);
const internal = (report: JsonReport): JsonReport['errors'] =>
  report.errors.filter((e) => e.ruleId !== undefined || e.message.startsWith('internal error'));

/** A deterministic PRNG for junk bytes. */
function bytes(count: number, seed: number): Buffer {
  let a = seed;
  const out = Buffer.alloc(count);
  for (let i = 0; i < count; i++) {
    a = (a * 1103515245 + 12345) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

describe.each(MODES)('odd files (%s)', (_mode, flags) => {
  it('empty files, blank files, a BOM, CRLF line ends: analysed, located as ESLint locates them', async () => {
    const dir = project({
      'src/empty.ts': '',
      'src/blank.js': '\n\n   \n\t\n',
      'src/bom.ts': `\uFEFF${WRITE}`,
      'src/crlf.ts': WRITE.replace(/\n/g, '\r\n'),
      'src/bom-crlf.cjs': `\uFEFFconst fs = require('fs');\r\n\r\nfs.appendFileSync('log.txt', 'x');\r\n`,
      'src/cr-only.js': `const fs = require('fs');\rfs.rmSync('x');\r`,
    });
    const { code, report } = await audit(dir, ...flags);
    expect(report.errors).toEqual([]);
    expect(report.filesScanned).toBe(6);
    expect(at(report)).toEqual(['src/bom-crlf.cjs:3:1', 'src/bom.ts:3:3', 'src/cr-only.js:2:1', 'src/crlf.ts:3:3']);
    expect(code).toBe(1);
  });

  it('bytes that are not UTF-8, and binary junk: decoded with replacement characters or reported as unparsable', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`import fs from 'fs';\n// caf`),
      Buffer.from([0xe9, 0xff, 0xfe]),
      Buffer.from(`\nfs.writeFileSync('r\xe9sum\xe9.txt', 'x');\n`, 'latin1'),
    ]);
    const dir = project({ 'src/latin1.ts': latin1, 'src/junk.js': bytes(4096, 7), 'src/nul.ts': Buffer.from('export const a = 1;\0\0\0') });
    const { code, report } = await audit(dir, ...flags);
    expect(at(report)).toEqual(['src/latin1.ts:3:1']);
    expect(internal(report)).toEqual([]);
    for (const error of report.errors) expect(error.message).toMatch(/^Parsing error: /);
    expect(report.errors.map((e) => e.file)).toContain('src/junk.js');
    expect(code).toBe(1);
  });

  it('a 5 MB minified bundle is analysed in bounded time', async () => {
    const chunk = `function a(b){return b+1}var c=[1,2,3].map(a);if(c.length>2){require("fs").writeFileSync("out"+c[0],"x")}`;
    const bundle = `${chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length))}\n`;
    const dir = project({ 'dist-like/bundle.js': bundle, 'src/a.ts': WRITE });
    const started = performance.now();
    const { report } = await audit(dir, ...flags);
    const seconds = (performance.now() - started) / 1000;
    expect(internal(report)).toEqual([]);
    expect(report.findings.filter((f) => f.file === 'dist-like/bundle.js').length).toBe(Math.ceil((5 * 1024 * 1024) / chunk.length));
    // Generous: about 5 s on a loaded 2-core machine; what matters is that it ends.
    expect(seconds).toBeLessThan(90);
  }, 180_000);

  it('deep nesting: parseable depth is analysed, deeper is a parse error, long operator chains do not overflow', async () => {
    const dir = project({
      'src/callbacks.ts': `import fs from 'fs';\n${'app.get("/", () => {\n'.repeat(100)}fs.writeFileSync('x', 'y');\n${'});\n'.repeat(100)}`,
      'src/blocks.js': `const fs = require('fs');\n${'if (a) {'.repeat(500)}fs.rmSync('x');${'}'.repeat(500)}\n`,
      'src/too-deep.ts': `export const x = ${'['.repeat(20_000)}1${']'.repeat(20_000)};\n`,
      'src/chain.ts': `import fs from 'fs';\nfs.openSync('p', ${Array.from({ length: 20_000 }, () => 'fs.constants.O_RDONLY').join(' | ')});\nfs.writeFileSync(${Array.from({ length: 20_000 }, () => "'a'").join(' + ')}, 'x');\n`,
      'src/a.ts': WRITE,
    });
    const { code, report } = await audit(dir, ...flags);
    expect(report.errors).toEqual([{ file: 'src/too-deep.ts', message: 'Parsing error: the code is nested too deeply for the TypeScript parser' }]);
    expect(at(report)).toEqual(['src/a.ts:3:3', 'src/blocks.js:2:4001', 'src/callbacks.ts:102:1', 'src/chain.ts:3:1']);
    expect(code).toBe(1);
  }, 120_000);
});

describe('the file system', () => {
  it.each(MODES)('symlink loops, chains and dangling links end (%s)', async (_mode, flags) => {
    const dir = project({ 'src/a.ts': WRITE, 'outside-target.ts': WRITE });
    fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'loop'));
    fs.symlinkSync(path.join(dir, 'src', 'y.ts'), path.join(dir, 'src', 'x.ts'));
    fs.symlinkSync(path.join(dir, 'src', 'x.ts'), path.join(dir, 'src', 'y.ts'));
    fs.symlinkSync(path.join(dir, 'src', 'nowhere.ts'), path.join(dir, 'src', 'dangling.ts'));
    const { code, report } = await audit(dir, 'src', ...flags);
    expect(report.errors).toEqual([]);
    expect(at(report)).toEqual(['src/a.ts:3:3']);
    expect(code).toBe(1);
  });

  it.each(MODES)('an unreadable file or directory is reported and the audit goes on (EACCES simulated, %s)', async (_mode, flags) => {
    const dir = project({ 'src/a.ts': WRITE, 'src/secret.ts': WRITE, 'src/private/b.ts': WRITE });
    const secret = path.join(dir, 'src', 'secret.ts');
    const privateDir = path.join(dir, 'src', 'private');
    const denied = (p: fs.PathLike): Error => Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: 'EACCES' });
    // Tests run as root here, where chmod cannot deny anything: make the system calls fail instead
    // (the built CLI runs as an unprivileged user in the next test, where that is possible).
    // (Files are opened by the file access, safe-read.ts, then read from the descriptor.)
    const openSync = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      if (typeof p === 'string' && path.resolve(p) === fs.realpathSync(secret)) throw denied(p);
      return (openSync as (...args: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.openSync);
    const readdirSync = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      if (path.resolve(String(p)) === privateDir) throw denied(p);
      return (readdirSync as (...args: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readdirSync);
    const { code, report } = await audit(dir, ...flags);
    expect(report.errors).toEqual([
      { file: 'src/private', message: 'cannot read directory: EACCES' },
      { file: 'src/secret.ts', message: 'cannot read file: EACCES' },
    ]);
    expect(at(report)).toEqual(['src/a.ts:3:3']);
    expect(code).toBe(1);
  });

  const asUser = nonRootRunner();
  it.skipIf(asUser === undefined).each(MODES)('really unreadable files (an unprivileged user, %s)', (_mode, flags) => {
    const dir = project({ 'src/a.ts': WRITE, 'src/secret.ts': WRITE, 'src/private/b.ts': WRITE });
    fs.chmodSync(path.join(dir, 'src', 'secret.ts'), 0o000);
    fs.chmodSync(path.join(dir, 'src', 'private'), 0o000);
    try {
      const out = asUser!(['audit', '--format', 'json', ...flags], dir);
      const report = JSON.parse(out.stdout) as JsonReport;
      expect(report.errors).toEqual([
        { file: 'src/private', message: 'cannot read directory: EACCES' },
        { file: 'src/secret.ts', message: 'cannot read file: EACCES' },
      ]);
      expect(at(report)).toEqual(['src/a.ts:3:3']);
      expect(out.code).toBe(1);
    } finally {
      fs.chmodSync(path.join(dir, 'src', 'private'), 0o755);
    }
  });

  it.each(MODES)('paths with spaces and unicode (%s)', async (_mode, flags) => {
    const dir = project({ 'my service/src/ünïcødé 服务/handler file.ts': WRITE, 'tsconfig.json': '{"include": ["my service"]}' });
    const { code, report } = await audit(dir, 'my service', ...flags);
    expect(report.errors).toEqual([]);
    expect(at(report)).toEqual(['my service/src/ünïcødé 服务/handler file.ts:3:3']);
    expect(code).toBe(1);
    const sarif = JSON.parse((await run(dir, 'audit', 'my service', '--format', 'sarif', ...flags)).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'my%20service/src/%C3%BCn%C3%AFc%C3%B8d%C3%A9%20%E6%9C%8D%E5%8A%A1/handler%20file.ts',
    );
  });
});

describe('tsconfigs and path arguments', () => {
  it.each([
    ['{ "compilerOptions": { "strict": true } "include": [ }', /^cannot load tsconfig: .*expected/i],
    ['{ "extends": "./missing.json", "include": ["src"] }', /^cannot load tsconfig: .*missing\.json/],
    ['{ "compilerOptions": { "target": "ES1999" } }', /^cannot load tsconfig: .*target/],
  ])('a tsconfig that cannot be loaded is reported, and its files are still analysed: %s', async (tsconfig, message) => {
    const dir = project({ 'src/a.ts': WRITE, 'tsconfig.json': tsconfig });
    const { code, report } = await audit(dir);
    expect(report.errors).toEqual([{ file: 'tsconfig.json', message: expect.stringMatching(message) }]);
    expect(at(report)).toEqual(['src/a.ts:3:3']);
    expect(code).toBe(1);
  });

  it('a missing path argument exits 2 and names it; -p with a missing tsconfig too, with "did you mean"', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'tsconfig.json': '{}', 'packages/api/tsconfig.build.json': '{}' });
    expect(await run(dir, 'audit', 'src/nope.ts')).toMatchObject({ code: 2, stdout: '', stderr: 'statelint: no such file or directory: src/nope.ts\n' });
    expect(await run(dir, 'audit', 'scr')).toMatchObject({ code: 2, stdout: '', stderr: 'statelint: no such file or directory: scr (did you mean src?)\n' });
    expect(await run(dir, 'audit', 'src/b.ts')).toMatchObject({ code: 2, stderr: 'statelint: no such file or directory: src/b.ts (did you mean src/a.ts?)\n' });
    // A mistyped -p is a usage error before anything runs, never a green run with no findings.
    expect(await run(dir, 'audit', '-p', 'nope/tsconfig.json')).toEqual({ code: 2, stdout: '', stderr: 'statelint: -p nope/tsconfig.json: no such tsconfig\n' });
    expect(await run(dir, 'audit', '-p', 'tsconfg.json')).toEqual({ code: 2, stdout: '', stderr: 'statelint: -p tsconfg.json: no such tsconfig (did you mean tsconfig.json?)\n' });
    expect(await run(dir, 'audit', '-p', 'packages/api/tsconfig.json')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'statelint: -p packages/api/tsconfig.json: no such tsconfig (did you mean packages/api/tsconfig.build.json?)\n',
    });
    expect(await run(dir, 'audit', '-p', 'packages/api')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'statelint: -p packages/api: the directory has no tsconfig.json (did you mean packages/api/tsconfig.build.json?)\n',
    });
    // A directory stands for its tsconfig.json, as with tsc -p.
    expect(at((await audit(dir, '-p', '.')).report)).toEqual(['src/a.ts:3:3']);
  });

  it('unknown flags and commands exit 2 with "did you mean"', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    const flag = await run(dir, 'audit', '--formt', 'json');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--formt'\n(Did you mean --format?)");
    const command = await run(dir, 'audti');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("error: unknown command 'audti'\n(Did you mean audit?)");
  });

  it('a tsconfig whose extends names a package that is not installed keeps its own options and paths, warns once, goes on', async () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({
        extends: ['@tsconfig/not-installed/tsconfig.json'],
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', baseUrl: '.', paths: { '#store/*': ['./src/store/*'] }, types: [] },
        include: ['src'],
      }),
      // Only the `paths` alias leads from the route to the module whose state it mutates.
      'src/store/cache.ts': 'export const seen: string[] = [];\n',
      'src/route.ts': "import { seen } from '#store/cache.js';\nexport function handle(id: string): void {\n  seen.push(id);\n}\n",
    });
    const out = await run(dir, 'audit', '--format', 'json', '--rule', 'no-module-state');
    const report = JSON.parse(out.stdout) as JsonReport;
    expect(report.errors).toEqual([]);
    expect(out.stderr.match(/warning/g)).toHaveLength(1);
    expect(out.stderr).toContain(
      'statelint: warning: tsconfig.json: extends "@tsconfig/not-installed/tsconfig.json", which cannot be found (is the package installed?); ' +
        "using the tsconfig's own options without it\n",
    );
    // The finding exists only when the alias resolves: without the tsconfig, the route's import leads nowhere.
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['src/store/cache.ts:1:14']);
    expect(report.findings[0]!.message).toContain('mutated in `handle` in ../route.ts (line 3)');
  });
});

describe('bad configuration exits 2 and names the field', () => {
  it('a package.json that is not JSON, and bad flags', async () => {
    const dir = project({ 'package.json': '{ "name": "x", ', 'src/a.ts': WRITE });
    const pkg = await run(dir, 'audit');
    expect(pkg.code).toBe(2);
    expect(pkg.stderr).toBe('statelint: package.json:1:16: invalid JSON: property name expected\n');
    const concurrency = await run(project({ 'src/a.ts': WRITE }), 'audit', '--concurrency', 'many');
    expect(concurrency).toMatchObject({ code: 2, stderr: 'statelint: --concurrency must be a positive integer, auto or off (got "many")\n' });
  });
});

describe('worker threads', () => {
  it('the parallel --no-type-check report is the single-thread report, byte for byte', () => {
    const gallery = path.join(REPO_ROOT, 'fixtures', 'violations');
    const one = runCli(['audit', gallery, '--no-type-check', '--format', 'json', '--concurrency', 'off']);
    const three = runCli(['audit', gallery, '--no-type-check', '--format', 'json', '--concurrency', '3']);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(0);
    expect(three.stdout).toBe(one.stdout);
    expect(three.code).toBe(one.code);
  });

  it('odd files in worker threads: the same messages as in the main thread', () => {
    const dir = project({
      'src/a.ts': WRITE,
      'src/too-deep.ts': `export const x = ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n`,
      'src/junk.js': bytes(2048, 3),
      'src/empty.ts': '',
    });
    const one = runCliJson(['audit', '.', '--no-type-check', '--concurrency', 'off'], dir);
    const two = runCliJson(['audit', '.', '--no-type-check', '--concurrency', '2'], dir);
    expect(two.stdout).toBe(one.stdout);
    expect(one.report.errors.map((e) => e.file)).toEqual(['src/junk.js', 'src/too-deep.ts']);
    expect(internal(one.report)).toEqual([]);
  });
});

/** Runs the built CLI as `nobody` (root) or as is (a non-root user), or undefined when neither works. */
function nonRootRunner(): ((args: string[], cwd: string) => { code: number; stdout: string; stderr: string }) | undefined {
  if (process.platform === 'win32') return undefined;
  if (process.getuid?.() !== 0) return (args, cwd) => runCli(args, cwd);
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  return (args, cwd) => {
    const bin = path.join(REPO_ROOT, 'packages', 'cli', 'bin', 'statelint.js');
    const out = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', HOME: '/tmp' },
    });
    return { code: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
  };
}

describe('--performance', () => {
  it('prints time per phase with file counts, the rules and the type checker within the analysis, and peak memory', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'src/b.ts': 'declare const store: { remove(p: string): void };\nstore.remove("x");\n', 'tsconfig.json': '{"include": ["src"]}' });
    const typed = await run(dir, 'audit', '--performance');
    const lines = typed.stderr.split('\n');
    const row = (name: string): string | undefined => lines.find((l) => l.startsWith(name));
    expect(row('discover')).toMatch(/ms\s+2$/);
    expect(row('load tsconfig.json')).toMatch(/ms\s+\d+$/);
    expect(row('analyze tsconfig.json')).toMatch(/ms\s+2$/);
    expect(row('  type checker of tsconfig.json (created on first use)')).toBeDefined();
    expect(row('  rule no-fs-writes')).toBeDefined();
    expect(row('total')).toBeDefined();
    expect(row('peak memory')).toMatch(/\d+ MB/);
    const untyped = await run(dir, 'audit', '--performance', '--no-type-check', '--concurrency', 'off');
    // The rules, then the shared work they asked for (the program model, effect summaries).
    expect(untyped.stderr).toMatch(/\nparse and analyze\s+[\d.]+ ms\s+2\n( {2}(rule [\w-]+|program model \(within rules\)|effect summaries \([^)]*\))\s+[\d.]+ ms\s*\n)+(deployment files[^\n]*\n)?total/);
    expect(untyped.stderr).toMatch(/\n {2}program model \(within rules\)\s/);
    expect(untyped.stderr).toMatch(/\n {2}rule no-fs-writes\s/);
  });
});
