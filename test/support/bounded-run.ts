/**
 * Runs a node script in a child process with its own limits, as the tests of untrusted input need:
 * a 256 MB heap and a 60-second clock, after which it is killed. A run that reads /dev/zero forever
 * dies of the heap limit, one that hangs on a FIFO or /dev/stdin is killed by the clock; `bounded`
 * says whether neither happened. stdin stays open (a reader of /dev/stdin would wait forever).
 */
import { spawn } from 'node:child_process';

export const LIMIT_MS = 60_000;
export const HEAP_MB = 256;

export interface BoundedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runBounded(script: string, args: readonly string[], cwd: string, options: { env?: NodeJS.ProcessEnv; preload?: string } = {}): Promise<BoundedRun> {
  const started = performance.now();
  const argv = [`--max-old-space-size=${HEAP_MB}`, ...(options.preload ? ['--require', options.preload] : []), script, ...args];
  const child = spawn(process.execPath, argv, { cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => void (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => void (stderr += t));
  const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Neither killed by the clock nor dead of the heap limit (compare with `toEqual(WITHIN_LIMITS)`). */
export function limitsHit(run: BoundedRun): { signal: NodeJS.Signals | null; killedByClock: boolean; heap: boolean } {
  return { signal: run.signal, killedByClock: run.ms >= LIMIT_MS, heap: /heap out of memory/.test(run.stderr) };
}

export const WITHIN_LIMITS = { signal: null, killedByClock: false, heap: false } as const;
