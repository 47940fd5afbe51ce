/**
 * Flow-annotated JavaScript: a file with `@flow` in its leading comments has its types blanked out
 * (flow-remove-types) before it is parsed, so it is analysed, typed and untyped, with findings at
 * their places in the original text. Files without the pragma are parsed as they are.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../../../test/support/run-cli.js';
import { hasFlowPragma, stripFlowTypes } from '../src/flow.js';
import { projects, run } from './in-process.js';

const { root, project } = projects('flow-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const FLOW_FILE = `/**
 * @flow
 */
import fs from 'fs';
import type { Request } from 'express';

type Entry = { body: string, at: number };

export function remember(req: Request, body: string): void {
  fs.writeFileSync(\`/var/data/\${req.path}\`, (body: string));
}
`;

describe('Flow-annotated JavaScript', () => {
  it.each([[[]], [['--no-type-check']]])('is analysed, findings where they are in the original text (%j)', async (flags) => {
    const dir = project({ 'src/store.js': FLOW_FILE });
    const out = await run(dir, 'audit', '--format', 'json', ...flags);
    const report = JSON.parse(out.stdout) as JsonReport;
    expect(report.errors).toEqual([]);
    expect(report.findings.map(({ ruleId, file, line, column, endLine, endColumn }) => ({ ruleId, file, line, column, endLine, endColumn }))).toEqual([
      { ruleId: 'no-fs-writes', file: 'src/store.js', line: 10, column: 3, endLine: 10, endColumn: 60 },
    ]);
  });

  it('keeps every position: same length, same line breaks; only files with the pragma are touched', () => {
    const stripped = stripFlowTypes('store.js', FLOW_FILE);
    expect(stripped).toHaveLength(FLOW_FILE.length);
    expect(stripped.split('\n').map((l) => l.length)).toEqual(FLOW_FILE.split('\n').map((l) => l.length));
    expect(stripped).not.toContain('Request');
    expect(stripped).toContain("fs.writeFileSync(`/var/data/${req.path}`, (body        ));");
    expect(hasFlowPragma('store.ts', FLOW_FILE)).toBe(false);
    expect(hasFlowPragma('store.js', `const a = 1; // @flow later\n`)).toBe(false);
    expect(hasFlowPragma('store.js', `#!/usr/bin/env node\n// @flow strict\nconst a = 1;\n`)).toBe(true);
    const plain = 'const a = (b) => b;\n';
    expect(stripFlowTypes('plain.js', plain)).toBe(plain);
  });
});
