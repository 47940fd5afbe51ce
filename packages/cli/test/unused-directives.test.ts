/**
 * `--report-unused-disable-directives`: statelint-disable comments (and eslint-disable comments that
 * name statelint rules) that suppress nothing are reported, as ESLint reports its own: at error by
 * default, or at `--report-unused-disable-directives-severity`. Only rules that ran are judged.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { projects, run } from './in-process.js';

const tmp = projects('unused-directives');
afterAll(() => fs.rmSync(tmp.root, { recursive: true, force: true }));

const SOURCE = [
  "import fs from 'node:fs';", // 1
  '',
  '// statelint-disable-next-line no-fs-writes -- the export job owns this volume', // 3: used
  "export const save = (s: string): void => fs.writeFileSync('/var/a', s);",
  '',
  '// statelint-disable-next-line no-fs-writes -- stale', // 6: unused
  "export const read = (p: string): string => fs.readFileSync(p, 'utf8');",
  '',
  'export const x = 1; // statelint-disable-line', // 9: unused, names no rule
  '',
  '/* statelint-disable no-in-memory-cache, no-fs-writes */', // 11: no-fs-writes unused
  'export const cache = new Map<string, string>();',
  'export const put = (k: string, v: string): void => void cache.set(k, v);',
  '/* statelint-enable no-in-memory-cache, no-fs-writes */',
  '',
  '// eslint-disable-next-line statelint/no-fs-writes', // 16: unused
  'export const y = 2;',
  '// eslint-disable-next-line no-console', // 18: not statelint's: ESLint judges it
  'export const z = 3;',
  '// eslint-disable-next-line', // 20: may be for any ESLint rule: ESLint judges it
  'export const w = 4;',
  '',
].join('\n');

interface Found {
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

const STALE = 'Remove it: a stale suppression would hide the next real finding there.';
const unused = (severity: string): Omit<Found, 'ruleId'>[] => [
  { severity, line: 6, column: 1, endLine: 6, endColumn: 53, message: `Unused statelint-disable-next-line directive (no problems were reported from 'no-fs-writes'). ${STALE}` },
  { severity, line: 9, column: 21, endLine: 9, endColumn: 46, message: `Unused statelint-disable-line directive (no problems were reported). ${STALE}` },
  {
    severity,
    line: 11,
    column: 1,
    endLine: 11,
    endColumn: 57,
    message: "Unused statelint-disable directive (no problems were reported from 'no-fs-writes'). Remove those rule ids from it: a stale suppression would hide the next real finding there.",
  },
  { severity, line: 16, column: 1, endLine: 16, endColumn: 51, message: `Unused eslint-disable-next-line directive (no problems were reported from 'no-fs-writes'). ${STALE}` },
];

async function audit(...flags: string[]): Promise<{ code: number; findings: Found[] }> {
  const dir = tmp.project({ 'src/a.ts': SOURCE, 'tsconfig.json': '{ "include": ["src"] }' });
  const out = await run(dir, 'audit', '--format', 'json', ...flags);
  const report = JSON.parse(out.stdout) as { findings: (Found & { file: string })[] };
  return { code: out.code, findings: report.findings.map(({ ruleId, severity, line, column, endLine, endColumn, message }) => ({ ruleId, severity, line, column, endLine, endColumn, message })) };
}

describe('--report-unused-disable-directives', () => {
  it('each disable comment (or rule id in it) that suppresses nothing is an error; used ones and ESLint-only ones are not', async () => {
    const { code, findings } = await audit('--report-unused-disable-directives');
    expect(findings.filter((f) => f.ruleId === 'unused-disable-directive')).toEqual(unused('error').map((f) => ({ ruleId: 'unused-disable-directive', ...f })));
    expect(findings.filter((f) => f.ruleId !== 'unused-disable-directive')).toEqual([]); // everything else is suppressed
    expect(code).toBe(1);
  });

  it('without the flag: nothing about directives, exit 0', async () => {
    expect(await audit()).toEqual({ code: 0, findings: [] });
  });

  it('--report-unused-disable-directives-severity warn (or 1) reports them as warnings; off (or 0) not at all', async () => {
    for (const level of ['warn', '1']) {
      const { code, findings } = await audit('--report-unused-disable-directives-severity', level);
      expect(findings).toEqual(unused('warn').map((f) => ({ ruleId: 'unused-disable-directive', ...f })));
      expect(code).toBe(0);
    }
    expect(await audit('--report-unused-disable-directives', '--report-unused-disable-directives-severity', 'off')).toEqual({ code: 0, findings: [] });
  });

  it('a directive for a rule that did not run (--rule) is not judged', async () => {
    const { findings } = await audit('--report-unused-disable-directives', '--rule', 'no-in-memory-cache', '--no-type-check');
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['9:21 unused-disable-directive']);
  });

  it('a bad severity is a usage error', async () => {
    const dir = tmp.project({ 'src/a.ts': SOURCE });
    const out = await run(dir, 'audit', '--report-unused-disable-directives-severity', 'loud');
    expect(out).toEqual({ code: 2, stdout: '', stderr: 'statelint: --report-unused-disable-directives-severity: severity must be "error", "warn" or "off" (got "loud")\n' });
  });
});
