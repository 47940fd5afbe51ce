/**
 * Progress on stderr for long runs in a terminal (only on a TTY: piped or in CI it prints nothing):
 * silent for the first second, then, while a program loads, the files it has parsed so far, and
 * while files are analysed, a counter.
 */
export interface Progress {
  update(done: number, total: number, label: string): void;
  /** A program is loading: `files` source files parsed so far for `label` (a tsconfig). */
  loading(files: number, label: string): void;
  done(): void;
}

export function createProgress(enabled: boolean, write: (text: string) => void, now: () => number = Date.now): Progress {
  if (!enabled) return { update() {}, loading() {}, done() {} };
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  const draw = (text: string): void => {
    const at = now();
    if (at - started < 1000 || at - lastDraw < 100) return;
    lastDraw = at;
    drawn = true;
    write(`\r\u001b[2K${text}`);
  };
  return {
    update(done, total) {
      draw(`statelint: analysing ${done}/${total} files…`);
    },
    loading(files, label) {
      draw(`statelint: loading ${label}: ${files} files parsed…`);
    },
    done() {
      if (drawn) write('\r\u001b[2K');
    },
  };
}
