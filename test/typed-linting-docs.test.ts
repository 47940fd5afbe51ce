/**
 * Typed linting exactly as the READMEs (the repository's, the plugin's on npm) and the editor guide show it: their `eslint.config.js` block
 * (the one with `projectService`), copied verbatim into a project whose JavaScript files (the
 * config itself, a script) are outside its tsconfig. ESLint must report no "was not found by the
 * project service" parse error on them, and the findings must be the typed ones (a Map mutated from
 * another module is seen only with the program).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projects } from '../packages/cli/test/in-process.js';
import { REPO_ROOT } from './support/paths.js';

const ESLINT_BIN = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** The ```js block of a markdown file that starts with `// eslint.config.js` and sets `projectService`. */
function typedConfigBlock(doc: string): string {
  const markdown = fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8');
  const blocks = [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const typed = blocks.filter((b) => b.startsWith('// eslint.config.js') && b.includes('projectService'));
  expect(typed, `${doc}: one typed eslint.config.js block`).toHaveLength(1);
  return typed[0]!;
}

const tmp = projects('typed-linting-docs');
afterAll(() => fs.rmSync(tmp.root, { recursive: true, force: true }));

interface Message {
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
  fatal?: boolean;
}

describe.each(['README.md', 'docs/guides/editor.md', 'packages/eslint-plugin/README.md'])('typed linting as %s shows it', (doc) => {
  it('JavaScript outside the tsconfig (eslint.config.js, upload.mjs, scripts/seed.js) parses; the findings are the typed ones', () => {
    const dir = tmp.project({
      'package.json': JSON.stringify({ name: 'service', private: true, type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', types: [], noEmit: true }, include: ['src'] }),
      'eslint.config.js': typedConfigBlock(doc),
      'src/state.ts': 'export const visits = new Map<string, number>();\n',
      'src/handler.ts': [
        "import { visits } from './state.js';",
        '',
        'export function count(user: string): number {',
        '  const next = (visits.get(user) ?? 0) + 1;',
        '  visits.set(user, next);',
        '  return next;',
        '}',
        '',
      ].join('\n'),
      // Scripts are not service code (no findings there), but they must parse.
      'scripts/seed.js': "import fs from 'node:fs';\n\nexport function seed(rows) {\n  fs.appendFileSync('seed.csv', rows.join('\\n'));\n}\n",
      'upload.mjs': "import fs from 'node:fs';\n\nexport function save(name, body) {\n  fs.writeFileSync(`/var/data/${name}`, body);\n}\n",
    });
    const run = spawnSync(process.execPath, [ESLINT_BIN, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const results = JSON.parse(run.stdout) as { filePath: string; messages: Message[] }[];
    const messages = results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(dir, r.filePath), ...m })));
    expect(messages.filter((m) => m.ruleId === null || m.fatal)).toEqual([]);
    expect(messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId}`).sort()).toEqual([
      'src/state.ts:1:14 statelint/no-module-state',
      'upload.mjs:4:3 statelint/no-fs-writes',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  }, 120_000);
});
