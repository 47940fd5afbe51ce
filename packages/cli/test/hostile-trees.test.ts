/**
 * Seeded hostile repositories (test/support/hostile-tree.ts), each audited by the built CLI with a
 * 256 MB heap and a 60-second clock: zero hangs (nothing killed by the clock or the heap), zero
 * internal errors or stack traces, exit codes 0, 1 or 2 only, zero escapes (the canary directory
 * next to the tree and the directory above are untouched; no absolute path in stdout, stderr or the
 * written report).
 *
 * CI runs STATELINT_HOSTILE_TREES trees (default 6) from STATELINT_HOSTILE_SEED (default 17) and
 * stops starting new ones after STATELINT_HOSTILE_BUDGET_S seconds (default 150), so the time is
 * bounded. A failure names its seed: `STATELINT_HOSTILE_SEED=<seed> STATELINT_HOSTILE_TREES=1`
 * reproduces it.
 */
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LIMIT_MS, limitsHit, runBounded, WITHIN_LIMITS } from '../../../test/support/bounded-run.js';
import { hostileTree } from '../../../test/support/hostile-tree.js';
import { CLI_BIN } from '../../../test/support/paths.js';

const TREES = Number(process.env['STATELINT_HOSTILE_TREES'] ?? 6);
const SEED = Number(process.env['STATELINT_HOSTILE_SEED'] ?? 17);
const BUDGET_MS = Number(process.env['STATELINT_HOSTILE_BUDGET_S'] ?? 150) * 1000;

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-hostile-trees-')));
const servers: net.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  fs.rmSync(base, { recursive: true, force: true });
});

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      const stat = fs.lstatSync(abs);
      out[path.relative(dir, abs)] = `${stat.size}:${stat.mtimeMs}:${stat.mode}:${stat.isFile() && stat.size < 1e6 ? fs.readFileSync(abs, 'utf8') : ''}`;
      if (entry.isDirectory()) visit(abs);
    }
  };
  visit(dir);
  return out;
}

const started = performance.now();
it.each(Array.from({ length: TREES }, (_, i) => SEED + i))('hostile tree, seed %i: no hang, no internal error, no escape', async (seed) => {
  if (performance.now() - started > BUDGET_MS) return; // the time budget is spent: the rest are not started
  const top = path.join(base, `seed-${seed}`);
  const tree = hostileTree(top, seed, servers);
  await new Promise((resolve) => setTimeout(resolve, 50)); // sockets bound
  const outsideBefore = snapshot(tree.outside);
  const aboveBefore = fs.readdirSync(top).sort();
  const baseBefore = fs.readdirSync(base).sort();

  const run = await runBounded(CLI_BIN, tree.args, tree.dir);
  if (process.env['STATELINT_HOSTILE_VERBOSE']) console.log(`seed ${seed}: exit ${run.code} in ${Math.round(run.ms)} ms: ${tree.args.join(' ')}\n  ${run.stderr.trim().split('\n').slice(-1)[0]}`);
  const context = `seed ${seed}, statelint ${tree.args.join(' ')}\n${tree.recipe.join('\n')}\n--- stderr:\n${run.stderr.slice(0, 2000)}`;
  expect(limitsHit(run), context).toEqual(WITHIN_LIMITS);
  expect([0, 1, 2], context).toContain(run.code);
  expect(run.stderr, context).not.toMatch(/internal error|\n\s+at |Maximum call stack/);
  // Zero escapes: nothing outside the tree changed, nothing outside it is named.
  expect(snapshot(tree.outside), context).toEqual(outsideBefore);
  expect(fs.readdirSync(top).sort(), context).toEqual(aboveBefore);
  expect(fs.readdirSync(base).sort(), context).toEqual(baseBefore);
  const report = ['report.json', 'reports/out/report.json'].map((f) => path.join(tree.dir, f)).find((f) => isRegular(f));
  for (const text of [run.stdout, run.stderr, report ? fs.readFileSync(report, 'utf8') : '']) {
    expect(text, context).not.toContain(base);
    expect(text, context).not.toContain(os.tmpdir() + path.sep);
    expect(text, context).not.toContain('"precious"');
  }
  if (run.code === 2) expect(run.stderr.trim().split('\n'), context).toHaveLength(1);
}, LIMIT_MS * 2);

function isRegular(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}
