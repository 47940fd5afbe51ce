/**
 * .gitignore is honoured as git reads it (nested files, negations, patterns relative to their own
 * directory, the repository root's file when run from a subdirectory), `--ignore-path` adds more,
 * and a path named on the command line is audited even when ignored.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../../../test/support/run-cli.js';
import { projects, run } from './in-process.js';

const { root, project } = projects('gitignore-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;

async function files(cwd: string, ...argv: string[]): Promise<{ files: string[]; stderr: string; code: number }> {
  const out = await run(cwd, 'audit', '--format', 'json', '--no-type-check', ...argv);
  const report = JSON.parse(out.stdout) as JsonReport;
  return { files: report.findings.map((f) => f.file), stderr: out.stderr, code: out.code };
}

describe('.gitignore', () => {
  it('skips what the root and nested .gitignore files list; a deeper negation wins; counted in the summary', async () => {
    const dir = project({
      '.gitignore': '# compiled\ncompiled/\n*.gen.ts\n',
      'src/a.ts': WRITE,
      'compiled/a.js': WRITE,
      'src/schema.gen.ts': WRITE,
      'packages/api/.gitignore': '/generated/\n!keep.gen.ts\n',
      'packages/api/generated/client.ts': WRITE,
      'packages/api/src/generated/client.ts': WRITE,
      'packages/api/src/keep.gen.ts': WRITE,
      'packages/api/compiled/x.js': WRITE,
    });
    const { files: found, stderr } = await files(dir);
    expect(found).toEqual(['packages/api/src/generated/client.ts', 'packages/api/src/keep.gen.ts', 'src/a.ts']);
    expect(stderr).toBe('statelint: scanned 3 files (syntactic only); skipped gitignored 4\n');
  });

  it("applies the repository root's .gitignore when run from a subdirectory, with paths from the root", async () => {
    const dir = project({ '.gitignore': 'packages/*/lib/\n', 'packages/api/src/a.ts': WRITE, 'packages/api/lib/a.js': WRITE });
    expect((await files(`${dir}/packages/api`)).files).toEqual(['packages/api/src/a.ts']);
  });

  it('--ignore-path adds gitignore-style patterns, relative to that file; a missing one exits 2', async () => {
    const dir = project({ 'src/a.ts': WRITE, 'src/legacy/b.ts': WRITE, 'src/statelint.ignore': 'legacy/\n', '.auditignore': 'src/a.ts\n' });
    expect((await files(dir)).files).toEqual(['src/a.ts', 'src/legacy/b.ts']);
    expect((await files(dir, '--ignore-path', '.auditignore')).files).toEqual(['src/legacy/b.ts']);
    expect((await files(dir, '--ignore-path', '.auditignore', '--ignore-path', 'src/statelint.ignore')).files).toEqual([]);
    expect(await run(dir, 'audit', '--ignore-path', 'nope.ignore')).toEqual({ code: 2, stdout: '', stderr: 'statelint: --ignore-path nope.ignore: no such file\n' });
  });

  it('a file or directory named on the command line is audited even when ignored', async () => {
    const dir = project({ '.gitignore': 'compiled/\n', 'src/a.ts': WRITE, 'compiled/a.js': WRITE });
    expect((await files(dir, 'compiled')).files).toEqual(['compiled/a.js']);
    expect((await files(dir, 'compiled/a.js')).files).toEqual(['compiled/a.js']);
  });
});
