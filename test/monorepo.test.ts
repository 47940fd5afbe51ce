/**
 * A monorepo (fixtures/monorepo, copied into a repository of its own) gives the same findings,
 * with the same paths from the repository root, whether audited from its root, from a package
 * directory, or through ESLint: the config is looked up from each file's directory up to the
 * repository root (nearest wins), report paths are relative to the repository root in every format,
 * and .gitignore'd compiled output is not audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';
import { runCli } from './support/run-cli.js';

const FIXTURE = path.join(REPO_ROOT, 'fixtures', 'monorepo');
const TMP = path.join(REPO_ROOT, '.statelint-tmp', 'monorepo-test');
const ROOT = path.join(TMP, 'repo');
const API = path.join(ROOT, 'packages', 'api');
const WORKER = path.join(ROOT, 'packages', 'worker');

const MODULE_STATE = {
  ruleId: 'no-module-state',
  severity: 'error',
  file: 'packages/api/src/uploads.ts',
  line: 12,
  column: 7,
  endLine: 12,
  endColumn: 13,
  message:
    'Module-level `visits` is mutated in `countVisit` (line 16): its contents live in this process only, so replicas disagree and a restart loses them. Keep them in a shared store (Redis, a database) or create the container per request.',
};
/** The worker has no config of its own: the root's applies, which does not allow the tmpdir (the api's does). */
const FS_WRITE = {
  ruleId: 'no-fs-writes',
  severity: 'error',
  file: 'packages/worker/src/export.ts',
  line: 8,
  column: 3,
  endLine: 8,
  endColumn: 42,
  message:
    '`fs.writeFileSync` writes to the local filesystem, which belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.',
};

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: string;
  fingerprint?: string;
}

function auditJson(cwd: string, ...args: string[]): { code: number; findings: Finding[]; errors: unknown[]; stderr: string } {
  const run = runCli(['audit', '--format', 'json', ...args], cwd);
  const report = JSON.parse(run.stdout) as { findings: Finding[]; errors: unknown[] };
  return { code: run.code, findings: report.findings, errors: report.errors, stderr: run.stderr };
}

function sarifRun(cwd: string, ...args: string[]): { results: unknown[]; originalUriBaseIds: unknown } {
  const run = runCli(['audit', '--format', 'sarif', ...args], cwd);
  const sarif = JSON.parse(run.stdout) as { runs: { results: unknown[]; originalUriBaseIds: unknown }[] };
  return { results: sarif.runs[0]!.results, originalUriBaseIds: sarif.runs[0]!.originalUriBaseIds };
}

const strip = ({ fingerprint: _fingerprint, ...rest }: Finding): Omit<Finding, 'fingerprint'> => rest;

beforeAll(() => {
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.cpSync(FIXTURE, ROOT, { recursive: true });
  // A repository of its own (a `.git` file marks a worktree's root, as git writes it).
  fs.writeFileSync(path.join(ROOT, '.git'), 'gitdir: none\n');
  // Compiled copies of the sources, which .gitignore lists: without it every finding would appear twice.
  for (const [pkg, file] of [['api', 'uploads'], ['worker', 'export']] as const) {
    const lib = path.join(ROOT, 'packages', pkg, 'lib');
    fs.mkdirSync(lib, { recursive: true });
    const source = fs.readFileSync(path.join(ROOT, 'packages', pkg, 'src', `${file}.ts`), 'utf8');
    fs.writeFileSync(path.join(lib, `${file}.js`), source.replace(/: (string|Buffer|number|string\[\])/g, '').replace(/new Map<[^>]+>/g, 'new Map'));
  }
});

afterAll(() => {
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe('a monorepo audited from anywhere', () => {
  it.each([true, false])('from the root: each package under its nearest config, compiled output skipped (typed=%s)', (typed) => {
    const flags = typed ? [] : ['--no-type-check'];
    const { code, findings, errors, stderr } = auditJson(ROOT, ...flags);
    expect(errors).toEqual([]);
    expect(findings.map(strip)).toEqual([MODULE_STATE, FS_WRITE]);
    expect(stderr).toMatch(/skipped gitignored 2\n$/);
    expect(code).toBe(1);
  });

  it.each([true, false])('from a package directory: the same findings, the same paths, the same fingerprints (typed=%s)', (typed) => {
    const flags = typed ? [] : ['--no-type-check'];
    const all = auditJson(ROOT, ...flags).findings;
    expect(auditJson(API, ...flags).findings).toEqual(all.filter((f) => f.file.startsWith('packages/api/')));
    expect(auditJson(WORKER, ...flags).findings).toEqual(all.filter((f) => f.file.startsWith('packages/worker/')));
    // And a path argument from the root, too.
    expect(auditJson(ROOT, 'packages/worker', ...flags).findings).toEqual(all.filter((f) => f.file.startsWith('packages/worker/')));
  });

  it('SARIF: locations from the repository root, which originalUriBaseIds describes, from any directory', () => {
    const fromRoot = sarifRun(ROOT);
    const fromApi = sarifRun(API);
    const fromWorker = sarifRun(WORKER);
    const uri = (r: unknown): string => (r as { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }).locations[0]!.physicalLocation.artifactLocation.uri;
    expect(fromRoot.results.map(uri)).toEqual(['packages/api/src/uploads.ts', 'packages/worker/src/export.ts']);
    expect([...fromApi.results, ...fromWorker.results]).toEqual(fromRoot.results);
    const base = { '%SRCROOT%': { description: { text: 'The repository root: the nearest directory holding .git at or above where statelint ran.' } } };
    for (const run of [fromRoot, fromApi, fromWorker]) expect(run.originalUriBaseIds).toEqual(base);
  });

  it('GitHub annotations name files from the repository root too', () => {
    const run = runCli(['audit', '--format', 'github'], API);
    expect(run.stdout).toBe(
      `::error file=packages/api/src/uploads.ts,line=12,endLine=12,col=7,endColumn=13,title=statelint/no-module-state::${MODULE_STATE.message}\n`,
    );
  });

  it('ESLint, configured as the two statelint configs are, reports the same findings at the same places', async () => {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        { ignores: ['packages/*/lib/**'] },
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: ROOT } } },
        statelint.configs.recommended as never,
        { rules: { 'statelint/require-structured-logging': 'off' } },
        { files: ['packages/api/**'], rules: { 'statelint/no-fs-writes': ['error', { allowTmpdir: true }] } },
      ],
    });
    const results = await eslint.lintFiles(['packages/*/src/**/*.ts']);
    const found = results.flatMap((result) =>
      result.messages.map((m) => ({
        ruleId: (m.ruleId ?? 'parse error').replace(/^statelint\//, ''),
        severity: m.severity === 2 ? 'error' : 'warn',
        file: path.relative(ROOT, result.filePath).split(path.sep).join('/'),
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
        message: m.message,
      })),
    );
    expect(found).toEqual([MODULE_STATE, FS_WRITE]);
  });
});
