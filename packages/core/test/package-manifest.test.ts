/**
 * A file's package.json decides for files that show no sign of their own: a package that declares
 * `bin` is a command-line tool, a package built on Vue (or Svelte, Angular, …) is a front end —
 * unless the package also depends on a server framework. The manifests are real files in a temp
 * directory, as the front ends read them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeSourceFile, clientCodeReason, codeKind, createSharedFacts, packageOf, parseSourceText, singleFileView, type CodeKind } from '@statelint/core';

let root: string;

const manifests: Record<string, unknown> = {
  // The repository root: a workspace with no runtime dependencies.
  'package.json': { name: 'monorepo', private: true, devDependencies: { typescript: '6.0.0' } },
  'packages/tool/package.json': { name: 'my-cli', bin: { mine: 'bin/mine.js' }, dependencies: { chalk: '5' } },
  'packages/tool-with-server/package.json': { name: 'dev-server', bin: 'bin/serve.js', dependencies: { express: '5' } },
  'packages/web/package.json': { name: 'web', dependencies: { vue: '3', axios: '1' } },
  'packages/nuxt-app/package.json': { name: 'nuxt-app', dependencies: { vue: '3', nuxt: '4' } },
  'packages/react-emails/package.json': { name: 'emails', dependencies: { react: '19', 'react-dom': '19' } },
  'packages/api/package.json': { name: 'api', dependencies: { fastify: '5' } },
  // A package nested inside the CLI's folder: its own manifest decides.
  'packages/tool/templates/service/package.json': { name: 'template', dependencies: { pg: '8' } },
  'packages/broken/package.json': '{ "name": "broken", ',
  // A front end only in devDependencies (a service's Storybook, say) does not make a front end.
  'packages/dev-ui/package.json': { name: 'dev-ui', devDependencies: { vue: '3' } },
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-manifest-'));
  for (const [file, content] of Object.entries(manifests)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function factsAt(relative: string, text: string, base = root) {
  const sourceFile = parseSourceText(ts, path.join(root, relative), text);
  const project = singleFileView(ts, sourceFile);
  analyzeSourceFile({ ts, sourceFile, rules: [], project, root: base });
  return project.factsOf(sourceFile);
}

const kindAt = (relative: string, text = 'export function run(): void {\n  console.log(1);\n}\n'): CodeKind => codeKind(factsAt(relative, text));

describe('the package a file belongs to', () => {
  it('a package that declares bin and no server framework is a command-line tool', () => {
    expect(kindAt('packages/tool/src/util/log.ts')).toEqual({
      kind: 'script',
      reason: 'its package (packages/tool/package.json) is a command-line tool: it declares bin and depends on no server framework',
    });
    // bin as a string counts too; a server framework makes it service code again.
    expect(kindAt('packages/tool-with-server/src/app.ts')).toEqual({ kind: 'service' });
  });

  it('a package built on Vue with no server framework is a front end', () => {
    const facts = factsAt('packages/web/src/helpers/debug.ts', 'export const debug = (x: unknown) => console.log(x);\n');
    expect(clientCodeReason(facts)).toBe('its package (packages/web/package.json) is a front end: it depends on vue and on no server framework');
    expect(codeKind(facts)).toEqual({ kind: 'browser' });
    expect(kindAt('packages/nuxt-app/server/api/users.ts')).toEqual({ kind: 'service' });
  });

  it('React alone does not make a front end: services render e-mails with it', () => {
    expect(kindAt('packages/react-emails/src/send.ts')).toEqual({ kind: 'service' });
    expect(kindAt('packages/dev-ui/src/index.ts')).toEqual({ kind: 'service' });
  });

  it('the nearest manifest decides; a broken one marks its package and says nothing', () => {
    expect(kindAt('packages/tool/templates/service/src/db.ts')).toEqual({ kind: 'service' });
    expect(kindAt('packages/api/src/routes/users.ts')).toEqual({ kind: 'service' });
    expect(kindAt('packages/broken/src/index.ts')).toEqual({ kind: 'service' });
    expect(packageOf(factsAt('packages/broken/src/index.ts', ''))).toEqual({
      manifest: 'packages/broken/package.json',
      name: undefined,
      dependencies: [],
      server: undefined,
      bin: false,
    });
  });

  it('never looks above the project root', () => {
    // Audited from inside the CLI's template folder, the CLI's own manifest is out of reach.
    const inside = path.join(root, 'packages/tool/templates/other');
    const facts = factsAt('packages/tool/templates/other/src/index.ts', 'export const a = 1;\n', inside);
    expect(packageOf(facts)).toBeUndefined();
    expect(codeKind(facts)).toEqual({ kind: 'service' });
    // The root's own manifest counts: it has no runtime dependencies and no bin.
    expect(packageOf(factsAt('src/index.ts', ''))?.manifest).toBe('package.json');
  });
});

describe('shared across the files of a run (SharedFacts)', () => {
  it('the manifests are read once for every file of a run, and every file gets the same answer', () => {
    const shared = createSharedFacts();
    const reads: string[] = [];
    // Manifests are opened by the file access (safe-read.ts), at their real path.
    const open = fs.openSync;
    const realRoot = fs.realpathSync(root);
    const spy = vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      if (String(file).endsWith('package.json')) reads.push(path.relative(realRoot, String(file)));
      return (open as (...a: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.openSync);
    try {
      const names = ['packages/tool/src/a.ts', 'packages/tool/src/b.ts', 'packages/tool/lib/c.ts'].map((rel) => {
        const sf = parseSourceText(ts, path.join(root, rel), 'export const x = 1;\n');
        const view = singleFileView(ts, sf, shared);
        view.root = root;
        return packageOf(view.factsOf(sf))?.name;
      });
      expect(names).toEqual(['my-cli', 'my-cli', 'my-cli']);
      expect(reads).toEqual(['packages/tool/package.json']);
    } finally {
      spy.mockRestore();
    }
  });
});
