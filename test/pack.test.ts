/**
 * What users install: `pnpm pack` of the four published packages, installed with npm into an empty
 * project next to eslint@10, typescript-eslint@8 and typescript@6.0, then `npx statelint audit .`
 * and `npx eslint .` run there. Workspace-internal packages are published alongside (pnpm pack
 * rewrites `workspace:*` to their versions). Needs the npm registry, as CI has.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';
import { startScopedRegistry, tarballManifest, type ScopedRegistry } from './support/scoped-registry.js';

const PACKAGES = ['packages/core', 'rules', 'packages/eslint-plugin', 'packages/cli'];
let work: string;
let consumer: string;
let tarballs: string[] = [];

function sh(command: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** pnpm itself: the one running this test (`npx pnpm@10 test` leaves no pnpm on PATH), else PATH's. */
function pnpm(args: string[], cwd: string): void {
  const execPath = process.env['npm_execpath'];
  if (execPath !== undefined && /pnpm/.test(path.basename(execPath))) {
    execFileSync(process.execPath, [execPath, ...args], { cwd, stdio: 'pipe' });
  } else {
    execFileSync('pnpm', args, { cwd, stdio: 'pipe' });
  }
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-pack-'));
  const packs = path.join(work, 'packs');
  for (const pkg of PACKAGES) {
    pnpm(['pack', '--pack-destination', packs], path.join(REPO_ROOT, pkg));
  }
  consumer = path.join(work, 'consumer');
  fs.mkdirSync(path.join(consumer, 'src'), { recursive: true });
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  fs.writeFileSync(
    path.join(consumer, 'src', 'upload.ts'),
    "import { writeFile } from 'node:fs/promises';\n\nexport async function save(name: string, body: string): Promise<void> {\n  await writeFile(`/var/data/${name}`, body);\n}\n",
  );
  fs.writeFileSync(path.join(consumer, 'src', 'report.js'), "const fs = require('fs');\nmodule.exports = (rows) => fs.appendFileSync('report.csv', rows.join('\\n'));\n");
  fs.writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', types: ['node'], noEmit: true }, include: ['src'] }),
  );
  fs.writeFileSync(
    path.join(consumer, 'eslint.config.js'),
    [
      "import statelint from 'eslint-plugin-statelint';",
      "import tseslint from 'typescript-eslint';",
      'export default [',
      "  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } } },",
      '  statelint.configs.recommended,',
      '];',
    ].join('\n'),
  );
  tarballs = fs.readdirSync(packs).map((f) => path.join(packs, f));
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, 'eslint@10', 'typescript-eslint@8', 'typescript@~6.0.0', '@types/node@20'],
    { cwd: consumer, stdio: 'pipe' },
  );
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed packages in an empty npm project', () => {
  it('npx statelint audit . reports the findings (typed TS, untyped JS)', () => {
    const run = sh('npx', ['--no-install', 'statelint', 'audit', '.', '--format', 'json'], consumer);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: { file: string; line: number; column: number; ruleId: string }) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      'src/report.js:2:28 no-fs-writes',
      'src/upload.ts:4:9 no-fs-writes',
    ]);
    expect(report.errors).toEqual([]);
  });

  it('npx eslint . reports the same findings with statelint.configs.recommended', () => {
    const run = sh('npx', ['--no-install', 'eslint', '.', '--format', 'json'], consumer);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[];
    const found = results.flatMap((r) => r.messages.map((m) => `${path.relative(consumer, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`)).sort();
    expect(found).toEqual(['src/report.js:2:28 statelint/no-fs-writes', 'src/upload.ts:4:9 statelint/no-fs-writes']);
  });
});

const REPOSITORY = 'https://github.com/statelint/statelint';

describe.each(PACKAGES)('%s is ready to publish', (pkg) => {
  it('npm pack --dry-run lists README.md and LICENSE; package.json names repository, homepage and bugs', () => {
    const run = sh('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], path.join(REPO_ROOT, pkg));
    expect(run.code, run.stderr).toBe(0);
    const [packed] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, pkg, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['repository']).toEqual({ type: 'git', url: `git+${REPOSITORY}.git`, directory: pkg });
    expect(manifest['homepage']).toMatch(new RegExp(`^${REPOSITORY}(/tree/main/${pkg})?#readme$`));
    expect(manifest['bugs']).toEqual({ url: `${REPOSITORY}/issues` });
    expect(fs.readFileSync(path.join(REPO_ROOT, pkg, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'));
  });
});

/** npm, asynchronously: the scoped registry answers from this process while npm runs. */
function npmAsync(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('one package is all a user installs', () => {
  let registry: ScopedRegistry;
  const tarballOf = (name: string): string => tarballs.find((t) => tarballManifest(t).name === name)!;
  const project = (name: string): string => {
    const dir = path.join(work, name);
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
    // What publishing will do: @statelint/core and @statelint/rules come from a registry, not by hand.
    fs.writeFileSync(path.join(dir, '.npmrc'), `@statelint:registry=${registry.url}\n`);
    fs.writeFileSync(path.join(dir, 'src', 'report.js'), "import fs from 'node:fs';\nexport const save = (rows) => fs.appendFileSync('report.csv', rows.join('\\n'));\n");
    return dir;
  };

  beforeAll(async () => {
    registry = await startScopedRegistry(tarballs.filter((t) => tarballManifest(t).name.startsWith('@statelint/')));
  });
  afterAll(async () => {
    await registry?.close();
  });

  it('npm install -D eslint-plugin-statelint (its tarball alone), then npx eslint .', async () => {
    const dir = project('only-plugin');
    fs.writeFileSync(path.join(dir, 'eslint.config.js'), "import statelint from 'eslint-plugin-statelint';\nexport default [statelint.configs.recommended];\n");
    const install = await npmAsync(['install', '-D', '--no-audit', '--no-fund', '--loglevel=error', tarballOf('eslint-plugin-statelint')], dir);
    expect(install.code, install.stderr).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(Object.keys(pkg.devDependencies)).toEqual(['eslint-plugin-statelint']);
    const run = sh('npx', ['--no-install', 'eslint', '.', '--format', 'json'], dir);
    expect(run.code, run.stderr).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[];
    expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))).toEqual([
      'src/report.js:2:31 statelint/no-fs-writes',
    ]);
  }, 300_000);

  it('npm install -D statelint (its tarball alone), then npx statelint audit', async () => {
    const dir = project('only-cli');
    const install = await npmAsync(['install', '-D', '--no-audit', '--no-fund', '--loglevel=error', tarballOf('statelint')], dir);
    expect(install.code, install.stderr).toBe(0);
    const run = sh('npx', ['--no-install', 'statelint', 'audit', '--format', 'json'], dir);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[]; errors: unknown[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['src/report.js:2:31 no-fs-writes']);
    expect(report.errors).toEqual([]);
  }, 300_000);
});
