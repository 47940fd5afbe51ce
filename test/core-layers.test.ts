/**
 * House rule: packages/core/src has three layers and the deployment-manifest engine beside them
 * (docs/guides/writing-rules.md, "Where things go in core"). A file imports its own folder or a
 * folder below it, never one above:
 *
 *   engine/    the traversal, the rule API, findings, suppressions      imports: engine
 *   lang/      scopes, modules, values, AST helpers, the project view   imports: engine, lang
 *   service/   the program model, code kinds, request handlers          imports: engine, lang, service
 *   manifests/ deployment files (Kubernetes, compose, Dockerfiles)      imports: engine, lang, service, manifests
 *
 * and nothing but index.ts (the public exports) lives at the root of src. Type-only imports count:
 * a type names the layer it comes from as surely as a value does.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const SRC = path.join(REPO_ROOT, 'packages', 'core', 'src');

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  engine: ['engine'],
  lang: ['engine', 'lang'],
  service: ['engine', 'lang', 'service'],
  manifests: ['engine', 'lang', 'service', 'manifests'],
};

/**
 * Imports against the direction that predate this test. The runner (engine/engine.ts) is still the
 * composition root: it builds the project view, asks the program model for a finding's trace and
 * collects the code facts the manifest rules read; the rule API names the per-file facts and the
 * project view it hands to rules; fingerprints read static names with lang's helper. Nothing may
 * be added to this list; an entry goes when its import does.
 */
const KNOWN: ReadonlySet<string> = new Set([
  'engine/engine.ts: ../lang/project.js',
  'engine/engine.ts: ../service/explain.js',
  'engine/engine.ts: ../manifests/code-facts.js',
  'engine/fingerprint.ts: ../lang/ast.js',
  'engine/rule.ts: ../lang/facts.js',
  'engine/rule.ts: ../lang/project.js',
]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.[cm]?ts$/.test(entry.name) ? [file] : [];
  });
}

/** `folder/file.ts: specifier` for every relative specifier of a file (imports, re-exports, `import()` in code and types). */
function importsOf(file: string): { entry: string; target: string }[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const name = path.relative(SRC, file).split(path.sep).join('/');
  return info.importedFiles
    .filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => ({ entry: `${name}: ${ref.fileName}`, target: path.relative(SRC, path.resolve(path.dirname(file), ref.fileName)).split(path.sep).join('/') }));
}

describe('core layers', () => {
  it('nothing but index.ts and the four folders at the root of packages/core/src', () => {
    const root = fs.readdirSync(SRC, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
    expect(root.filter((name) => name !== 'index.ts' && !(name.endsWith('/') && name.slice(0, -1) in ALLOWED))).toEqual([]);
  });

  it('the list of known imports against the direction only shrinks (each entry still exists)', () => {
    const all = new Set(sourceFiles(SRC).flatMap((file) => importsOf(file).map((i) => i.entry)));
    expect([...KNOWN].filter((entry) => !all.has(entry))).toEqual([]);
  });

  for (const layer of Object.keys(ALLOWED)) {
    it(`${layer}/ imports only ${ALLOWED[layer]!.join(', ')}`, () => {
      const files = sourceFiles(path.join(SRC, layer));
      expect(files.length).toBeGreaterThan(0);
      const offending = files.flatMap((file) =>
        importsOf(file)
          .filter(({ entry, target }) => !ALLOWED[layer]!.includes(target.split('/')[0]!) && !KNOWN.has(entry))
          .map(({ entry }) => entry),
      );
      expect(offending).toEqual([]);
    });
  }
});
