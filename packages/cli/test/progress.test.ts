/** Progress: only on a TTY; silent for the first second; shows loading programs, then analysis. */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import { main } from '../src/main.js';
import { createProgress } from '../src/progress.js';
import { projects } from './in-process.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('progress', () => {
  it('on a TTY: nothing for a second, then the files a loading program has parsed, then the analysis count', () => {
    const written: string[] = [];
    const time = clock();
    const progress = createProgress(true, (t) => written.push(t), time.now);
    progress.loading(10, 'tsconfig.json');
    expect(written).toEqual([]);
    time.advance(1200);
    progress.loading(1500, 'tsconfig.json');
    progress.loading(1501, 'tsconfig.json'); // within 100 ms of the last draw
    time.advance(150);
    progress.update(3, 3000, 'src/a.ts');
    progress.done();
    expect(written).toEqual([
      '\r\u001b[2Kstatelint: loading tsconfig.json: 1500 files parsed…',
      '\r\u001b[2Kstatelint: analysing 3/3000 files…',
      '\r\u001b[2K',
    ]);
  });

  it('not on a TTY (piped, CI): nothing at all', () => {
    const written: string[] = [];
    const time = clock();
    const progress = createProgress(false, (t) => written.push(t), time.now);
    time.advance(5000);
    progress.loading(1500, 'tsconfig.json');
    progress.update(3, 3000, 'src/a.ts');
    progress.done();
    expect(written).toEqual([]);
  });
});

describe('statelint audit: progress on stderr', () => {
  const tmp = projects('progress');
  afterAll(() => fs.rmSync(tmp.root, { recursive: true, force: true }));
  const files = {
    'package.json': '{ "name": "p", "private": true, "type": "module" }',
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true }, include: ['src'] }),
    'src/a.ts': "import { writeFileSync } from 'node:fs';\nexport const save = (s: string): void => writeFileSync('/var/a', s);\n",
    'src/b.ts': 'export const b = 1;\n',
  };

  it('stderr a terminal: the program loading (files read so far), then files analysed, then the line cleared; stdout is only the report', async () => {
    const dir = tmp.project(files);
    let t = 0;
    let stdout = '';
    let stderr = '';
    const code = await main(['audit', '.', '--format', 'json'], {
      cwd: dir,
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      isTTY: false,
      stderrIsTTY: true,
      env: {},
      now: () => (t += 600), // every look at the clock is 600 ms later: each update draws
    });
    expect(code).toBe(1);
    const frames = stderr.split('\r\u001b[2K').slice(1);
    const loading = frames.filter((f) => f.startsWith('statelint: loading'));
    expect(loading.length).toBeGreaterThan(2);
    expect(loading.map((f) => f.replace(/\d+ files/, 'N files'))).toContain('statelint: loading tsconfig.json: N files parsed…');
    const counts = loading.map((f) => Number(/(\d+) files/.exec(f)![1]));
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    expect(frames.filter((f) => f.startsWith('statelint: analysing'))).toEqual(['statelint: analysing 1/2 files…', 'statelint: analysing 2/2 files…']);
    // The last frame clears the line; the summary follows it.
    expect(stderr).toMatch(/\r\u001b\[2K(statelint: analysing 2\/2 files…)?\r\u001b\[2K[^\r]*$/);
    expect(stdout).not.toMatch(/[\r\u001b]/);
    expect(JSON.parse(stdout).findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['src/a.ts:2 no-fs-writes']);
  });

  it('stderr not a terminal (piped, CI), in every format: no progress at all', () => {
    const dir = tmp.project(files);
    for (const format of ['stylish', 'json', 'sarif']) {
      const run = runCli(['audit', '.', '--format', format], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(/[\r\u001b]|loading|analysing/);
      expect(run.stdout).not.toMatch(/\r|loading tsconfig|analysing \d/);
    }
  });
});
