/**
 * A CommonJS project (package.json without "type": "module") set up as `statelint init` says, then
 * linted with ESLint: no module-type warning (MODULE_TYPELESS_PACKAGE_JSON) on stderr. The project
 * lives outside this repository (whose package.json is an ES module package and would hide the
 * warning); its node_modules is a link to this repository's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeFiles } from '../packages/cli/test/in-process.js';
import { runCli } from './support/run-cli.js';
import { REPO_ROOT } from './support/paths.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-commonjs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('statelint init in a CommonJS project, its lines in the file it names, then eslint: the finding, and nothing on stderr', () => {
  writeFiles(dir, {
    '.git': 'gitdir: .git-marker-for-tests\n',
    'package.json': JSON.stringify({ name: 'legacy-service', private: true, devDependencies: { eslint: '^10.0.0' } }),
    'src/report.js': "const fs = require('fs');\n\nmodule.exports = (rows) => fs.appendFileSync('report.csv', rows.join('\\n'));\n",
  });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const init = runCli(['init'], dir);
  expect(init.code, init.stderr).toBe(0);
  const advice = /then add to (\S+):\n {2}(.+)\n/.exec(init.stdout);
  expect(advice, init.stdout).not.toBeNull();
  const [, file, importLine] = advice!;
  expect(file).toBe('eslint.config.mjs');
  fs.writeFileSync(path.join(dir, file!), `${importLine}\n\nexport default [statelint.configs.recommended];\n`);

  const eslint = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(eslint.stderr).toBe('');
  const results = JSON.parse(eslint.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string | null }[] }[];
  expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))).toEqual([
    'src/report.js:3:28 statelint/no-fs-writes',
  ]);
  expect(eslint.status).toBe(1);
}, 120_000);
