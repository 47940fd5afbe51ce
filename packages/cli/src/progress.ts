/** Progress on stderr for long runs in a terminal: silent for the first second, then a counter. */
export interface Progress {
  update(done: number, total: number, label: string): void;
  done(): void;
}

export function createProgress(enabled: boolean, write: (text: string) => void): Progress {
  if (!enabled) return { update() {}, done() {} };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 1000 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      write(`\rstatelint: analysing ${done}/${total} files…`);
    },
    done() {
      if (drawn) write('\r\u001b[2K');
    },
  };
}
