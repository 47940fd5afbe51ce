/** Smaller first-day surprises: an include that merely contains "spec"/"test", and FORCE_COLOR. */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import { projects, run } from './in-process.js';

const { root, project } = projects('small-things-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;

describe('include', () => {
  it('an include of src/inspection/** still skips tests (the word merely contains "spec")', async () => {
    const dir = project({
      'statelint.config.json': '{ "include": ["src/inspection/**"] }',
      'src/inspection/check.ts': WRITE,
      'src/inspection/check.test.ts': WRITE,
      'src/inspection/__tests__/more.ts': WRITE,
    });
    const out = await run(dir, 'audit', '--format', 'json', '--no-type-check');
    expect(JSON.parse(out.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/inspection/check.ts']);
    expect(out.stderr).toBe('statelint: scanned 1 file (syntactic only); skipped tests 2\n');
  });

  it('an include that names tests lifts that exclusion (the file is scanned; the engine then treats it as a test)', async () => {
    const dir = project({ 'statelint.config.json': '{ "include": ["src/**/*.test.ts"] }', 'src/a.test.ts': WRITE });
    const out = await run(dir, 'audit', '--format', 'json', '--no-type-check');
    expect(out.stderr).toBe('statelint: scanned 1 file (syntactic only)\n');
  });
});

describe('colors', () => {
  it('FORCE_COLOR colors the stylish report when stdout is not a terminal (CI logs); FORCE_COLOR=0 and --no-color do not', () => {
    const dir = project({ 'src/a.ts': WRITE });
    const forced = runCli(['audit', '--no-type-check'], dir, { FORCE_COLOR: '1', NO_COLOR: undefined });
    expect(forced.stdout).toContain('\u001b[31merror\u001b[39m');
    expect(runCli(['audit', '--no-type-check'], dir, { FORCE_COLOR: '0', NO_COLOR: undefined }).stdout).not.toContain('\u001b[');
    expect(runCli(['audit', '--no-type-check', '--no-color'], dir, { FORCE_COLOR: '1', NO_COLOR: undefined }).stdout).not.toContain('\u001b[');
    expect(runCli(['audit', '--no-type-check'], dir, { NO_COLOR: undefined, FORCE_COLOR: undefined }).stdout).not.toContain('\u001b[');
  });
});
