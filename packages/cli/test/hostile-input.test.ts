/**
 * A repository is untrusted input (docs/guides/security.md). Each case here was an attack that
 * worked: a tree built in a temporary directory (no `.git` above it, so the tree is the repository),
 * then the built CLI (or ESLint, for the plugin) run in a child process with its own limits
 * (test/support/bounded-run.ts: a 256 MB heap and a 60-second clock); hitting either fails the test. Exit codes and messages are exact; a canary directory next to the tree proves
 * nothing is written outside it; no report names an absolute path.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_MB, LIMIT_MS, limitsHit, runBounded, WITHIN_LIMITS, type BoundedRun as Run } from '../../../test/support/bounded-run.js';
import { CLI_BIN, REPO_ROOT } from '../../../test/support/paths.js';
import type { JsonReport } from '../../../test/support/run-cli.js';
import { writeFiles, type Files } from './in-process.js';

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-hostile-')));
const servers: net.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  fs.rmSync(base, { recursive: true, force: true });
});

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;
const MKFIFO = spawnSync('mkfifo', ['--version']).status === 0;

let counter = 0;
/** A tree `<base>/case-N/repo` with a canary directory `<base>/case-N/outside` next to it. */
function tree(files: Files): { dir: string; outside: string } {
  const top = path.join(base, `case-${++counter}`);
  const dir = path.join(top, 'repo');
  const outside = path.join(top, 'outside');
  writeFiles(dir, files);
  writeFiles(outside, { 'victim.json': '{"precious": true}\n', 'other/tsconfig.json': '{"include": ["src"]}', 'other/src/x.ts': WRITE, 'broken/tsconfig.json': '{ not json' });
  return { dir, outside };
}

async function cli(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; preload?: string } = {}): Promise<Run> {
  const run = await runBounded(CLI_BIN, args, cwd, options);
  expect(limitsHit(run)).toEqual(WITHIN_LIMITS);
  return run;
}

function json(run: Run): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON report (exit ${run.code}): ${run.stderr}`);
  }
}

const at = (report: JsonReport): string[] => report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

/** Every file under a directory (links not followed) with its size, mode and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      const stat = fs.lstatSync(abs);
      out[path.relative(dir, abs)] = `${stat.size}:${stat.mtimeMs}:${stat.mode}`;
      if (entry.isDirectory()) visit(abs);
    }
  };
  visit(dir);
  return out;
}

function noAbsolutePaths(run: Run): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain(base);
    expect(text).not.toContain(os.tmpdir() + path.sep);
  }
}

const MODES: [string, string[]][] = [
  ['typed', []],
  ['untyped', ['--no-type-check']],
];

describe('1. a link to /dev/zero or /dev/stdin never makes the audit read forever or hang', () => {
  const refusedConfig = (name: string): string =>
    `statelint: cannot read config file ${name}: it resolves to a path outside the repository (statelint reads only files inside it)\n`;

  it.each([
    ['package.json', '/dev/zero'],
    ['package.json', '/dev/stdin'],
    ['statelint.config.json', '/dev/zero'],
    ['statelint.config.json', '/dev/stdin'],
  ])('%s -> %s: exit 2, naming the file', async (name, target) => {
    const { dir } = tree({ 'src/a.ts': WRITE });
    fs.symlinkSync(target, path.join(dir, name));
    const run = await cli(['audit'], dir);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: refusedConfig(name) });
  });

  it.each(MODES)('a package.json -> /dev/zero deeper in the tree counts as no manifest (%s)', async (_mode, flags) => {
    const { dir } = tree({ 'services/web/src/a.ts': WRITE, 'services/api/package.json': '{"name": "api"}', 'services/api/src/b.ts': WRITE });
    fs.symlinkSync('/dev/zero', path.join(dir, 'services/web/package.json'));
    const run = await cli(['audit', '--format', 'json', ...flags], dir);
    expect(json(run).errors).toEqual([]);
    expect(at(json(run))).toEqual(['services/api/src/b.ts:3:3 no-fs-writes', 'services/web/src/a.ts:3:3 no-fs-writes']);
    expect(run.code).toBe(1);
  });

  it('the ESLint plugin, next to a package.json -> /dev/zero, lints the file', async () => {
    const { dir } = tree({ 'src/a.ts': `console.log('hello');\n${WRITE}` });
    fs.symlinkSync('/dev/zero', path.join(dir, 'package.json'));
    const run = await runBounded(path.join(REPO_ROOT, 'test', 'support', 'lint-one.mjs'), [dir, 'src/a.ts'], REPO_ROOT);
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual([
      { ruleId: 'statelint/require-structured-logging', line: 1, column: 1 },
      { ruleId: 'statelint/no-fs-writes', line: 4, column: 3 },
    ]);
  });

  it('a tsconfig.json -> /dev/zero is reported and the files are still analysed', async () => {
    const { dir } = tree({ 'src/a.ts': WRITE });
    fs.symlinkSync('/dev/zero', path.join(dir, 'tsconfig.json'));
    const run = await cli(['audit', '--format', 'json'], dir);
    expect(json(run).errors).toEqual([
      { file: 'tsconfig.json', message: 'cannot load tsconfig: it resolves to a path outside the repository (statelint reads only files inside it)' },
    ]);
    expect(at(json(run))).toEqual(['src/a.ts:3:3 no-fs-writes']);
    expect(run.code).toBe(1);
  });

  it('a /// <reference> target and a tsconfig "files" entry -> /dev/zero are refused and listed in the summary', async () => {
    const { dir } = tree({
      'src/a.ts': `/// <reference path="../types/zero.d.ts" />\n${WRITE}`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { types: [] }, include: ['src'], files: ['gen/zero.ts'] }),
    });
    fs.mkdirSync(path.join(dir, 'types'));
    fs.mkdirSync(path.join(dir, 'gen'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'types', 'zero.d.ts'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'gen', 'zero.ts'));
    const run = await cli(['audit', '--format', 'json'], dir);
    expect(json(run).errors).toEqual([]);
    expect(at(json(run))).toEqual(['src/a.ts:4:3 no-fs-writes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'statelint: scanned 1 file (typed, 1 program); skipped links out of the tree 2; refused to read 2 paths (outside the repository 2: gen/zero.ts, types/zero.d.ts)\n',
    );
  });
});

describe('2. writes never follow a link planted in the repository', () => {
  it('-o onto a committed link, through a committed directory link, onto a dangling link: exit 2, nothing outside changes', async () => {
    const { dir, outside } = tree({ 'src/a.ts': WRITE });
    fs.symlinkSync(path.join(outside, 'victim.json'), path.join(dir, 'statelint.json'));
    fs.symlinkSync(outside, path.join(dir, 'reports'));
    fs.symlinkSync(path.join(outside, 'created.json'), path.join(dir, 'dangling.json'));
    const before = snapshot(outside);
    const cases: [string, string][] = [
      ['statelint.json', 'statelint: cannot write statelint.json: it is a symbolic link (statelint never writes through links inside the repository)\n'],
      ['reports/statelint.json', 'statelint: cannot write reports/statelint.json: reports on its path is a symbolic link (statelint never writes through links inside the repository)\n'],
      ['reports/new/statelint.json', 'statelint: cannot write reports/new/statelint.json: reports on its path is a symbolic link (statelint never writes through links inside the repository)\n'],
      ['dangling.json', 'statelint: cannot write dangling.json: it is a symbolic link (statelint never writes through links inside the repository)\n'],
    ];
    for (const [output, stderr] of cases) {
      const run = await cli(['audit', '--format', 'json', '-o', output], dir);
      expect({ output, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ output, code: 2, stdout: '', stderr });
    }
    expect(snapshot(outside)).toEqual(before);
  });

  it('the default baseline file committed as a link: exit 2, the target is untouched', async () => {
    const { dir, outside } = tree({ 'src/a.ts': WRITE });
    fs.symlinkSync(path.join(outside, 'victim.json'), path.join(dir, 'statelint-baseline.json'));
    const before = snapshot(outside);
    const run = await cli(['audit', '--update-baseline'], dir);
    expect(run).toMatchObject({
      code: 2,
      // (Here the tree is the repository and the working directory.)
      stderr: 'statelint: --baseline statelint-baseline.json is outside the working directory (a symbolic link that leads outside it); run statelint from a directory that contains it\n',
    });
    // A link that stays inside the tree is refused too: the write would replace what it points at.
    fs.rmSync(path.join(dir, 'statelint-baseline.json'));
    fs.writeFileSync(path.join(dir, 'keep.json'), 'keep');
    fs.symlinkSync('keep.json', path.join(dir, 'statelint-baseline.json'));
    const inside = await cli(['audit', '--update-baseline'], dir);
    expect(inside).toMatchObject({
      code: 2,
      stderr: 'statelint: cannot write statelint-baseline.json: it is a symbolic link (statelint never writes through links inside the repository)\n',
    });
    expect(fs.readFileSync(path.join(dir, 'keep.json'), 'utf8')).toBe('keep');
    expect(snapshot(outside)).toEqual(before);
  });
});

describe('3. a path argument that is a link out of the tree is refused', () => {
  it.each([
    [['audit', 'rootlink'], 'statelint: rootlink is outside the working directory (a symbolic link that leads outside it); run statelint from a directory that contains it\n'],
    [['audit', 'src/escape'], 'statelint: src/escape is outside the working directory (a symbolic link that leads outside it); run statelint from a directory that contains it\n'],
    [['audit', '-p', 'rootlink/etc/tsconfig.json'], 'statelint: -p rootlink/etc/tsconfig.json is outside the working directory; run statelint from a directory that contains it\n'],
  ])('%j', async (args, stderr) => {
    const { dir, outside } = tree({ 'src/a.ts': WRITE });
    fs.symlinkSync('/', path.join(dir, 'rootlink'));
    fs.symlinkSync(outside, path.join(dir, 'src', 'escape'));
    const run = await cli(args, dir);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr });
  });
});

describe('4. nothing outside the tree is loaded or named', () => {
  it.each(MODES)('tsconfig references and extends that lead outside: not loaded, and no absolute or ../ path in any format (%s)', async (_mode, flags) => {
    const { dir } = tree({
      'src/a.ts': WRITE,
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: '../outside/other' }, { path: '../outside/broken' }, { path: './lib' }] }),
      'lib/tsconfig.json': JSON.stringify({ extends: '/nonexistent/base.json', include: ['.'] }),
      'lib/b.ts': WRITE,
    });
    const report = json(await cli(['audit', '--format', 'json', ...flags], dir));
    expect(at(report)).toEqual(['lib/b.ts:3:3 no-fs-writes', 'src/a.ts:3:3 no-fs-writes']);
    expect(report.errors).toEqual(
      flags.length === 0 ? [{ file: 'lib/tsconfig.json', message: "cannot load tsconfig: Cannot read file '<outside the repository>'." }] : [],
    );
    for (const format of ['json', 'sarif', 'stylish', 'github']) {
      const run = await cli(['audit', '--format', format, ...flags], dir);
      noAbsolutePaths(run);
      expect(run.stdout).not.toContain('../');
      expect(run.code).toBe(1);
    }
  });
});

describe('5. a config read through a link never shows what it points at', () => {
  it('statelint.config.json -> /proc/self/environ, and -c /proc/self/environ', async () => {
    const { dir } = tree({ 'src/a.ts': WRITE });
    fs.symlinkSync('/proc/self/environ', path.join(dir, 'statelint.config.json'));
    const env = { STATELINT_TEST_SECRET: 'hunter2-do-not-print' };
    const linked = await cli(['audit'], dir, { env });
    expect(linked).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'statelint: cannot read config file statelint.config.json: it resolves to a path outside the repository (statelint reads only files inside it)\n',
    });
    const given = await cli(['audit', '-c', '/proc/self/environ'], dir, { env });
    expect(given).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'statelint: -c /proc/self/environ is outside the working directory; run statelint from a directory that contains it\n',
    });
    for (const run of [linked, given]) expect(run.stderr + run.stdout).not.toContain('hunter2');
  });
});

describe.skipIf(!MKFIFO)('6. FIFOs and sockets are never opened', () => {
  it('a FIFO or a link to a socket as the path argument: exit 2, saying what it is', async () => {
    const { dir } = tree({ 'src/a.ts': WRITE });
    spawnSync('mkfifo', [path.join(dir, 'src', 'pipe.ts')]);
    await listen(path.join(dir, 'run', 'app.sock'));
    fs.symlinkSync('../run/app.sock', path.join(dir, 'src', 'sock.ts'));
    expect(await cli(['audit', 'src/pipe.ts'], dir)).toMatchObject({
      code: 2,
      stderr: 'statelint: src/pipe.ts: not a regular file or directory (a FIFO); statelint reads only regular files\n',
    });
    expect(await cli(['audit', 'src/sock.ts'], dir)).toMatchObject({
      code: 2,
      stderr: 'statelint: src/sock.ts: not a regular file or directory (a socket); statelint reads only regular files\n',
    });
  });

  it.each(MODES)('FIFOs and sockets in the tree, behind links, and in tsconfig "files": skipped and counted (%s)', async (_mode, flags) => {
    const { dir } = tree({ 'src/a.ts': WRITE, 'tsconfig.json': JSON.stringify({ compilerOptions: { types: [] }, files: ['src/pipe.ts', 'src/a.ts'] }) });
    spawnSync('mkfifo', [path.join(dir, 'src', 'pipe.ts')]);
    await listen(path.join(dir, 'run', 'app.sock'));
    fs.symlinkSync('../run/app.sock', path.join(dir, 'src', 'sock.ts'));
    fs.symlinkSync('pipe.ts', path.join(dir, 'src', 'linked-pipe.js'));
    const run = await cli(['audit', '--format', 'json', ...flags], dir);
    expect(json(run).errors).toEqual([]);
    expect(at(json(run))).toEqual(['src/a.ts:3:3 no-fs-writes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      flags.length === 0
        ? 'statelint: scanned 1 file (typed, 1 program); skipped special files 4; refused to read 1 path (special files 1: src/pipe.ts)\n'
        : 'statelint: scanned 1 file (syntactic only); skipped special files 4\n',
    );
  });
});

describe('7. a closed stdout ends the run quietly with the exit code the findings deserve', () => {
  it.each([
    ['error findings', `import fs from 'fs';\n${"fs.writeFileSync('a', 'b');\n".repeat(3000)}`, 1],
    ['warnings only', "console.log('x');\n".repeat(3000), 0],
  ])('%s: statelint audit | head -c 100', (_what, source, expected) => {
    const { dir } = tree({ 'src/a.ts': source });
    const out = spawnSync(
      'bash',
      ['-c', `node --max-old-space-size=${HEAP_MB} "$0" audit --format json 2>stderr.txt | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`, CLI_BIN],
      { cwd: dir, encoding: 'utf8', timeout: LIMIT_MS, env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(out.signal).toBeNull();
    expect(out.stdout).toBe(`${expected}\n`);
    const stderr = fs.readFileSync(path.join(dir, 'stderr.txt'), 'utf8');
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(stderr).toMatch(/^statelint: scanned 1 file \(typed, 1 program\)\n$/);
  });
});

describe('8. a stack overflow is the fault of the file that causes it', () => {
  it('a chain of 1,000 calls: that file is named under errors, the others are analysed', async () => {
    const { dir } = tree({
      'src/a.ts': WRITE,
      'src/deep.ts': `declare const api: any;\nexport const x = api${'.next()'.repeat(1000)};\n`,
      'src/z.ts': WRITE,
      'tsconfig.json': JSON.stringify({ compilerOptions: { types: [], lib: ['es2022', 'dom'] }, include: ['src'] }),
    });
    const run = await cli(['audit', '--format', 'json'], dir);
    expect(json(run).errors).toEqual([
      {
        file: 'src/deep.ts',
        message: 'Analysis error: the code is nested too deeply for the TypeScript binder (stack overflow, e.g. a chain of a thousand calls); the file was not analysed',
      },
    ]);
    expect(at(json(run))).toEqual(['src/a.ts:3:3 no-fs-writes', 'src/z.ts:3:3 no-fs-writes']);
    expect(run.code).toBe(1);
  });
});

describe('9. the report is replaced atomically', () => {
  it('SIGTERM in the middle of writing the report leaves the previous report whole', async () => {
    const { dir } = tree({ 'src/a.ts': WRITE });
    const previous = '{"previous": "report"}\n';
    fs.writeFileSync(path.join(dir, 'report.json'), previous);
    const run = await runBounded(CLI_BIN, ['audit', '--format', 'json', '-o', 'report.json'], dir, {
      preload: path.join(REPO_ROOT, 'test', 'support', 'kill-mid-write.cjs'),
      env: { STATELINT_KILL_ON_WRITE: 'report.json' },
    });
    expect(run.signal).toBe('SIGTERM');
    expect(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe(previous);
    // Without the signal, the report replaces it whole.
    const whole = await cli(['audit', '--format', 'json', '-o', 'report.json'], dir);
    expect(whole.code).toBe(1);
    expect(at(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport)).toEqual(['src/a.ts:3:3 no-fs-writes']);
  });
});

describe('10. output errors are usage errors: one line, exit 2, the stack only with --debug', () => {
  it('a directory, /dev/full, a read-only place', async () => {
    const { dir } = tree({ 'src/a.ts': WRITE, 'out/keep': '' });
    expect(await cli(['audit', '-o', 'out'], dir)).toMatchObject({ code: 2, stdout: '', stderr: 'statelint: cannot write out: it is a directory (EISDIR)\n' });
    if (fs.existsSync('/dev/full')) {
      expect(await cli(['audit', '-o', '/dev/full'], dir)).toMatchObject({
        code: 2,
        stderr: 'statelint: cannot write /dev/full: no space left on the device (ENOSPC)\n',
      });
    }
    const readOnly = await cli(['audit', '-o', '/proc/statelint/report.json'], dir);
    expect(readOnly).toMatchObject({ code: 2, stdout: '' });
    expect(readOnly.stderr).toMatch(/^statelint: cannot write \/proc\/statelint\/report\.json: [a-z -]+ \((ENOENT|EACCES|EROFS|EPERM)\)\n$/);
    const debug = await cli(['audit', '-o', 'out', '--debug'], dir);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^statelint: cannot write out: it is a directory \(EISDIR\)\nOutputError: cannot write out: it is a directory \(EISDIR\)\n\s+at /);
  });
});

describe('size cap', () => {
  it.each(MODES)('a file over --max-file-size (or the config\'s maxFileSize) is skipped with an errors entry, never read (%s)', async (_mode, flags) => {
    const { dir } = tree({ 'src/a.ts': WRITE, 'src/big.ts': `${WRITE}${'// padding\n'.repeat(200)}` });
    const flag = await cli(['audit', '--format', 'json', '--max-file-size', '1KB', ...flags], dir);
    const skipped = [{ file: 'src/big.ts', message: 'skipped: larger than the size limit (2.2 KB > 1 KB; raise it with maxFileSize or --max-file-size)' }];
    expect(json(flag).errors).toEqual(skipped);
    expect(at(json(flag))).toEqual(['src/a.ts:3:3 no-fs-writes']);
    expect(flag.code).toBe(1);
    fs.writeFileSync(path.join(dir, 'statelint.config.json'), '{ "maxFileSize": "1KB" }');
    expect(json(await cli(['audit', '--format', 'json', ...flags], dir)).errors).toEqual(skipped);
    expect(await cli(['audit', '--max-file-size', 'lots'], dir)).toMatchObject({
      code: 2,
      stderr: 'statelint: --max-file-size must be a positive size in bytes, or with KB, MB or GB (got "lots")\n',
    });
  });

  it('a sparse 64 GB file is skipped by its size, without reading it', async () => {
    const { dir } = tree({ 'src/a.ts': WRITE });
    const fd = fs.openSync(path.join(dir, 'src', 'huge.js'), 'w');
    fs.ftruncateSync(fd, 64 * 1024 ** 3);
    fs.closeSync(fd);
    const run = await cli(['audit', '--format', 'json', '--no-type-check'], dir);
    expect(json(run).errors).toEqual([
      { file: 'src/huge.js', message: 'skipped: larger than the size limit (65536 MB > 10 MB; raise it with maxFileSize or --max-file-size)' },
    ]);
    expect(run.code).toBe(1);
  });
});

function listen(socket: string): Promise<void> {
  fs.mkdirSync(path.dirname(socket), { recursive: true });
  const server = net.createServer();
  servers.push(server);
  return new Promise((resolve) => server.listen(socket, resolve));
}
