/**
 * What a file's package says about it. A monorepo holds a service next to its web front end and its
 * command-line tools; a front end's helper that logs to the console, or a CLI module that writes a
 * file, shows no sign in its own text of where it runs, but its package.json does:
 *
 * - a **browser package** depends on a browser UI framework (Vue, Svelte, Angular, …; not React,
 *   which services use to render e-mails) and on no server framework (client-code.ts);
 * - a **command-line package** declares `bin` and depends on no server framework (code-kind.ts).
 *
 * A package that depends on a server framework (Express, Fastify, NestJS, Next.js, Nuxt, …) is
 * judged file by file: a Next.js app is React and a server at once.
 *
 * The nearest package.json at or above the file counts, never one above the project root (the
 * working directory of ESLint or the CLI). Manifests are read once per project view (once per
 * program in typed mode) and only the manifest is read: nothing of the audited code is loaded. A
 * manifest that is not a regular file inside the root is ignored (safe-read.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileFacts } from '../lang/facts.js';
import { defineProjectFact } from '../lang/project.js';
import { readTextSafely } from '../engine/safe-read.js';

/** Packages whose presence makes a package a server, whatever else it depends on. */
export const SERVER_PACKAGES: ReadonlySet<string> = new Set([
  'express',
  'fastify',
  'koa',
  '@koa/router',
  'koa-router',
  '@hapi/hapi',
  'hapi',
  'hono',
  '@hono/node-server',
  '@nestjs/core',
  '@nestjs/common',
  'next',
  'nuxt',
  'nitropack',
  'h3',
  '@sveltejs/kit',
  '@remix-run/node',
  '@remix-run/express',
  '@remix-run/server-runtime',
  '@react-router/node',
  '@react-router/express',
  'restify',
  'polka',
  'micro',
  '@trpc/server',
  '@apollo/server',
  'apollo-server',
  'apollo-server-express',
  'graphql-yoga',
  '@feathersjs/feathers',
  '@adonisjs/core',
  '@loopback/core',
  'sails',
  'socket.io',
  'ws',
]);

export interface PackageFacts {
  /** The manifest, relative to the project root (`package.json`, `packages/web/package.json`). */
  readonly manifest: string;
  readonly name: string | undefined;
  /** Names in `dependencies`, `peerDependencies` and `optionalDependencies` (what runs, not what builds). */
  readonly dependencies: readonly string[];
  /** The server framework it depends on, if any. */
  readonly server: string | undefined;
  /** It declares `bin`. */
  readonly bin: boolean;
}

interface Manifest {
  name?: unknown;
  bin?: unknown;
  dependencies?: unknown;
  peerDependencies?: unknown;
  optionalDependencies?: unknown;
}

/** Per project view (or per run, see SharedFacts): the nearest package of each root and directory (null: none inside the root). */
const PACKAGES_BY_DIRECTORY = defineProjectFact('packages-by-directory', () => new Map<string, PackageFacts | null>(), { acrossFiles: true });

/** The package the file belongs to, or undefined when no package.json inside the project root holds it. */
export function packageOf(facts: FileFacts): PackageFacts | undefined {
  const root = path.resolve(facts.root ?? process.cwd());
  const file = path.resolve(root, facts.sourceFile.fileName);
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  // Keyed by root too: a shared store may serve views of another root.
  const cache = facts.project.memo(PACKAGES_BY_DIRECTORY);
  return lookup(path.dirname(file), root, cache) ?? undefined;
}

function lookup(directory: string, root: string, cache: Map<string, PackageFacts | null>): PackageFacts | null {
  const key = `${root}\u0000${directory}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const manifestFile = path.join(directory, 'package.json');
  const manifest = readManifest(manifestFile, root);
  let found: PackageFacts | null;
  if (manifest !== undefined) found = describe(manifest, path.relative(root, manifestFile).replace(/\\/g, '/'));
  else if (directory === root || path.dirname(directory) === directory) found = null;
  else found = lookup(path.dirname(directory), root, cache);
  cache.set(key, found);
  return found;
}

/**
 * Only a regular file inside the root, under the size cap, is read (safe-read.ts): a package.json
 * committed as a link to /dev/zero or /dev/stdin, or as a FIFO, counts as no manifest.
 */
function readManifest(file: string, root: string): Manifest | undefined {
  // Most directories have none: an lstat that does not throw is the cheapest way to learn it.
  if (fs.lstatSync(file, { throwIfNoEntry: false }) === undefined) return undefined;
  const read = readTextSafely(file, { root });
  if (!read.ok) return undefined;
  const text = read.text;
  try {
    const parsed: unknown = JSON.parse(text);
    // A manifest that is not an object still marks the package's root; it says nothing more.
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Manifest) : {};
  } catch {
    return {};
  }
}

function describe(manifest: Manifest, relative: string): PackageFacts {
  const dependencies = [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies].flatMap(dependencyNames);
  const bin = manifest.bin;
  return {
    manifest: relative,
    name: typeof manifest.name === 'string' ? manifest.name : undefined,
    dependencies,
    server: dependencies.find((name) => SERVER_PACKAGES.has(name)),
    bin: typeof bin === 'string' ? bin !== '' : typeof bin === 'object' && bin !== null && Object.keys(bin).length > 0,
  };
}

function dependencyNames(field: unknown): string[] {
  return typeof field === 'object' && field !== null && !Array.isArray(field) ? Object.keys(field) : [];
}
