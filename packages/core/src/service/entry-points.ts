/**
 * Entry points of a program, from one catalogue (data below):
 *
 * - **server**: a file that starts a server (servers.ts: `createServer().listen`, Express, connect,
 *   Koa, Fastify, hapi `server.start()`, NestJS, Hono, Polka, Restify, Bun/Deno serve, socket.io,
 *   `ws` with a port), and a module whose default export a fetch-style runtime serves (`export
 *   default app` of a Hono app, `export default { fetch }`);
 * - **handler**: a file a framework or platform calls per request (Next.js route handlers, API
 *   routes, middleware and `'use server'` action modules, Remix / React Router route modules, SvelteKit `+server` and server
 *   hooks, Nuxt/Nitro `server/`, Fastify autoload folders, Lambda/Azure/GCF handler exports, the
 *   handlers named in `serverless.yml` and SAM templates);
 * - **tool**: `bin` of a package.json, files its scripts run, shebang files;
 * - **test**: test files and test runners' setup files.
 */
import path from 'node:path';
import { REQUEST_HANDLERS } from './request-handlers.js';
import { readProjectFile } from './disk.js';
import type { Manifest } from './module-graph.js';
import type { TS } from '../engine/rule.js';
import { lineColumn, type ModelFile, type ProgramModel } from './program-model.js';
import { findServerStarts, servedDefaultExport, SERVER_TEXT } from './servers.js';

export type EntryKind = 'server' | 'handler' | 'tool' | 'test';

export interface EntryPoint {
  readonly kind: EntryKind;
  /** Absolute file name. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `app.listen`, `bin statelint`, `npm run migrate`, `Next.js route handler`, … */
  readonly what: string;
}

/** Files a framework calls per request, by path (relative to their package). */
export const HANDLER_FILES: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/, what: 'Next.js route handler' },
  { pattern: /(^|\/)pages\/api\/.+\.[cm]?[jt]sx?$/, what: 'Next.js API route' },
  { pattern: /(^|\/)(src\/)?middleware\.[cm]?[jt]s$/, what: 'Next.js middleware' },
  { pattern: /(^|\/)app\/routes\/.+\.[cm]?[jt]sx?$/, what: 'Remix / React Router route module' },
  { pattern: /(^|\/)app\/(root|entry\.server)\.[cm]?[jt]sx?$/, what: 'Remix / React Router server entry' },
  { pattern: /(^|\/)\+(server|page\.server|layout\.server)\.[cm]?[jt]s$/, what: 'SvelteKit server route' },
  { pattern: /(^|\/)hooks\.server\.[cm]?[jt]s$/, what: 'SvelteKit server hooks' },
  { pattern: /(^|\/)server\/(api|routes|middleware|plugins)\/.+\.[cm]?[jt]s$/, what: 'Nuxt / Nitro server handler' },
  { pattern: /(^|\/)api\/.+\.[cm]?[jt]s$/, what: 'serverless function (api/)' },
  { pattern: /(^|\/)netlify\/(edge-)?functions\/.+\.[cm]?[jt]s$/, what: 'Netlify function' },
];

/** Next.js / Remix handler files count only where the package depends on the framework. */
const HANDLER_FRAMEWORKS: Readonly<Record<string, readonly string[]>> = {
  'Next.js route handler': ['next'],
  'Next.js API route': ['next'],
  'Next.js middleware': ['next'],
  'Remix / React Router route module': ['@remix-run/node', '@remix-run/server-runtime', '@remix-run/express', '@react-router/node', '@react-router/express', '@remix-run/cloudflare', '@react-router/dev'],
  'Remix / React Router server entry': ['@remix-run/node', '@remix-run/server-runtime', '@react-router/node', '@react-router/dev'],
  'SvelteKit server route': ['@sveltejs/kit'],
  'SvelteKit server hooks': ['@sveltejs/kit'],
  'Nuxt / Nitro server handler': ['nuxt', 'nitropack', 'h3'],
  'serverless function (api/)': ['@vercel/node'],
  'Netlify function': ['@netlify/functions'],
};

/** Folders that @fastify/autoload loads (when the package depends on it). */
export const AUTOLOAD_PACKAGE = '@fastify/autoload';
export const AUTOLOAD_DIRECTORIES: ReadonlySet<string> = new Set(['routes', 'plugins', 'services', 'hooks']);

/** Exported handlers a platform calls: Lambda/GCF (`handler`), Azure (`module.exports = async function (context, req)`). */
export const HANDLER_EXPORT_TEXT = /\bexports\.handler\b|export\s+(const|let|async\s+function|function)\s+handler\b|app\.http\s*\(|functions\.http\s*\(/;

/** Test files and test-runner setup files, by name and directory. */
export const TEST_FILE = /\.(test|spec|e2e-spec|e2e|test-d|bench)\.[cm]?[jt]sx?$|^(test-setup|setup-tests|setupTests|jest\.setup|vitest\.setup|global-setup|globalSetup|global-teardown)\.[cm]?[jt]sx?$/;
export const TEST_DIRECTORIES: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', '__mocks__', 'spec', 'e2e', 'test-utils', 'testutils', 'test-helpers', 'testing', 'cypress', 'playwright']);

/** Commands in package.json scripts that run the file after them. */
export const SCRIPT_RUNNERS: ReadonlySet<string> = new Set(['node', 'ts-node', 'tsx', 'babel-node', 'nodemon', 'bun', 'ts-node-dev', 'node-dev', 'esno', 'vite-node', 'jiti', 'pm2', 'forever', 'supervisor']);

/** Entries the manifests and deployment descriptors name: bin, scripts, jest setup files, serverless handlers. */
export function manifestEntries(model: ProgramModel): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const at = (file: string | undefined, kind: EntryKind, what: string): void => {
    if (file !== undefined) entries.push({ kind, file, line: 1, column: 1, what });
  };
  for (const manifest of model.files.manifests) {
    const resolve = (p: string): string | undefined => model.resolveFile(path.resolve(manifest.directory, p));
    const bin = manifest.json.bin;
    if (typeof bin === 'string') at(resolve(bin), 'tool', `bin ${manifest.name ?? ''}`.trim());
    else if (typeof bin === 'object' && bin !== null) for (const [name, target] of Object.entries(bin)) if (typeof target === 'string') at(resolve(target), 'tool', `bin ${name}`);
    const scripts = manifest.json.scripts;
    if (typeof scripts === 'object' && scripts !== null) {
      for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
        if (typeof command !== 'string') continue;
        for (const file of scriptFiles(command)) at(resolve(file), 'tool', `npm run ${name}`);
      }
    }
    const jest = manifest.json.jest;
    if (typeof jest === 'object' && jest !== null) {
      for (const key of ['setupFiles', 'setupFilesAfterEnv', 'globalSetup', 'globalTeardown']) {
        const value = (jest as Record<string, unknown>)[key];
        for (const file of Array.isArray(value) ? value : [value]) if (typeof file === 'string') at(resolve(file.replace('<rootDir>/', '')), 'test', `jest ${key}`);
      }
    }
  }
  for (const descriptor of model.files.descriptors) {
    const text = readProjectFile(model.root, descriptor)?.text ?? '';
    const directory = path.dirname(descriptor);
    for (const match of text.matchAll(/^\s*handler:\s*['"]?([\w./@-]+)\.(\w+)['"]?\s*$/gm)) {
      at(model.resolveFile(path.resolve(directory, match[1]!)), 'handler', `serverless handler ${match[1]}.${match[2]}`);
    }
    // SAM: CodeUri: dir/ … Handler: app.lambdaHandler (paired in order)
    const uris = [...text.matchAll(/^\s*CodeUri:\s*['"]?([\w./@-]+)['"]?\s*$/gm)].map((m) => m[1]!);
    const handlers = [...text.matchAll(/^\s*Handler:\s*['"]?([\w./@-]+)\.(\w+)['"]?\s*$/gm)];
    handlers.forEach((m, i) => at(model.resolveFile(path.resolve(directory, uris[i] ?? uris[0] ?? '.', m[1]!)), 'handler', `SAM handler ${m[1]}.${m[2]}`));
  }
  return entries;
}

/** The files a script command runs: `node dist/server.js`, `ts-node src/migrate.ts --x`, `./bin/cli.js`. */
export function scriptFiles(command: string): string[] {
  const files: string[] = [];
  for (const part of command.split(/&&|\|\||[;|]/)) {
    const words = part.trim().split(/\s+/).filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (i === 0 && /^\.?\.?\/.*\.[cm]?[jt]sx?$/.test(word)) files.push(word);
      if (!SCRIPT_RUNNERS.has(word)) continue;
      const target = words.slice(i + 1).find((w) => !w.startsWith('-') && w !== 'start' && w !== 'run');
      if (target !== undefined && /^[\w./@-]+$/.test(target)) files.push(target);
      break;
    }
  }
  return files;
}

/** What a file is by itself: a test, a shebang tool, a server start, a handler file. */
export function fileEntries(model: ProgramModel, fileName: string): EntryPoint[] {
  const relative = model.relative(fileName);
  const segments = relative.split('/');
  const base = segments[segments.length - 1] ?? '';
  const record = model.file(fileName);
  if (record === undefined) return [];
  const entries: EntryPoint[] = [];
  if (TEST_FILE.test(base) || segments.slice(0, -1).some((s) => TEST_DIRECTORIES.has(s))) {
    return [{ kind: 'test', file: fileName, line: 1, column: 1, what: 'test file' }];
  }
  const text = record.text;
  if (text.startsWith('#!')) entries.push({ kind: 'tool', file: fileName, line: 1, column: 1, what: 'shebang' });
  if (SERVER_TEXT.test(text)) {
    for (const start of findServerStarts(record.facts)) {
      const lc = lineColumn(text, start.call.getStart(record.sourceFile));
      entries.push({ kind: 'server', file: fileName, line: lc.line, column: lc.column, what: start.what });
    }
  }
  // A `'use server'` module: its exports are server actions the framework calls per request.
  if (hasUseServerDirective(model.ts, record)) entries.push({ kind: 'handler', file: fileName, line: 1, column: 1, what: "server actions ('use server')" });
  // `export default app` of a Hono app, `export default { fetch }`: Bun, Deno and Workers serve it.
  const served = /export\s+default/.test(text) ? servedDefaultExport(record.facts) : undefined;
  if (served !== undefined) {
    const lc = lineColumn(text, served.getStart(record.sourceFile));
    entries.push({ kind: 'server', file: fileName, line: lc.line, column: lc.column, what: 'export default (served by the runtime)' });
  }
  const manifest = model.manifestOf(fileName);
  const dependencies = manifest === undefined ? [] : dependencyNames(manifest);
  const packageRelative = manifest === undefined ? relative : path.relative(manifest.directory, fileName).replace(/\\/g, '/');
  for (const { pattern, what } of HANDLER_FILES) {
    if (!pattern.test(packageRelative)) continue;
    const needs = HANDLER_FRAMEWORKS[what] ?? [];
    if (needs.length > 0 && !needs.some((d) => dependencies.includes(d))) continue;
    entries.push({ kind: 'handler', file: fileName, line: 1, column: 1, what });
    break;
  }
  if (dependencies.includes(AUTOLOAD_PACKAGE) && packageRelative.split('/').slice(0, -1).some((s) => AUTOLOAD_DIRECTORIES.has(s))) {
    entries.push({ kind: 'handler', file: fileName, line: 1, column: 1, what: 'Fastify autoload module' });
  }
  if (HANDLER_EXPORT_TEXT.test(text) || /export\s+default\s*\{/.test(text)) {
    for (const handler of record.facts.memo(REQUEST_HANDLERS).handlers) {
      if (handler.kind !== 'export') continue;
      const lc = lineColumn(text, handler.registration.getStart(record.sourceFile));
      entries.push({ kind: 'handler', file: fileName, line: lc.line, column: lc.column, what: `${handler.framework} handler export` });
      break;
    }
  }
  return entries;
}

/** The module starts with a `'use server'` directive (React server actions: Next.js, and others). */
export function hasUseServerDirective(ts: TS, record: Pick<ModelFile, 'text' | 'sourceFile'>): boolean {
  if (!/['"]use server['"]/.test(record.text.slice(0, 2000))) return false;
  const first = record.sourceFile.statements[0];
  return first !== undefined && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server';
}

function dependencyNames(manifest: Manifest): string[] {
  const out: string[] = [];
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const value = manifest.json[field];
    if (typeof value === 'object' && value !== null) out.push(...Object.keys(value));
  }
  return out;
}
