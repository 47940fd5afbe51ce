#!/usr/bin/env node
/**
 * Scores the statelint CLI against the hand-labelled corpus in test/corpus/labels/.
 *
 *   node scripts/corpus/score.mjs --checkouts DIR [--mirror DIR --prepare] [--cli FILE]
 *                                 [--no-type-check] [--json FILE] [--before FILE] [--verbose]
 *
 * --checkouts DIR   where each labelled repository is checked out, as DIR/<owner>+<name>@<commit>
 * --mirror DIR      bare git directories (DIR/<owner>+<name>/…) to extract missing checkouts from
 * --prepare         extract missing checkouts from --mirror (regular files of <commit>; nothing is run)
 * --cli FILE        the statelint bin to score (default: this checkout's packages/cli/bin/statelint.js)
 * --json FILE       write every scored row and the summary (input for --before)
 * --reports DIR     keep each repository's JSON report as DIR/<owner>+<name>.json (to read every finding)
 * --before FILE     a --json file of an earlier run: the table shows before → after
 * --verbose         list every false positive and miss
 *
 * The corpus holds manifests only (repository, commit, paths, lines): no fetched code is kept here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extractCommit } from './extract.mjs';
import { formatTable, scoreRepository, summarise, validateManifest } from './score-lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const labelsDir = path.join(root, 'test/corpus/labels');

const { values: args } = parseArgs({
  options: {
    checkouts: { type: 'string' },
    mirror: { type: 'string' },
    prepare: { type: 'boolean', default: false },
    cli: { type: 'string', default: path.join(root, 'packages/cli/bin/statelint.js') },
    'no-type-check': { type: 'boolean', default: false },
    json: { type: 'string' },
    reports: { type: 'string' },
    before: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
  },
});
if (args.checkouts === undefined) fail('--checkouts DIR is required (see the comment at the top of this script)');

const manifests = fs
  .readdirSync(labelsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(labelsDir, name), 'utf8'));
    const problems = validateManifest(manifest, name);
    if (problems.length > 0) fail(problems.join('\n'));
    return manifest;
  })
  .filter((m) => args.only === undefined || args.only.includes(m.repo));

const rows = [];
for (const manifest of manifests) {
  const slug = manifest.repo.replace('/', '+');
  const checkout = path.join(args.checkouts, `${slug}@${manifest.commit.slice(0, 12)}`);
  if (!fs.existsSync(checkout)) {
    if (!args.prepare || args.mirror === undefined) fail(`${manifest.repo}: no checkout at ${checkout} (use --mirror DIR --prepare)`);
    extract(path.join(args.mirror, slug), manifest.commit, checkout);
  }
  const findings = audit(checkout, slug);
  const repoRows = scoreRepository(manifest, findings);
  rows.push(...repoRows);
  const s = summarise(repoRows).total;
  process.stderr.write(`${manifest.repo}: ${manifest.files.length} files, TP ${s.tp}, FP ${s.fp}, FN ${s.fn}\n`);
}

const summary = summarise(rows);
const before = args.before === undefined ? undefined : JSON.parse(fs.readFileSync(args.before, 'utf8')).summary;
const files = manifests.reduce((n, m) => n + m.files.length, 0);
process.stdout.write(`${manifests.length} repositories, ${files} labelled files\n\n${formatTable(summary, before)}`);
if (args.verbose) {
  for (const row of rows.filter((r) => r.outcome === 'fp' || r.outcome === 'fn')) {
    process.stdout.write(`${row.outcome.toUpperCase()} ${row.rule} ${row.repo}:${row.file}:${row.line} ${row.what || row.message || ''}\n`);
  }
}
if (args.json !== undefined) fs.writeFileSync(args.json, `${JSON.stringify({ summary, rows }, null, 2)}\n`);

function audit(checkout, slug) {
  if (args.reports !== undefined) fs.mkdirSync(args.reports, { recursive: true });
  const out =
    args.reports === undefined
      ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-score-')), 'report.json')
      : path.resolve(args.reports, `${slug}.json`);
  const flags = ['audit', '.', '--format', 'json', '-o', out];
  if (args['no-type-check']) flags.push('--no-type-check');
  try {
    execFileSync(process.execPath, [args.cli, ...flags], { cwd: checkout, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  } catch (error) {
    // Exit 1 means error findings, which is what we are scoring; anything else must be looked at.
    if (error.status !== 1 || !fs.existsSync(out)) fail(`${checkout}: statelint exited ${error.status}\n${error.stderr}`);
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')).findings;
}

function extract(mirror, commit, checkout) {
  const gitDir = findGitDir(mirror);
  if (gitDir === undefined) fail(`no git directory under ${mirror}`);
  const { files, skipped } = extractCommit(gitDir, commit, checkout);
  process.stderr.write(`extracted ${files} files to ${checkout}${skipped > 0 ? ` (${skipped} missing from the snapshot)` : ''}\n`);
}

function findGitDir(dir) {
  if (!fs.existsSync(dir)) return undefined;
  if (fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects'))) return dir;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const found = findGitDir(path.join(dir, entry.name));
    if (found !== undefined) return found;
  }
  return undefined;
}

function fail(message) {
  process.stderr.write(`score: ${message}\n`);
  process.exit(2);
}
