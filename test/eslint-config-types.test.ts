/**
 * The plugin's types work in a typed ESLint config: `eslint.config.mts` files using
 * `statelint.configs.*` and `statelint` as a plugin type-check with ESLint's own `defineConfig()`
 * and with typescript-eslint's `tseslint.config()` (the plugin is typed with ESLint's types, not as
 * typescript-eslint rule modules). Checked with `tsc --noEmit` against the built declarations.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const DIR = path.join(REPO_ROOT, '.statelint-tmp', 'eslint-config-types');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

function typeCheck(files: Record<string, string>): { code: number; output: string } {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(DIR, name), text);
  fs.writeFileSync(
    path.join(DIR, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'] },
      include: ['*.mts'],
    }),
  );
  const run = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: DIR, encoding: 'utf8' });
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

describe('eslint.config.mts with the plugin type-checks', () => {
  it("with ESLint's defineConfig()", () => {
    const result = typeCheck({
      'eslint.config.mts': [
        "import { defineConfig } from 'eslint/config';",
        "import statelint from 'eslint-plugin-statelint';",
        '',
        'export default defineConfig([',
        '  statelint.configs.recommended,',
        '  { files: ["src/jobs/**"], ...statelint.configs.strict },',
        '  { extends: [statelint.configs.all], files: ["src/**"] },',
        '  { plugins: { statelint }, rules: { "statelint/no-fs-writes": ["error", { allowTmpdir: true }] } },',
        ']);',
      ].join('\n'),
    });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it("with typescript-eslint's tseslint.config()", () => {
    const result = typeCheck({
      'eslint.config.mts': [
        "import statelint from 'eslint-plugin-statelint';",
        "import tseslint from 'typescript-eslint';",
        '',
        'export default tseslint.config(',
        '  ...tseslint.configs.recommended,',
        '  statelint.configs.recommended,',
        '  { plugins: { statelint }, rules: { "statelint/no-module-state": "warn" } },',
        ');',
      ].join('\n'),
    });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
