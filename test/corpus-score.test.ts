import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script module, no types
import { formatTable, scoreRepository, summarise, validateManifest } from '../scripts/corpus/score-lib.mjs';
// @ts-expect-error -- a plain .mjs script module, no types
import { checkManifest, score } from '../scripts/corpus/score-deployment.mjs';

const labelsDir = fileURLToPath(new URL('./corpus/labels/', import.meta.url));
const commit = 'a'.repeat(40);

const manifest = {
  repo: 'acme/api',
  commit,
  files: [
    {
      path: 'src/upload.js',
      labels: [
        { rule: 'no-fs-writes', line: 10, lines: [10, 11] },
        { rule: 'require-abort-signal', line: 20 },
        { rule: 'no-module-state', line: 3, severity: 'doubtful' },
      ],
    },
    { path: 'src/clean.js', labels: [] },
  ],
};

const finding = (ruleId: string, file: string, line: number, column = 1) => ({ ruleId, file, line, column, message: `${ruleId} at ${line}` });

describe('corpus scoring', () => {
  it('matches findings to labels by rule, file and line range; the rest are false positives and misses', () => {
    const rows = scoreRepository(manifest, [
      finding('no-fs-writes', 'src/upload.js', 11),
      finding('no-fs-writes', 'src/upload.js', 12),
      finding('no-module-state', 'src/upload.js', 3),
      finding('require-structured-logging', 'src/upload.js', 5),
      finding('no-module-state', 'src/clean.js', 1),
      finding('no-module-state', 'src/unlabelled.js', 1),
    ]);
    expect(rows.map((r: { outcome: string; rule: string; file: string; line: number }) => `${r.outcome} ${r.rule} ${r.file}:${r.line}`)).toEqual([
      'tp no-fs-writes src/upload.js:11',
      'fn require-abort-signal src/upload.js:20',
      'doubtful-found no-module-state src/upload.js:3',
      'fp no-fs-writes src/upload.js:12',
      'fp no-module-state src/clean.js:1',
    ]);
    const summary = summarise(rows);
    expect(summary.total).toEqual({ tp: 1, fp: 2, fn: 1, precision: 1 / 3, recall: 0.5 });
    expect(summary.rules['no-fs-writes']).toEqual({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(summary.rules['no-in-memory-cache']).toEqual({ tp: 0, fp: 0, fn: 0, precision: null, recall: null });
  });

  it('one finding matches one label, and a prefix maps report paths into the repository', () => {
    const twice = { ...manifest, files: [{ path: 'api/a.js', labels: [{ rule: 'no-fs-writes', line: 4 }, { rule: 'no-fs-writes', line: 4 }] }] };
    const rows = scoreRepository(twice, [finding('no-fs-writes', 'a.js', 4)], 'api');
    expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['tp', 'fn']);
  });

  it('prints before → after in the table', () => {
    const now = summarise(scoreRepository(manifest, [finding('no-fs-writes', 'src/upload.js', 10), finding('require-abort-signal', 'src/upload.js', 20)]));
    const then = summarise(scoreRepository(manifest, []));
    const table = formatTable(now, then);
    expect(table).toContain('| no-fs-writes | 1 | 0 | 0 | — → 1.00 | 0.00 → 1.00 |');
    expect(table).toContain('| **all six** | 2 | 0 | 0 | — → 1.00 | 0.00 → 1.00 |');
  });

  it('rejects malformed manifests with the field named', () => {
    expect(validateManifest({ repo: 'x', commit: 'abc', files: [{ path: '../etc/passwd', labels: [] }] }, 'bad.json')).toEqual([
      'bad.json: "repo" must be "owner/name"',
      'bad.json: "commit" must be 40 hex digits',
      'bad.json: files[0].path must be a relative path inside the repository',
    ]);
    expect(validateManifest({ repo: 'a/b', commit, files: [{ path: 'a.js', labels: [{ rule: 'no-such-rule', line: 0 }] }] }, 'm')).toEqual([
      'm: files[0].labels[0].rule "no-such-rule" is not a core rule',
      'm: files[0].labels[0] has no valid line range',
    ]);
  });

  it('every manifest of the corpus is well formed', () => {
    const names = fs.existsSync(labelsDir) ? fs.readdirSync(labelsDir).filter((n) => n.endsWith('.json')) : [];
    for (const name of names) {
      const problems = validateManifest(JSON.parse(fs.readFileSync(path.join(labelsDir, name), 'utf8')), name);
      expect(problems).toEqual([]);
    }
  });
});

describe('deployment verdicts (test/corpus/deployment)', () => {
  const dir = fileURLToPath(new URL('./corpus/deployment/', import.meta.url));
  const manifest = (findings: object[]) => ({ repo: 'a/b', commit: '0'.repeat(40), opened: 'new', findings });

  it('scores per rule the findings each run reported, and rejects a verdict without a reason', () => {
    const m = manifest([
      { path: 'Dockerfile', line: 1, rule: 'require-non-root-user', verdict: 'tp', before: true, after: true, reason: 'The final stage sets no USER.' },
      { path: 'compose.yaml', line: 3, rule: 'require-pinned-images', verdict: 'fp', before: true, after: false, reason: 'A compose stack for one machine.' },
    ]);
    expect(checkManifest(m)).toEqual([]);
    expect(Object.fromEntries(score([m], 'before'))).toEqual({ 'require-non-root-user': { tp: 1, fp: 0 }, 'require-pinned-images': { tp: 0, fp: 1 } });
    expect(Object.fromEntries(score([m], 'after'))).toEqual({ 'require-non-root-user': { tp: 1, fp: 0 } });
    expect(checkManifest(manifest([{ path: 'x', line: 1, rule: 'require-probes', verdict: 'maybe', before: false, after: false, reason: '' }]))).toEqual([
      'findings[0]: verdict must be tp or fp',
      'findings[0]: before/after',
      'findings[0]: a one-sentence reason',
    ]);
  });

  it('every verdict file is well formed', () => {
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')) : [];
    expect(names.length).toBeGreaterThanOrEqual(19);
    for (const name of names) expect([name, checkManifest(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')))]).toEqual([name, []]);
  });
});
