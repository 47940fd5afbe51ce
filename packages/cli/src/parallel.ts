/**
 * `--no-type-check` over many files on every core: each file is analysed alone (no program), so
 * files can go to worker threads in any order and the report is the same (the audit sorts it).
 * Workers claim files one at a time from a shared counter; each posts a message per file.
 *
 * Robustness: a worker that dies (out of memory, a crash in native code) costs only the file it was
 * on, which is reported as an internal error; the other workers go on, and whatever no worker
 * answered is analysed in the main thread at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConfiguredRule, Severity } from '@statelint/core';
import type { FileOutcome } from './analyze-file.js';
import { INTERNAL_ERROR } from './errors.js';
import { reportPath } from './paths.js';
import type { FileAccess } from './safe-fs.js';

/** Below this many files per thread, starting threads costs more than it saves. */
export const MIN_FILES_PER_THREAD = 50;
const MAX_THREADS = 8;

export interface WorkerInput {
  cwd: string;
  /** The file access of the audit (safe-fs.ts): its root and size cap. */
  root: string;
  maxBytes: number;
  files: readonly string[];
  rules: { id: string; severity: Severity; options: object | undefined }[];
  timings: boolean;
  explain?: boolean;
  unusedDirectives?: Severity;
  /** Collect code facts for the deployment cross-checks. */
  codeFacts?: boolean;
  /** The audited paths, to which the program model is limited (see scopeProgramModel). */
  modelScope?: string[];
  /** Int32 counter: the next file index to claim. */
  next: SharedArrayBuffer;
  /** Int32 per worker: the file index it is on (-1: none), to name the file if it dies. */
  current: SharedArrayBuffer;
  slot: number;
}

export type WorkerMessage =
  | { type: 'file'; index: number; outcome: FileOutcome }
  | { type: 'done'; timings: [string, number][] };

/**
 * `auto`: every available core (at most 8), and no more than one per MIN_FILES_PER_THREAD files;
 * a number: that many (no more than there are files).
 */
export function threadCount(requested: number | 'auto', files: number): number {
  if (requested !== 'auto') return Math.max(1, Math.min(requested, files));
  return Math.max(1, Math.min(os.availableParallelism(), MAX_THREADS, Math.floor(files / MIN_FILES_PER_THREAD)));
}

/** The built worker script, or undefined when running from sources without a build. */
function workerScript(): string | undefined {
  const here = import.meta.url;
  const script = fileURLToPath(new URL(here.endsWith('.ts') ? '../dist/worker.js' : './worker.js', here));
  return fs.existsSync(script) ? script : undefined;
}

export interface ParallelAnalysis {
  cwd: string;
  access: FileAccess;
  files: readonly string[];
  rules: readonly ConfiguredRule[];
  threads: number;
  timings: Map<string, number> | undefined;
  explain?: boolean;
  unusedDirectives?: Severity;
  codeFacts?: boolean;
  modelScope?: readonly string[];
  onFile(file: string, outcome: FileOutcome): void;
}

/**
 * Analyses the files in worker threads; resolves with the indexes of files no worker answered (the
 * caller analyses those itself). False when worker threads cannot be used here at all.
 */
export function analyzeInWorkers(options: ParallelAnalysis): Promise<number[]> | false {
  const script = workerScript();
  if (script === undefined) return false;
  const { files, threads } = options;
  const next = new SharedArrayBuffer(4);
  const currentBuffer = new SharedArrayBuffer(4 * threads);
  const current = new Int32Array(currentBuffer).fill(-1);
  const answered = new Uint8Array(files.length);
  const rules = options.rules.map((r) => ({ id: r.rule.id, severity: r.severity, options: r.options }));

  const answer = (index: number, outcome: FileOutcome): void => {
    if (answered[index] === 1) return;
    answered[index] = 1;
    options.onFile(files[index]!, outcome);
  };

  return new Promise((resolve) => {
    let running = threads;
    for (let slot = 0; slot < threads; slot++) {
      const input: WorkerInput = { cwd: options.cwd, root: options.access.root, maxBytes: options.access.maxBytes, files, rules, timings: options.timings !== undefined, ...(options.codeFacts ? { codeFacts: true } : {}), ...(options.explain ? { explain: true } : {}), ...(options.unusedDirectives ? { unusedDirectives: options.unusedDirectives } : {}), ...(options.modelScope ? { modelScope: [...options.modelScope] } : {}), next, current: currentBuffer, slot };
      // The main thread's stack (V8's default, about 1 MB), so that a file nested too deeply for the
      // parser is reported the same way whatever the number of threads.
      const worker = new Worker(script, { workerData: input, resourceLimits: { stackSizeMb: 1 } });
      let finished = false;
      let failure: Error | undefined;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'file') {
          answer(message.index, message.outcome);
        } else {
          finished = true;
          for (const [id, ms] of message.timings) options.timings?.set(id, (options.timings.get(id) ?? 0) + ms);
        }
      });
      worker.on('error', (error) => {
        failure = error;
      });
      worker.on('exit', (code) => {
        const index = Atomics.load(current, slot);
        if (!finished && index >= 0) {
          const reason = failure?.message ?? `exit code ${code}`;
          const file = reportPath(options.cwd, files[index]!);
          answer(index, { findings: [], errors: [{ file, message: `${INTERNAL_ERROR}: the worker thread analysing this file failed (${reason})` }] });
        }
        if (--running === 0) resolve([...answered.keys()].filter((i) => answered[i] === 0));
      });
    }
  });
}
