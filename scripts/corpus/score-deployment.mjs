#!/usr/bin/env node
/**
 * Precision of the deployment rules on real repositories, from the verdicts in
 * test/corpus/deployment/*.json (every finding read by hand: repository, commit, path, line, rule,
 * verdict, one-sentence reason; `before` / `after` say which run reported it).
 *
 *   node scripts/corpus/score-deployment.mjs                 # per-rule table, before → after
 *   node scripts/corpus/score-deployment.mjs --reports <dir> # also: findings of a fresh run no verdict covers
 *   node scripts/corpus/score-deployment.mjs --json out.json
 *
 * `--reports` takes a folder of `statelint audit --format json` reports named
 * `<owner>+<name>@<first 12 hex of the commit>.json` (run from the checkout's root, `--no-type-check`
 * is enough for deployment rules); a finding matches a verdict by path, line and rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    labels: { type: 'string', default: path.join(here, '..', '..', 'test', 'corpus', 'deployment') },
    reports: { type: 'string' },
    json: { type: 'string' },
  },
});

export const DEPLOYMENT_RULES = [
  'require-probes', 'require-rolling-update', 'require-replicas', 'require-resources', 'require-security-context', 'no-session-affinity',
  'no-inline-secrets', 'require-multi-stage-build', 'require-non-root-user', 'require-signal-safe-cmd', 'require-pinned-images',
  'require-writable-paths', 'require-probe-route', 'require-shutdown-within-grace', 'no-state-across-replicas', 'no-duplicate-schedule',
];

/** Checks one manifest's shape; returns the problems. */
export function checkManifest(m) {
  const problems = [];
  if (typeof m.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(m.repo)) problems.push('repo must be owner/name');
  if (typeof m.commit !== 'string' || !/^[0-9a-f]{40}$/.test(m.commit)) problems.push('commit must be 40 hex');
  if (!['corpus', 'team', 'new'].includes(m.opened)) problems.push('opened must be corpus, team or new');
  for (const [i, f] of (m.findings ?? []).entries()) {
    if (typeof f.path !== 'string' || !Number.isInteger(f.line)) problems.push(`findings[${i}]: path and line`);
    if (!DEPLOYMENT_RULES.includes(f.rule) && !/^no-|^require-/.test(f.rule)) problems.push(`findings[${i}]: rule`);
    if (f.verdict !== 'tp' && f.verdict !== 'fp') problems.push(`findings[${i}]: verdict must be tp or fp`);
    if (typeof f.before !== 'boolean' || typeof f.after !== 'boolean' || (!f.before && !f.after)) problems.push(`findings[${i}]: before/after`);
    if (typeof f.reason !== 'string' || f.reason.length < 10 || /UNREVIEWED/.test(f.reason)) problems.push(`findings[${i}]: a one-sentence reason`);
  }
  return problems;
}

/** Per-rule true and false positives of the findings a run (`before` or `after`) reported. */
export function score(manifests, run) {
  const rows = new Map();
  for (const m of manifests) {
    for (const f of m.findings) {
      if (!f[run]) continue;
      const row = rows.get(f.rule) ?? { tp: 0, fp: 0 };
      row[f.verdict] += 1;
      rows.set(f.rule, row);
    }
  }
  return rows;
}

const precision = (r) => (r.tp + r.fp === 0 ? '—' : (r.tp / (r.tp + r.fp)).toFixed(2));

function main() {
  const files = fs.readdirSync(args.labels).filter((f) => f.endsWith('.json')).sort();
  const manifests = files.map((f) => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(args.labels, f), 'utf8')) }));
  let bad = 0;
  for (const m of manifests) {
    for (const p of checkManifest(m)) {
      bad++;
      process.stderr.write(`${m.file}: ${p}\n`);
    }
  }
  const before = score(manifests, 'before');
  const after = score(manifests, 'after');
  const total = (rows) => [...rows.values()].reduce((a, r) => ({ tp: a.tp + r.tp, fp: a.fp + r.fp }), { tp: 0, fp: 0 });
  const lines = ['| rule | before tp/fp | before precision | after tp/fp | after precision |', '| --- | --- | --- | --- | --- |'];
  for (const rule of DEPLOYMENT_RULES) {
    const b = before.get(rule) ?? { tp: 0, fp: 0 };
    const a = after.get(rule) ?? { tp: 0, fp: 0 };
    if (b.tp + b.fp + a.tp + a.fp === 0) continue;
    lines.push(`| ${rule} | ${b.tp}/${b.fp} | ${precision(b)} | ${a.tp}/${a.fp} | ${precision(a)} |`);
  }
  const tb = total(before);
  const ta = total(after);
  lines.push(`| **all** | ${tb.tp}/${tb.fp} | ${precision(tb)} | ${ta.tp}/${ta.fp} | ${precision(ta)} |`);
  process.stdout.write(`${lines.join('\n')}\n\n${manifests.length} repositories: ${manifests.map((m) => `${m.repo}@${m.commit.slice(0, 12)} (${m.opened})`).join(', ')}\n`);

  if (args.reports !== undefined) {
    for (const m of manifests) {
      const report = path.join(args.reports, `${m.repo.replace('/', '+')}@${m.commit.slice(0, 12)}.json`);
      if (!fs.existsSync(report)) continue;
      const found = JSON.parse(fs.readFileSync(report, 'utf8')).findings.filter((f) => DEPLOYMENT_RULES.includes(f.ruleId));
      const known = new Set(m.findings.map((f) => `${f.path}:${f.line}:${f.rule}`));
      for (const f of found) if (!known.has(`${f.file}:${f.line}:${f.ruleId}`)) process.stdout.write(`no verdict yet: ${m.repo} ${f.file}:${f.line} ${f.ruleId}\n`);
    }
  }
  if (args.json !== undefined) {
    fs.writeFileSync(args.json, JSON.stringify({ before: Object.fromEntries(before), after: Object.fromEntries(after) }, null, 2) + '\n');
  }
  if (bad > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
