/**
 * Scoring of statelint's findings against the hand-labelled corpus (test/corpus/labels/*.json).
 * Pure functions over plain data, so the scoring itself is tested (test/corpus-score.test.ts).
 *
 * A labelled file is labelled completely for the core rules: every finding of a core rule in it
 * either matches a label (true positive) or is a false positive; every label no finding matches
 * is a miss. Labels marked `"severity": "doubtful"` count neither way.
 */

/** The six rules every labelled file is labelled for. */
export const CORE_RULES = Object.freeze([
  'no-module-state',
  'no-in-memory-cache',
  'no-in-memory-sessions',
  'no-fs-writes',
  'require-abort-signal',
  'require-graceful-shutdown',
]);

/** Checks one label manifest; returns the problems found (empty when it is well formed). */
export function validateManifest(manifest, source = 'manifest') {
  const problems = [];
  const at = (what) => problems.push(`${source}: ${what}`);
  if (typeof manifest !== 'object' || manifest === null) return [`${source}: not an object`];
  if (!/^[\w.-]+\/[\w.-]+$/.test(String(manifest.repo))) at('"repo" must be "owner/name"');
  if (!/^[0-9a-f]{40}$/.test(String(manifest.commit))) at('"commit" must be 40 hex digits');
  if (!Array.isArray(manifest.files)) return [...problems, `${source}: "files" must be an array`];
  const seen = new Set();
  for (const [i, file] of manifest.files.entries()) {
    const where = `files[${i}]`;
    if (typeof file?.path !== 'string' || file.path.startsWith('/') || file.path.includes('..')) {
      at(`${where}.path must be a relative path inside the repository`);
      continue;
    }
    if (seen.has(file.path)) at(`${where}.path ${file.path} is listed twice`);
    seen.add(file.path);
    if (!Array.isArray(file.labels)) {
      at(`${where}.labels must be an array`);
      continue;
    }
    for (const [j, label] of file.labels.entries()) {
      const lw = `${where}.labels[${j}]`;
      if (!CORE_RULES.includes(label?.rule)) at(`${lw}.rule ${JSON.stringify(label?.rule)} is not a core rule`);
      const [from, to] = labelLines(label);
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from) at(`${lw} has no valid line range`);
    }
  }
  return problems;
}

/** The inclusive line range a label accepts. */
export function labelLines(label) {
  if (Array.isArray(label.lines) && label.lines.length === 2) return [label.lines[0], label.lines[1]];
  return [label.line, label.line];
}

/**
 * Scores the findings of one repository against its manifest. `findings` are JSON-report findings
 * (`ruleId`, `file` relative to the audited root with `/`, `line`); `prefix` is the audited root's
 * path inside the repository ('' for the repository root).
 */
export function scoreRepository(manifest, findings, prefix = '') {
  const labelled = new Map(manifest.files.map((file) => [file.path, file]));
  const rows = [];
  const byFile = new Map();
  for (const finding of findings) {
    if (!CORE_RULES.includes(finding.ruleId)) continue;
    const file = prefix === '' ? finding.file : `${prefix}/${finding.file}`;
    if (!labelled.has(file)) continue;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push(finding);
  }
  for (const [path, file] of labelled) {
    const candidates = [...(byFile.get(path) ?? [])].sort((a, b) => a.line - b.line || a.column - b.column);
    const used = new Set();
    for (const label of file.labels) {
      const [from, to] = labelLines(label);
      const match = candidates.find((f) => !used.has(f) && f.ruleId === label.rule && f.line >= from && f.line <= to);
      if (match) used.add(match);
      const doubtful = label.severity === 'doubtful';
      rows.push({
        outcome: match ? (doubtful ? 'doubtful-found' : 'tp') : doubtful ? 'doubtful-missed' : 'fn',
        rule: label.rule, file: path, line: match?.line ?? from, what: label.what ?? '', message: match?.message,
      });
    }
    for (const finding of candidates) {
      if (used.has(finding)) continue;
      rows.push({ outcome: 'fp', rule: finding.ruleId, file: path, line: finding.line, what: '', message: finding.message });
    }
  }
  return rows.map((row) => ({ repo: manifest.repo, ...row }));
}

/** Precision and recall per rule and in total over scored rows. */
export function summarise(rows) {
  const per = new Map(CORE_RULES.map((rule) => [rule, { tp: 0, fp: 0, fn: 0 }]));
  for (const row of rows) {
    const counts = per.get(row.rule);
    if (counts && (row.outcome === 'tp' || row.outcome === 'fp' || row.outcome === 'fn')) counts[row.outcome] += 1;
  }
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const c of per.values()) for (const k of Object.keys(total)) total[k] += c[k];
  const withRatios = (c) => ({
    ...c,
    precision: c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn),
  });
  return { rules: Object.fromEntries([...per].map(([rule, c]) => [rule, withRatios(c)])), total: withRatios(total) };
}

/** A Markdown table of a summary (and, when given, the one before it). */
export function formatTable(summary, before) {
  const ratio = (value) => (value === null ? '—' : value.toFixed(2));
  const cell = (now, then) => (then === undefined ? ratio(now) : `${ratio(then)} → ${ratio(now)}`);
  const lines = ['| rule | TP | FP | FN | precision | recall |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  const row = (name, c, b) =>
    lines.push(`| ${name} | ${c.tp} | ${c.fp} | ${c.fn} | ${cell(c.precision, b?.precision)} | ${cell(c.recall, b?.recall)} |`);
  for (const rule of CORE_RULES) row(rule, summary.rules[rule], before?.rules[rule]);
  row('**all six**', summary.total, before?.total);
  return `${lines.join('\n')}\n`;
}
