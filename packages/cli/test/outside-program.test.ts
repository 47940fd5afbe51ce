/**
 * Typed audits follow calls into files the TypeScript program does not hold (a `.js` module of a
 * project without `allowJs`, which the program model reads from disk). The checker knows nothing of
 * such a file's nodes; asking it about them threw inside TypeScript and failed three rules on the
 * importing file (found on real monorepos: 265 rule failures on one of them).
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { projects, run } from './in-process.js';

const { root: TMP, project } = projects('outside-program');
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('calls into a file outside the program', () => {
  it('are followed without asking the checker about their nodes: no rule fails, the findings stay', async () => {
    const dir = project({
      'package.json': '{ "type": "module", "dependencies": { "express": "^4.0.0" } }',
      'tsconfig.json': '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "skipLibCheck": true }, "include": ["src/**/*.ts"] }',
      'src/server.ts': [
        "import express from 'express';",
        "import { store } from './store.js';",
        '',
        'const app = express();',
        "app.post('/notes', async (req, res) => {",
        '  await store.save(req.body);',
        '  res.end();',
        '});',
        'app.listen(3000);',
        '',
      ].join('\n'),
      'src/store.js': ['class Store {', '  save(note) {', '    return this.disk.write(note);', '  }', '}', 'export const store = new Store();', ''].join('\n'),
    });
    const { code, stdout } = await run(dir, 'audit', '.', '--format', 'json');
    const report = JSON.parse(stdout) as { errors: unknown[]; findings: { ruleId: string; file: string; line: number; column: number }[] };
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual(['require-graceful-shutdown src/server.ts:9:1']);
    expect(code).toBe(1);
  });
});
