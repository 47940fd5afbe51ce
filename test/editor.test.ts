/**
 * The editor path: the ESLint extension keeps one ESLint instance alive and re-lints a file on every
 * edit (`lintText` with the buffer's text). Findings must follow the new text, and nothing may
 * survive from an earlier version of the file or an earlier program: an imported module that stops
 * (or starts) writing to disk changes the importer's typed findings on the next lint.
 *
 * The project is written to a temp directory; the imported module is edited the way an editor does
 * it (its buffer is linted with the new text, and the file is saved).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const DIR = path.join(REPO_ROOT, '.statelint-tmp', 'editor-test');
const APP = path.join(DIR, 'src', 'app.ts');
const STORE = path.join(DIR, 'src', 'store.ts');

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] },
  include: ['src'],
};

/** A module that re-exports an fs write under another name: only typed linting sees through it. */
const STORE_WRITES = `export { writeFile as save } from 'node:fs/promises';\n`;
const STORE_SAFE = `export async function save(_key: string, _body: string): Promise<void> {}\n`;

const APP_V1 = [
  `import { save } from './store.js';`,
  `export async function handler(body: string) {`,
  `  await save('out.txt', body);`,
  `}`,
  ``,
].join('\n');

/** The same call two lines lower, and a direct write added below it. */
const APP_V2 = [
  `import fs from 'node:fs';`,
  `import { save } from './store.js';`,
  `// the handler moved down`,
  `export async function handler(body: string) {`,
  `  await save('out.txt', body);`,
  `  fs.writeFileSync('copy.txt', body);`,
  `}`,
  ``,
].join('\n');

const APP_CLEAN = `export async function handler(body: string) {\n  return body.length;\n}\n`;

function eslintFor(typed: boolean): ESLint {
  return new ESLint({
    cwd: DIR,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: typed ? { projectService: true, tsconfigRootDir: DIR } : {},
        },
      },
      // One rule, so that rules added later do not change what this test sees.
      { plugins: { statelint: statelint as never }, rules: { 'statelint/no-fs-writes': 'error' } },
    ],
  });
}

async function lint(eslint: ESLint, file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: file });
  return result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.ruleId === null ? m.message : ''}`.trim());
}

/** The editor saves the module and lints its buffer (which updates the typed program). */
async function editModule(eslint: ESLint, text: string): Promise<void> {
  fs.writeFileSync(STORE, text);
  await lint(eslint, STORE, text);
}

beforeAll(() => {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(APP), { recursive: true });
  fs.writeFileSync(path.join(DIR, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  fs.writeFileSync(STORE, STORE_WRITES);
  fs.writeFileSync(APP, APP_V1);
});
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

describe('one long-lived ESLint instance, as in the editor', () => {
  it('typed: findings follow the text and the imported module, nothing stale survives', async () => {
    const eslint = eslintFor(true);
    const [first] = await eslint.lintFiles([APP]);
    expect(first!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['3:9 statelint/no-fs-writes']);

    // The buffer changes: the finding moves with the code, and the new write is found.
    expect(await lint(eslint, APP, APP_V2)).toEqual(['5:9 statelint/no-fs-writes', '6:3 statelint/no-fs-writes']);
    expect(await lint(eslint, APP, APP_CLEAN)).toEqual([]);
    expect(await lint(eslint, APP, APP_V1)).toEqual(['3:9 statelint/no-fs-writes']);

    // The imported module stops writing: the importer's cross-file finding goes away …
    await editModule(eslint, STORE_SAFE);
    expect(await lint(eslint, APP, APP_V1)).toEqual([]);
    expect(await lint(eslint, APP, APP_V2)).toEqual(['6:3 statelint/no-fs-writes']);

    // … and comes back when the module writes again.
    await editModule(eslint, STORE_WRITES);
    expect(await lint(eslint, APP, APP_V1)).toEqual(['3:9 statelint/no-fs-writes']);
  });

  it('untyped: findings follow the text; the file alone decides', async () => {
    fs.writeFileSync(STORE, STORE_WRITES);
    const eslint = eslintFor(false);
    // Without a program the re-export cannot be followed: only the direct write is reported.
    expect(await lint(eslint, APP, APP_V1)).toEqual([]);
    expect(await lint(eslint, APP, APP_V2)).toEqual(['6:3 statelint/no-fs-writes']);
    expect(await lint(eslint, APP, APP_CLEAN)).toEqual([]);
    expect(await lint(eslint, APP, APP_V2)).toEqual(['6:3 statelint/no-fs-writes']);
    await editModule(eslint, STORE_SAFE);
    expect(await lint(eslint, APP, APP_V2)).toEqual(['6:3 statelint/no-fs-writes']);
  });

  it('the same text linted twice in a row gives the same findings (no session reuse across passes)', async () => {
    const eslint = eslintFor(true);
    await editModule(eslint, STORE_WRITES);
    const once = await lint(eslint, APP, APP_V2);
    const twice = await lint(eslint, APP, APP_V2);
    expect(twice).toEqual(once);
    expect(once).toEqual(['5:9 statelint/no-fs-writes', '6:3 statelint/no-fs-writes']);
  });
});
