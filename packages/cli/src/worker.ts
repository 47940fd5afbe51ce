/**
 * A worker thread of a parallel `--no-type-check` run (see parallel.ts): it claims files from a
 * shared counter until none are left, analyses each alone (read, parse, engine) and posts one
 * message per file, then its rule timings. Claiming one file at a time balances the load however
 * uneven the files are.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSharedFacts, scopeProgramModel } from '@statelint/core';
import { rulesById } from '@statelint/rules';
import { analyzeFileFromDisk } from './analyze-file.js';
import type { WorkerInput, WorkerMessage } from './parallel.js';
import { createFileAccess } from './safe-fs.js';
import { typescript } from './typescript.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const post = (message: WorkerMessage): void => port.postMessage(message);

scopeProgramModel(input.root, input.modelScope);
const timings = input.timings ? new Map<string, number>() : undefined;
const analysis = {
  ts: typescript(),
  cwd: input.cwd,
  sharedFacts: createSharedFacts(),
  access: createFileAccess(input.root, input.maxBytes),
  rules: input.rules.map((r) => ({ rule: rulesById.get(r.id)!, severity: r.severity, options: r.options })),
  ...(timings ? { timings } : {}),
  ...(input.explain ? { explain: true } : {}),
  ...(input.unusedDirectives ? { unusedDirectives: input.unusedDirectives } : {}),
  ...(input.codeFacts ? { codeFacts: true } : {}),
};
const next = new Int32Array(input.next);
const current = new Int32Array(input.current);

for (;;) {
  const index = Atomics.add(next, 0, 1);
  if (index >= input.files.length) break;
  Atomics.store(current, input.slot, index);
  post({ type: 'file', index, outcome: analyzeFileFromDisk(analysis, input.files[index]!) });
}
Atomics.store(current, input.slot, -1);
post({ type: 'done', timings: timings ? [...timings] : [] });
