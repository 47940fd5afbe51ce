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

/**
 * Request-serving code across files: a function is per-request when a handler in another module
 * calls it, directly or through a third module. The program-wide answer is carried from one program
 * to the next for files whose imports did not change (the editor's re-lint after an edit); an edit
 * anywhere on the path from the handler to the function must still change the function's findings.
 */
describe('request-serving code across files, re-linted after edits', () => {
  const SERVING = path.join(REPO_ROOT, '.statelint-tmp', 'editor-serving-test');
  const file = (name: string): string => path.join(SERVING, 'src', name);

  const DB = [
    `import { Pool } from 'pg';`,
    `export function load(id: string) {`,
    `  const pool = new Pool();`,
    `  return pool.query('select 1', [id]);`,
    `}`,
    `export function other() {`,
    `  return new Pool();`,
    `}`,
    ``,
  ].join('\n');
  const SERVICE_CALLS = `import { load } from './db.js';\nexport class Service {\n  run(id: string) {\n    return load(id);\n  }\n}\n`;
  const SERVICE_IDLE = `export class Service {\n  run(id: string) {\n    return id;\n  }\n}\n`;
  const ROUTES_CALLS = [
    `import express from 'express';`,
    `import { Service } from './service.js';`,
    `const service = new Service();`,
    `export const app = express();`,
    `app.get('/:id', async (req, res) => {`,
    `  res.json(await service.run(req.params.id));`,
    `});`,
    ``,
  ].join('\n');
  const ROUTES_IDLE = ROUTES_CALLS.replace('await service.run(req.params.id)', 'req.params.id');
  const DB_FINDING = '3:16 statelint/no-per-request-client';
  const A = `import { Pool } from 'pg';\nexport class A {\n  run() {\n    return new Pool();\n  }\n}\n`;
  const B = `export class B {\n  run() {\n    return 1;\n  }\n}\n`;
  const IMPL_A = `export { A as Impl } from './a.js';\n`;
  const IMPL_B = `export { B as Impl } from './b.js';\n`;

  function servingEslint(): ESLint {
    return new ESLint({
      cwd: SERVING,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: SERVING } } },
        { plugins: { statelint: statelint as never }, rules: { 'statelint/no-per-request-client': 'error' } },
      ],
    });
  }

  async function save(eslint: ESLint, name: string, text: string): Promise<void> {
    fs.writeFileSync(file(name), text);
    await lint(eslint, file(name), text);
  }

  beforeAll(() => {
    fs.rmSync(SERVING, { recursive: true, force: true });
    fs.mkdirSync(path.join(SERVING, 'src'), { recursive: true });
    fs.writeFileSync(path.join(SERVING, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    fs.writeFileSync(file('db.ts'), DB);
    fs.writeFileSync(file('service.ts'), SERVICE_CALLS);
    fs.writeFileSync(file('routes.ts'), ROUTES_CALLS);
    // routes → shared → impl: which class `shared.run()` calls is decided two modules away.
    fs.writeFileSync(file('a.ts'), A);
    fs.writeFileSync(file('b.ts'), B);
    fs.writeFileSync(file('impl.ts'), IMPL_A);
    fs.writeFileSync(file('shared.ts'), `import { Impl } from './impl.js';\nexport const shared = new Impl();\n`);
    fs.writeFileSync(
      file('routes2.ts'),
      `import express from 'express';\nimport { shared } from './shared.js';\nexport const app = express();\napp.post('/', (req, res) => {\n  res.json(shared.run());\n});\n`,
    );
  });
  afterAll(() => fs.rmSync(SERVING, { recursive: true, force: true }));

  it('follows edits of the handler, of the module between, and of the function itself', async () => {
    const eslint = servingEslint();
    // routes → service → db: `load` runs per request, `other` does not.
    expect(await lint(eslint, file('db.ts'), DB)).toEqual([DB_FINDING]);

    // The handler stops calling the service: `load` is no longer per request …
    await save(eslint, 'routes.ts', ROUTES_IDLE);
    expect(await lint(eslint, file('db.ts'), DB)).toEqual([]);
    // … and is again when the call comes back.
    await save(eslint, 'routes.ts', ROUTES_CALLS);
    expect(await lint(eslint, file('db.ts'), DB)).toEqual([DB_FINDING]);

    // The module in between stops calling `load` (the handler's file is unchanged).
    await save(eslint, 'service.ts', SERVICE_IDLE);
    expect(await lint(eslint, file('db.ts'), DB)).toEqual([]);
    await save(eslint, 'service.ts', SERVICE_CALLS);
    expect(await lint(eslint, file('db.ts'), DB)).toEqual([DB_FINDING]);

    // The function's own file changes: `other` is called instead, and its client is reported.
    const swapped = SERVICE_CALLS.replace(/load/g, 'other').replace('other(id)', 'other()');
    await save(eslint, 'service.ts', swapped);
    expect(await lint(eslint, file('db.ts'), DB)).toEqual(['7:10 statelint/no-per-request-client']);
    // Many edits of the function's file in a row, as typing does: the answer stays right.
    for (let i = 0; i < 3; i++) {
      const edited = DB.replace('export function other() {', `export function other() {\n  // edit ${i}`);
      expect(await lint(eslint, file('db.ts'), edited)).toEqual(['8:10 statelint/no-per-request-client']);
    }
  });

  it('follows a change two imports away from the handler, whose file and the one between are unchanged', async () => {
    const eslint = servingEslint();
    expect(await lint(eslint, file('a.ts'), A)).toEqual(['4:12 statelint/no-per-request-client']);
    await save(eslint, 'impl.ts', IMPL_B);
    expect(await lint(eslint, file('a.ts'), A)).toEqual([]);
    await save(eslint, 'impl.ts', IMPL_A);
    expect(await lint(eslint, file('a.ts'), A)).toEqual(['4:12 statelint/no-per-request-client']);
  });
});

/**
 * Untyped ESLint reads the modules a file imports from disk (core's program model), once per process,
 * and sees them again when they change (checked at most every LIFETIME_MS, as eslint-plugin-import's
 * cache does). The linted file itself is always its buffer.
 */
describe('untyped: the program model across files, re-linted after edits', () => {
  const SERVER = path.join(DIR, 'model', 'server.ts');
  const LIFECYCLE = path.join(DIR, 'model', 'lifecycle.ts');
  const SERVER_TEXT = `import http from 'node:http';\nimport { closeOnSigterm } from './lifecycle';\nconst server = http.createServer();\nserver.listen(3000);\ncloseOnSigterm(server);\n`;
  const SERVER_ALONE = `import http from 'node:http';\nconst server = http.createServer();\nserver.listen(3000);\n`;
  const LIFECYCLE_CLOSES = `import type { Server } from 'node:http';\nexport function closeOnSigterm(server: Server) {\n  process.once('SIGTERM', () => server.close());\n}\n`;
  const LIFECYCLE_NOTHING = `import type { Server } from 'node:http';\nexport function closeOnSigterm(_server: Server) {}\n`;

  function shutdownEslint(): ESLint {
    return new ESLint({
      cwd: DIR,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        { plugins: { statelint: statelint as never }, rules: { 'statelint/require-graceful-shutdown': 'error' } },
      ],
    });
  }

  it('follows the buffer and the imported module on disk', async () => {
    fs.mkdirSync(path.dirname(SERVER), { recursive: true });
    fs.writeFileSync(SERVER, SERVER_TEXT);
    fs.writeFileSync(LIFECYCLE, LIFECYCLE_CLOSES);
    const eslint = shutdownEslint();
    // The handler lives in the imported module: no finding.
    expect(await lint(eslint, SERVER, SERVER_TEXT)).toEqual([]);
    // The buffer drops the import: the server has no SIGTERM path.
    expect(await lint(eslint, SERVER, SERVER_ALONE)).toEqual(['3:1 statelint/require-graceful-shutdown']);
    expect(await lint(eslint, SERVER, SERVER_TEXT)).toEqual([]);
    // The imported module is saved without the handler: once the cache's lifetime has passed, the
    // importer's finding appears.
    fs.writeFileSync(LIFECYCLE, LIFECYCLE_NOTHING);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await lint(eslint, SERVER, SERVER_TEXT)).toEqual(['4:1 statelint/require-graceful-shutdown']);
  });
});
