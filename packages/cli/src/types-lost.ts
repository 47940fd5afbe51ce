/**
 * A typed audit of a checkout whose dependencies are not installed loses the types of every package
 * (express, pg, fastify, …): the checker sees `any` where the rules look for a framework's values,
 * so what needs types (handlers found by their types, clients followed across files) is missed.
 * Said once, in the summary, never silently.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The note for the summary, or undefined when every audited package has its node_modules. */
export function typesLostNote(cwd: string, tsconfigs: readonly string[]): string | undefined {
  const missing = new Set<string>();
  for (const tsconfig of tsconfigs) {
    const manifest = nearestManifest(path.dirname(path.resolve(cwd, tsconfig)), cwd);
    if (manifest === undefined || !declaresDependencies(manifest)) continue;
    if (!hasNodeModules(path.dirname(manifest), cwd)) missing.add(path.relative(cwd, manifest).split(path.sep).join('/') || 'package.json');
  }
  if (missing.size === 0) return undefined;
  const list = [...missing].slice(0, 3).join(', ') + (missing.size > 3 ? ` and ${missing.size - 3} more` : '');
  return `types of dependencies are missing (no node_modules for ${list}; run your package manager's install first): values of packages are untyped, so handlers found by their types and clients followed across files may be missed`;
}

function nearestManifest(directory: string, root: string): string | undefined {
  for (let d = directory; ; d = path.dirname(d)) {
    const file = path.join(d, 'package.json');
    if (isFile(file)) return file;
    if (d === root || path.dirname(d) === d || path.relative(root, d).startsWith('..')) return undefined;
  }
}

function hasNodeModules(directory: string, root: string): boolean {
  for (let d = directory; ; d = path.dirname(d)) {
    try {
      if (fs.lstatSync(path.join(d, 'node_modules')).isDirectory()) return true;
    } catch {
      // none here
    }
    if (d === root || path.dirname(d) === d || path.relative(root, d).startsWith('..')) return false;
  }
}

function declaresDependencies(manifest: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { dependencies?: object; devDependencies?: object };
    return Object.keys(json.dependencies ?? {}).length + Object.keys(json.devDependencies ?? {}).length > 0;
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}
