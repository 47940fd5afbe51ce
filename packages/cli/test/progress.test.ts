/** Progress: only on a TTY; silent for the first second; shows loading programs, then analysis. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';

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
