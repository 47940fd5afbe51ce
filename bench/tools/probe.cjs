/**
 * Preloaded into every measured process (`node --require bench/tools/probe.cjs …`): when the process
 * exits, it writes its peak resident set size (`process.resourceUsage().maxRSS`, the kernel's
 * getrusage ru_maxrss, which covers every thread of the process, worker threads included) to the
 * file named by BENCH_PROBE_FILE. Worker threads load it too (they inherit execArgv); only the main
 * thread writes.
 */
'use strict';
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const target = process.env.BENCH_PROBE_FILE;
if (target && isMainThread) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, code }));
  });
}
