/**
 * What an audit may do to the machine it runs on. It never executes or imports the audited code
 * (every audited file here would write a marker, phone home and spawn a shell if it ran), needs no
 * network, writes only where `--output` and the baseline say, and never reports a path outside the
 * working directory. The built CLI runs with test/support/guard.cjs preloaded (worker threads
 * included), which records every write, connection, child process and module load.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from '../../../test/support/paths.js';
import { filesUnder } from '../../../test/support/files.js';
import type { JsonReport } from '../../../test/support/run-cli.js';
import { projects, writeFiles } from './in-process.js';

const { root, project } = projects('security-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const GUARD = path.join(REPO_ROOT, 'test', 'support', 'guard.cjs');

/** What every audited file does if anything runs it. */
const payload = (marker: string): string =>
  [
    `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'executed');`,
    `require('node:child_process').execSync('touch ${marker}.shell');`,
    `fetch('http://169.254.169.254/latest/meta-data/').catch(() => {});`,
    `require('node:fs').writeFileSync('uploads/x', 'y');`,
  ].join('\n');

function hostileProject(marker: string): string {
  return project({
    'src/evil.cjs': payload(marker),
    'src/evil.js': `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${payload(marker)}`,
    'src/evil.mjs': `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${payload(marker)}`,
    'src/evil.ts': [
      `import fs from 'node:fs';`,
      `import { execSync } from 'node:child_process';`,
      `fs.writeFileSync(${JSON.stringify(marker)}, 'executed');`,
      `execSync('touch ${marker}.shell');`,
      `await fetch('http://169.254.169.254/latest/meta-data/');`,
    ].join('\n'),
    'src/plugin.cjs': payload(marker),
    'eslint.config.js': payload(marker),
    'statelint.config.json': JSON.stringify({ extends: 'all' }),
    'package.json': JSON.stringify({ name: 'hostile', type: 'module', main: 'src/evil.cjs', exports: './src/evil.js', scripts: { prepare: `touch ${marker}` } }),
    // A language-service plugin: tsserver would load it; a program must not.
    'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, checkJs: true, plugins: [{ name: './src/plugin.cjs' }], types: [] }, include: ['src'] }),
  });
}

interface GuardEntry {
  kind: 'write' | 'network' | 'process' | 'load';
  detail: string;
}

function guardedCli(args: string[], cwd: string): { code: number; stdout: string; stderr: string; entries: GuardEntry[] } {
  const log = path.join(root, `guard-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
  const out = spawnSync(process.execPath, ['--require', GUARD, CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', STATELINT_GUARD_LOG: log, STATELINT_GUARD_ROOT: cwd },
  });
  const entries = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as GuardEntry) : [];
  fs.rmSync(log, { force: true });
  return { code: out.status ?? -1, stdout: out.stdout, stderr: out.stderr, entries };
}

/** Every file under a directory with its size and modification time. */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    filesUnder(dir).map((file) => {
      const stat = fs.lstatSync(file);
      return [path.relative(dir, file), `${stat.size}:${stat.mtimeMs}`];
    }),
  );
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
}

describe('the audit never runs the audited code, needs no network, writes only its report and baseline', () => {
  it.each([
    ['typed', []],
    ['untyped, in worker threads', ['--no-type-check', '--concurrency', '2']],
  ] as [string, string[]][])('%s', (_mode, flags) => {
    const marker = path.join(root, `marker-${flags.length}`);
    const dir = hostileProject(marker);
    const before = snapshot(dir);

    const audit = guardedCli(['audit', '--format', 'json', '-o', 'reports/statelint.json', ...flags], dir);
    expect(audit.stderr).not.toContain('internal error');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'reports/statelint.json'), 'utf8')) as JsonReport;
    // Every payload was seen as code to audit (the fs write in each file is reported; the ESLint
    // config is a config file, skipped by default) …
    expect(report.filesScanned).toBe(5);
    expect(new Set(report.findings.map((f) => f.file)).size).toBe(5);
    // … and none of it ran.
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(`${marker}.shell`)).toBe(false);
    expect(audit.entries.filter((e) => e.kind !== 'write')).toEqual([]);
    // The report directory, a temporary file next to the report (written, then renamed over it), the report.
    const written = [...new Set(audit.entries.map((e) => e.detail))].sort();
    expect(written).toEqual([path.join(dir, 'reports'), expect.stringMatching(/\/reports\/\.statelint\.json\.\d+\.[0-9a-f]{8}\.tmp$/), path.join(dir, 'reports', 'statelint.json')]);
    expect(changed(before, snapshot(dir))).toEqual(['reports/statelint.json']);

    const baseline = guardedCli(['audit', '--update-baseline', '--baseline', 'statelint-baseline.json', ...flags], dir);
    expect(baseline.entries).toEqual([
      expect.objectContaining({ kind: 'write', detail: expect.stringMatching(/\/\.statelint-baseline\.json\.\d+\.[0-9a-f]{8}\.tmp$/) }),
      expect.objectContaining({ kind: 'write', detail: path.join(dir, 'statelint-baseline.json') }),
    ]);
    const afterBaseline = snapshot(dir);
    expect(changed(before, afterBaseline)).toEqual(['reports/statelint.json', 'statelint-baseline.json']);

    const check = guardedCli(['audit', '--baseline', 'statelint-baseline.json', '--format', 'sarif', ...flags], dir);
    expect(check.code).toBe(0);
    expect(check.entries).toEqual([]);
    expect(changed(afterBaseline, snapshot(dir))).toEqual([]);
  });

  const offline = unshareNet();
  it.skipIf(!offline)('with no network at all (a fresh network namespace), the report is the same', () => {
    const dir = hostileProject(path.join(root, 'marker-offline'));
    const online = spawnSync(process.execPath, [CLI_BIN, 'audit', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const cut = spawnSync('unshare', ['--net', process.execPath, CLI_BIN, 'audit', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(cut.stdout).toBe(online.stdout);
    expect(cut.status).toBe(online.status);
  });
});

describe('report paths never leave the working directory', () => {
  it('files a tsconfig pulls in from outside, links that lead outside, absolute path arguments', () => {
    const outside = project({ 'sibling/util.ts': `import fs from 'fs';\nexport const w = () => fs.writeFileSync('x', 'y');\n` });
    const dir = path.join(outside, 'service');
    writeFiles(dir, {
      // The service is the repository (report paths are relative to the repository root); sibling/ lies outside it.
      '.git': 'gitdir: none\n',
      'src/a.ts': `import fs from 'fs';\nimport { w } from '../../sibling/util.js';\nw();\nfs.rmSync('x');\n`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { types: [], module: 'NodeNext', moduleResolution: 'NodeNext' }, include: ['src', '../sibling'], files: [path.join(outside, 'sibling/util.ts')] }),
    });
    fs.symlinkSync(path.join(outside, 'sibling'), path.join(dir, 'src', 'linked'));
    fs.symlinkSync(path.join(outside, 'sibling', 'util.ts'), path.join(dir, 'src', 'linked-util.ts'));
    for (const flags of [[], ['--no-type-check']]) {
      const out = guardedCli(['audit', path.join(dir, 'src'), '--format', 'json', ...flags], dir);
      const report = JSON.parse(out.stdout) as JsonReport;
      const files = [...report.findings.map((f) => f.file), ...report.errors.map((e) => e.file)];
      expect(files).toEqual(['src/a.ts']);
      for (const file of files) expect(file.startsWith('..') || path.isAbsolute(file)).toBe(false);
      const sarif = guardedCli(['audit', '--format', 'sarif', ...flags], dir);
      expect(sarif.stdout).not.toContain('..');
      expect(sarif.stdout).not.toContain(outside);
    }
    // Paths and projects outside are refused outright.
    expect(guardedCli(['audit', '../sibling'], dir).code).toBe(2);
    expect(guardedCli(['audit', '-p', '../sibling/tsconfig.json'], dir).code).toBe(2);
  });
});

function unshareNet(): boolean {
  if (process.platform !== 'linux') return false;
  return spawnSync('unshare', ['--net', 'true']).status === 0;
}
