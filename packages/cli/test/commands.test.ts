/** `statelint init` and `statelint print-config <file>`, in process on small projects. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_TEMPLATE } from '../src/commands/init.js';
import { projects, run } from './in-process.js';

const { root, project } = projects('commands-test');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('statelint init', () => {
  it('detects pnpm, Express and ESLint, writes the config, and with --write adds the plugin to tseslint.config(...)', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '^5.0.0' }, devDependencies: { eslint: '^10.0.0' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'eslint.config.mjs': "import tseslint from 'typescript-eslint';\n\nexport default tseslint.config(\n  ...tseslint.configs.recommended,\n);\n",
    });
    const out = await run(dir, 'init', '--write');
    expect(out).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'package manager: pnpm',
        'server framework: Express',
        'ESLint: yes (eslint.config.mjs)',
        'wrote statelint.config.json',
        'added statelint.configs.recommended to eslint.config.mjs',
        'install the plugin: pnpm add -D eslint-plugin-statelint',
        'run: pnpm exec statelint audit',
        '',
      ].join('\n'),
    });
    expect(fs.readFileSync(path.join(dir, 'statelint.config.json'), 'utf8')).toBe(CONFIG_TEMPLATE);
    expect(fs.readFileSync(path.join(dir, 'eslint.config.mjs'), 'utf8')).toBe(
      "import tseslint from 'typescript-eslint';\nimport statelint from 'eslint-plugin-statelint';\n\nexport default tseslint.config(\n  ...tseslint.configs.recommended,\n  statelint.configs.recommended,\n);\n",
    );
    // The config it wrote is one audit accepts.
    expect((await run(dir, 'audit')).code).toBe(0);
    // Never over an existing config.
    expect(await run(dir, 'init')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'statelint: init: statelint.config.json already exists; edit it, or remove it to start again\n',
    });
  });

  it('without --write, prints the lines; npm when there is no other lockfile; an exported array is edited with --write', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'svc', dependencies: { fastify: '^5.0.0', '@nestjs/core': '^11.0.0' }, devDependencies: { eslint: '^10.0.0' } }),
      'eslint.config.js': "export default [\n  { rules: {} }\n];\n",
    });
    const out = await run(dir, 'init');
    expect(out.stdout).toBe(
      [
        'package manager: npm',
        'server framework: Fastify, NestJS',
        'ESLint: yes (eslint.config.js)',
        'wrote statelint.config.json',
        'install the plugin: npm install --save-dev eslint-plugin-statelint',
        'then add to eslint.config.js:',
        "  import statelint from 'eslint-plugin-statelint';",
        '  // in the exported config array:',
        '  statelint.configs.recommended,',
        'note: eslint.config.js uses import/export but package.json has no "type": "module": Node parses it twice',
        '  and warns (MODULE_TYPELESS_PACKAGE_JSON) on every ESLint run; rename it to eslint.config.mjs',
        'run: npx statelint audit',
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync(path.join(dir, 'eslint.config.js'), 'utf8')).toBe("export default [\n  { rules: {} }\n];\n");
    fs.rmSync(path.join(dir, 'statelint.config.json'));
    await run(dir, 'init', '--write');
    expect(fs.readFileSync(path.join(dir, 'eslint.config.js'), 'utf8')).toBe(
      "import statelint from 'eslint-plugin-statelint';\nexport default [\n  { rules: {} },\n  statelint.configs.recommended,\n];\n",
    );
  });

  it('a CommonJS package with ESLint and no config yet: eslint.config.mjs (a .js file there would be CommonJS); an ES module package: eslint.config.js', async () => {
    const cjs = project({ 'package.json': JSON.stringify({ name: 'svc', devDependencies: { eslint: '^10.0.0' } }) });
    expect((await run(cjs, 'init')).stdout).toContain("then add to eslint.config.mjs:\n  import statelint from 'eslint-plugin-statelint';\n");
    const esm = project({ 'package.json': JSON.stringify({ name: 'svc', type: 'module', devDependencies: { eslint: '^10.0.0' } }) });
    expect((await run(esm, 'init')).stdout).toContain("then add to eslint.config.js:\n  import statelint from 'eslint-plugin-statelint';\n");
    const required = project({
      'package.json': JSON.stringify({ name: 'svc', devDependencies: { eslint: '^10.0.0' } }),
      'eslint.config.js': "const js = require('@eslint/js');\nmodule.exports = [js.configs.recommended];\n",
    });
    const out = (await run(required, 'init')).stdout;
    expect(out).toContain("then add to eslint.config.js:\n  const statelint = require('eslint-plugin-statelint');\n");
    expect(out).not.toContain('note:');
  });

  it('no ESLint: only the config and how to run the audit', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'svc', packageManager: 'yarn@4.5.0' }) });
    expect((await run(dir, 'init')).stdout).toBe(
      'package manager: yarn\nserver framework: none found in package.json (statelint still finds Node http servers)\nESLint: not found\nwrote statelint.config.json\nrun: yarn exec statelint audit\n',
    );
  });
});

describe('statelint print-config <file>', () => {
  it("the nearest config's rules and options, and the file's code kind", async () => {
    const dir = project({
      'statelint.config.json': '{ "extends": "recommended", "rules": { "no-fs-writes": ["warn", { "allowTmpdir": true }] } }',
      'packages/api/statelint.config.json': '{ "extends": "strict" }',
      'packages/api/src/server.ts': 'export const x = 1;\n',
      'scripts/seed.ts': 'export const y = 1;\n',
    });
    const seed = JSON.parse((await run(dir, 'print-config', 'scripts/seed.ts')).stdout);
    expect(seed).toMatchObject({
      file: 'scripts/seed.ts',
      config: 'statelint.config.json',
      extends: 'recommended',
      codeKind: { kind: 'script', reason: 'the scripts/ directory' },
    });
    expect(seed.rules['no-fs-writes']).toEqual({ severity: 'warn', options: { allowTmpdir: true } });
    expect(seed.rules['no-local-scheduler']).toEqual({ severity: 'warn' });
    expect(Object.keys(seed.rules)).toHaveLength(11);
    // From inside the package, the same answer for the same file, paths from the repository root.
    const server = JSON.parse((await run(path.join(dir, 'packages', 'api'), 'print-config', 'src/server.ts')).stdout);
    expect(server).toMatchObject({ file: 'packages/api/src/server.ts', config: 'packages/api/statelint.config.json', extends: 'strict', codeKind: { kind: 'service' } });
    expect(server.rules['no-local-scheduler'].severity).toBe('error');
  });

  it('a missing file exits 2 with "did you mean"', async () => {
    const dir = project({ 'src/server.ts': 'export const x = 1;\n' });
    expect(await run(dir, 'print-config', 'src/sever.ts')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'statelint: print-config: no such file: src/sever.ts (did you mean src/server.ts?)\n',
    });
  });
});
