/**
 * The CLI end to end, in process (`main(argv, io)`) on small projects written to a temp directory:
 * formats, exit codes, config errors, baselines, rule selection, suppressions, default scope.
 * `test/fixtures.test.ts` runs the built binary itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { projects, run } from './in-process.js';

const { root: TMP, project } = projects('cli-test');

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('exit codes', () => {
  it('0 and no output when clean', async () => {
    const dir = project({ 'src/a.ts': 'export const a = 1;\n' });
    const out = await run(dir, 'audit');
    expect(out).toMatchObject({ code: 0, stdout: '' });
    expect(out.stderr).toBe('statelint: scanned 1 file (typed, 1 program)\n');
  });

  it('1 with error findings', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    expect((await run(dir, 'audit')).code).toBe(1);
  });

  it('2 for an unknown format, a missing path, a path outside the working directory', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    const format = await run(dir, 'audit', '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'xml' is invalid");
    const missing = await run(dir, 'audit', 'nope');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('statelint: no such file or directory: nope\n');
    const outside = await run(dir, 'audit', '..');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe('statelint: .. is outside the working directory; run statelint from a directory that contains it\n');
  });

  it('2 when one of several paths is missing, after auditing the others', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    const out = await run(dir, 'audit', 'src', 'gone', '--format', 'json');
    expect(out.code).toBe(2);
    const report = JSON.parse(out.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.errors).toEqual([{ file: 'gone', message: 'no such file or directory' }]);
  });

  it('--max-warnings: 1 when warnings exceed it, 0 at the limit', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    expect((await run(dir, 'audit', '--rule', 'no-fs-writes=warn', '--max-warnings', '1')).code).toBe(0);
    const over = await run(dir, 'audit', '--rule', 'no-fs-writes=warn', '--max-warnings', '0');
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('statelint: too many warnings (1); the maximum is 0');
    expect((await run(dir, 'audit', '--max-warnings', 'many')).code).toBe(2);
  });

  it('--help and --version exit 0', async () => {
    const help = await run(REPO_ROOT, 'audit', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--no-type-check');
    const version = await run(REPO_ROOT, '--version');
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});

describe('reports', () => {
  let dir: string;
  beforeEach(() => {
    dir = project({ 'src/a.ts': WRITE, 'src/broken.ts': 'export const = ;\n' });
  });

  it('json: the contract schema, paths relative with /, parse errors under errors', async () => {
    const out = await run(dir, 'audit', '--format', 'json');
    const report = JSON.parse(out.stdout);
    expect(report).toEqual({
      version: 1,
      tool: { name: 'statelint', version: '0.1.0' },
      filesScanned: 2,
      findings: [
        {
          ruleId: 'no-fs-writes',
          severity: 'error',
          file: 'src/a.ts',
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 33,
          message:
            '`fs.writeFileSync` writes to the local filesystem, which belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.',
          fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        },
      ],
      errors: [{ file: 'src/broken.ts', message: 'Parsing error: Variable declaration expected. (1:14)' }],
    });
    expect(out.code).toBe(1);
  });

  it('stylish: grouped by file, then a count', async () => {
    const out = await run(dir, 'audit');
    expect(out.stdout).toBe(
      [
        '',
        'src/a.ts',
        '  3:3  error  `fs.writeFileSync` writes to the local filesystem, which belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.  no-fs-writes',
        '',
        'Files statelint could not fully analyse:',
        '  src/broken.ts  Parsing error: Variable declaration expected. (1:14)',
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '',
      ].join('\n'),
    );
  });

  it('github: annotations with escaped properties', async () => {
    const out = await run(dir, 'audit', '--format', 'github');
    expect(out.stdout.split('\n')[0]).toBe(
      '::error file=src/a.ts,line=3,endLine=3,col=3,endColumn=33,title=statelint/no-fs-writes::`fs.writeFileSync` writes to the local filesystem, which belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.',
    );
    expect(out.stdout.split('\n')[1]).toBe(
      '::warning file=src/broken.ts,title=statelint could not analyse this file::Parsing error: Variable declaration expected. (1:14)',
    );
  });

  it('sarif: 2.1.0 with rules, help URIs, regions and partial fingerprints', async () => {
    const out = await run(dir, 'audit', '--format', 'sarif');
    const sarif = JSON.parse(out.stdout);
    expect(sarif.version).toBe('2.1.0');
    const [runEntry] = sarif.runs;
    expect(runEntry.tool.driver).toMatchObject({ name: 'statelint', version: '0.1.0', semanticVersion: '0.1.0' });
    const rule = runEntry.tool.driver.rules.find((r: { id: string }) => r.id === 'no-fs-writes');
    expect(rule).toMatchObject({
      // A readable name, not the id again; help in more than one line.
      name: 'NoFsWrites',
      help: {
        text: 'Disallow writes to the local filesystem from service code.\n\nWhy, how to fix it, and the rule\'s options: https://github.com/statelint/statelint/blob/main/docs/rules/no-fs-writes.md',
      },
      helpUri: 'https://github.com/statelint/statelint/blob/main/docs/rules/no-fs-writes.md',
      defaultConfiguration: { level: 'error' },
    });
    expect(runEntry.results).toHaveLength(1);
    expect(runEntry.results[0]).toMatchObject({
      ruleId: 'no-fs-writes',
      ruleIndex: runEntry.tool.driver.rules.indexOf(rule),
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/a.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 33 },
          },
        },
      ],
      partialFingerprints: { 'statelint/v1': expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(runEntry.invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'Parsing error: Variable declaration expected. (1:14)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
  });

  it('-o writes the report to a file and nothing to stdout', async () => {
    const out = await run(dir, 'audit', '--format', 'json', '-o', 'reports/statelint.json');
    expect(out.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'reports/statelint.json'), 'utf8')).findings).toHaveLength(1);
  });
});

describe('config', () => {
  it('reads statelint.config.json: severities, options, include, exclude', async () => {
    const dir = project({
      'statelint.config.json': JSON.stringify({
        extends: 'recommended',
        rules: { 'no-fs-writes': ['warn', { allowTmpdir: true }] },
        exclude: ['src/scripts/**'],
      }),
      'src/a.ts': WRITE,
      'src/tmp.ts': `import fs from 'fs'; import os from 'os';\nfs.writeFileSync(os.tmpdir() + '/x', 'y');\n`,
      'src/scripts/seed.ts': WRITE,
    });
    const out = await run(dir, 'audit', '--format', 'json');
    const report = JSON.parse(out.stdout);
    expect(report.findings.map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`)).toEqual(['src/a.ts warn']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('skipped excluded 1');
  });

  it('reads the statelint key of package.json', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', statelint: { rules: { 'no-fs-writes': 'off' } } }), 'src/a.ts': WRITE });
    expect(await run(dir, 'audit')).toMatchObject({ code: 0, stdout: '' });
  });

  it.each([
    ['{ nope', 'statelint.config.json:1:3: invalid JSON: invalid symbol'],
    ['{ "rules": { "no-fs-writes": "error" }\n  "extends": "strict" }', 'statelint.config.json:2:3: invalid JSON: comma expected'],
    ['{"rules": {"no-fs-write": "error"}}', 'statelint.config.json: rules["no-fs-write"]: unknown rule id (did you mean "no-fs-writes"?) (known: '],
    ['{"rule": {}}', 'statelint.config.json: unknown key "rule" (did you mean "rules"?)'],
    ['{"rules": {"no-such-rule": "error"}}', 'statelint.config.json: rules["no-such-rule"]: unknown rule id'],
    ['{"rules": {"no-fs-writes": "loud"}}', 'statelint.config.json: rules["no-fs-writes"]: severity must be "error", "warn" or "off" (got "loud")'],
    ['{"rules": {"no-fs-writes": ["error", {"allowTmpdir": "yes"}]}}', 'statelint.config.json: rules["no-fs-writes"]: options.allowTmpdir: should be boolean'],
    ['{"rules": {"no-fs-writes": ["error", {"allowTmp": true}]}}', 'statelint.config.json: rules["no-fs-writes"]: options: unknown option "allowTmp"'],
    ['{"extends": "relaxed"}', 'statelint.config.json: "extends" must be one of recommended, strict, all (got "relaxed")'],
    ['{"rulez": {}}', 'statelint.config.json: unknown key "rulez"'],
    ['{"include": "src"}', 'statelint.config.json: "include" must be an array of non-empty glob strings'],
    ['[]', 'statelint.config.json: the config must be a JSON object'],
    ['{"rules": []}', 'statelint.config.json: "rules" must be an object'],
    ['{"rules": {"no-fs-writes": 3}}', 'statelint.config.json: rules["no-fs-writes"]: severity must be "error", "warn" or "off" (got 3)'],
    ['{"rules": {"no-fs-writes": ["error", "yes"]}}', 'statelint.config.json: rules["no-fs-writes"]: options: should be object'],
    ['{"rules": {"no-fs-writes": ["error", {}, {}]}}', 'statelint.config.json: rules["no-fs-writes"]: expected [severity] or [severity, options]'],
    ['{"rules": {"no-fs-writes": ["error", {"allowPaths": [1]}]}}', 'statelint.config.json: rules["no-fs-writes"]: options.allowPaths[0]: should be string'],
    ['{"exclude": [""]}', 'statelint.config.json: "exclude" must be an array of non-empty glob strings'],
    ['{"extends": 1}', 'statelint.config.json: "extends" must be one of recommended, strict, all (got 1)'],
    ['\uFEFF{"rules": {"statelint/no-such-rule": "warn"}}', 'statelint.config.json: rules["statelint/no-such-rule"]: unknown rule id'],
  ])('a bad config exits 2 and names the problem: %s', async (config, message) => {
    const dir = project({ 'statelint.config.json': config, 'src/a.ts': WRITE });
    const out = await run(dir, 'audit');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.startsWith(`statelint: ${message}`)).toBe(true);
  });

  it('-c names a config file; a missing one exits 2', async () => {
    const dir = project({ 'conf/strict.json': '{"extends": "strict"}', 'src/a.ts': WRITE });
    expect((await run(dir, 'audit', '-c', 'conf/strict.json')).code).toBe(1);
    const missing = await run(dir, 'audit', '-c', 'conf/none.json');
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toBe('statelint: cannot read config file conf/none.json: ENOENT\n');
  });

  it('--rule runs only the named rules and validates ids', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    expect((await run(dir, 'audit', '--rule', 'no-fs-writes=off')).code).toBe(0);
    const bad = await run(dir, 'audit', '--rule', 'no-such');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('statelint: --rule no-such: unknown rule id');
  });
});

describe('scope', () => {
  it('skips node_modules, build output, tests, declarations and config files, and says so', async () => {
    const dir = project({
      'src/a.ts': WRITE,
      'node_modules/lib/index.js': WRITE,
      'dist/a.js': WRITE,
      'src/a.test.ts': WRITE,
      'test/helpers.ts': WRITE,
      'src/types.d.ts': 'export declare const x: number;\n',
      'vite.config.ts': WRITE,
    });
    const out = await run(dir, 'audit', '--format', 'json');
    expect(JSON.parse(out.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/a.ts']);
    expect(out.stderr).toBe(
      'statelint: scanned 1 file (typed, 1 program); skipped node_modules 1, build output 1, tests 2, declarations 1, config files 1\n',
    );
  });

  it('an include that names node_modules lifts that default exclusion', async () => {
    const dir = project({
      'statelint.config.json': JSON.stringify({ include: ['node_modules/**/*.js'] }),
      'node_modules/lib/index.js': `const fs = require('fs');\nfs.rmSync('x');\n`,
      'src/a.ts': WRITE,
    });
    const out = await run(dir, 'audit', '--format', 'json', '--no-type-check');
    expect(JSON.parse(out.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['node_modules/lib/index.js']);
  });

  it('JS files outside any tsconfig are analysed (a JS-only repository)', async () => {
    const dir = project({ 'index.js': `const { writeFile } = require('node:fs/promises');\nwriteFile('a', 'b');\n` });
    const out = await run(dir, 'audit', '--format', 'json');
    expect(JSON.parse(out.stdout).findings).toMatchObject([{ file: 'index.js', line: 2, column: 1 }]);
  });

  it('a symlink loop ends, a tsconfig with a broken extends is reported and its files still analysed', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'tsconfig.json': '{ "extends": "./missing.json", "include": ["src"] }' });
    fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'loop'));
    const out = await run(dir, 'audit', '--format', 'json');
    const report = JSON.parse(out.stdout);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['src/a.ts']);
    expect(report.errors).toEqual([
      { file: 'tsconfig.json', message: expect.stringMatching(/^cannot load tsconfig: .*missing\.json/) },
    ]);
  });
});

describe('suppressions', () => {
  it('honours statelint-disable and eslint-disable comments naming statelint rules', async () => {
    const dir = project({
      'src/a.ts': [
        `import fs from 'fs';`,
        `// statelint-disable-next-line no-fs-writes -- seeded at build time`,
        `fs.writeFileSync('a', 'b');`,
        `fs.writeFileSync('a', 'b'); // statelint-disable-line no-fs-writes`,
        `// eslint-disable-next-line statelint/no-fs-writes`,
        `fs.writeFileSync('a', 'b');`,
        `// eslint-disable-next-line no-console`,
        `fs.writeFileSync('a', 'b');`,
        `/* eslint-disable statelint/no-fs-writes */`,
        `fs.writeFileSync('a', 'b');`,
        `/* eslint-enable statelint/no-fs-writes */`,
        `const s = "// statelint-disable-next-line no-fs-writes";`,
        `fs.writeFileSync('a', s);`,
      ].join('\n'),
    });
    const out = await run(dir, 'audit', '--format', 'json');
    expect(JSON.parse(out.stdout).findings.map((f: { line: number }) => f.line)).toEqual([8, 13]);
  });
});

describe('baseline', () => {
  it('records findings, hides them on later runs, reports new ones, counts fixed ones', async () => {
    const dir = project({ 'src/a.ts': WRITE });
    const update = await run(dir, 'audit', '--update-baseline', '--baseline', 'baseline.json');
    expect(update.code).toBe(0);
    expect(update.stderr).toContain('wrote 1 finding to baseline.json');
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({ version: 1, tool: 'statelint', findings: [{ ruleId: 'no-fs-writes', file: 'src/a.ts', line: 3 }] });

    // Unrelated edits above the finding do not bring it back.
    fs.writeFileSync(path.join(dir, 'src/a.ts'), `// a comment\n\n${WRITE}`);
    expect(await run(dir, 'audit', '--baseline', 'baseline.json')).toMatchObject({ code: 0, stdout: '' });

    // A new finding is reported; the recorded one stays hidden.
    fs.writeFileSync(path.join(dir, 'src/a.ts'), `${WRITE}export function also() { fs.rmSync('x'); }\n`);
    const fresh = await run(dir, 'audit', '--baseline', 'baseline.json', '--format', 'json');
    expect(fresh.code).toBe(1);
    expect(JSON.parse(fresh.stdout).findings.map((f: { line: number }) => f.line)).toEqual([5]);

    // Fixed findings are counted as stale.
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const clean = true;\n');
    const fixed = await run(dir, 'audit', '--baseline', 'baseline.json');
    expect(fixed.stderr).toContain('0 in baseline, 1 baseline entries fixed since (run --update-baseline to prune)');
  });

  it('a missing or malformed baseline exits 2', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'bad.json': '{"version": 2}' });
    const missing = await run(dir, 'audit', '--baseline', 'none.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('statelint: cannot read baseline none.json: ENOENT (create it with --update-baseline)\n');
    const bad = await run(dir, 'audit', '--baseline', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('statelint: baseline bad.json: not a statelint baseline');
  });
});
