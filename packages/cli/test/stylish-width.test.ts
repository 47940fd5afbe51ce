/** Stylish rows wrap to the terminal's width (stdout a TTY); piped or written to a file, one row per finding. */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { projects } from './in-process.js';

const tmp = projects('stylish-width');
afterAll(() => fs.rmSync(tmp.root, { recursive: true, force: true }));

async function audit(dir: string, terminal: { isTTY: boolean; columns?: number }): Promise<string> {
  let stdout = '';
  await main(['audit', '.', '--no-type-check'], {
    cwd: dir,
    stdout: (t) => void (stdout += t),
    stderr: () => {},
    env: { NO_COLOR: '1' },
    ...terminal,
  });
  return stdout;
}

describe('stylish and the terminal width', () => {
  const files = { 'src/upload.js': "import fs from 'node:fs';\nexport const save = (b) => fs.writeFileSync('/var/data/x', b);\n" };
  const MESSAGE =
    '`fs.writeFileSync` writes to the local filesystem, which belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.';

  it('a terminal of 80 columns: the message wraps under its column, no line is wider than 80, the rule id ends it', async () => {
    const out = await audit(tmp.project(files), { isTTY: true, columns: 80 });
    const lines = out.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '',
      'src/upload.js',
      '  2:28  error  `fs.writeFileSync` writes to the local filesystem, which belongs',
      '               to one replica and is lost on restart. Keep the data in object',
      '               storage (S3, GCS, Azure Blob) or a database.  no-fs-writes',
      '',
      '✖ 1 problem (1 error, 0 warnings)',
      '',
    ]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('not a terminal (piped, CI logs): one row per finding, whatever the width', async () => {
    const out = await audit(tmp.project(files), { isTTY: false, columns: 80 });
    expect(out.split('\n')[2]).toBe(`  2:28  error  ${MESSAGE}  no-fs-writes`);
  });

  it('a terminal wide enough: the row as it is', async () => {
    const out = await audit(tmp.project(files), { isTTY: true, columns: 400 });
    expect(out.split('\n')[2]).toBe(`  2:28  error  ${MESSAGE}  no-fs-writes`);
  });
});
