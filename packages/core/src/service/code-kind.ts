/**
 * What kind of code a file is, for rules about long-lived replicas: service code; browser UI (a
 * React component that reads a JWT or calls `console.log` is not a replica of a service); or a
 * command-line tool, script or test, which runs once and owns its disk, its console and its process.
 * Computed once per file and shared by every rule. A file's package counts too: every file of a
 * package that declares `bin` and depends on no server framework is a CLI (package-manifest.ts).
 *
 * Reachability comes first (service/program-model.ts): a file a server or a handler entry reaches is
 * service code whatever its name or directory (a `bin` that starts a server is a server); a file only
 * tool entries or tests reach is a tool; a file only browser entries reach is browser code. Only
 * files nothing known reaches are judged by the name heuristics below.
 *
 * Paths are judged relative to the project root (`context.root`: ESLint's or the CLI's working
 * directory), so directory names above the project (a checkout under `~/scripts/`) never count,
 * and both front ends decide the same way.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { clientCodeReason } from './client-code.js';
import type { FileFacts } from '../lang/facts.js';
import { packageOf } from './package-manifest.js';
import { reachOf } from './reach.js';
import type { Reach } from './program-model.js';
import { walk } from '../engine/walk.js';

/** Packages that parse a command line: a file importing one is a CLI. */
export const CLI_MODULES: readonly string[] = [
  'commander',
  'yargs',
  'yargs/yargs',
  'meow',
  'cac',
  'sade',
  'citty',
  'clipanion',
  '@oclif/core',
  '@oclif/command',
  'vorpal',
  'caporal',
  'minimist',
  'arg',
  'inquirer',
  '@inquirer/prompts',
  'prompts',
  'enquirer',
  // Build tools: a file that drives one is a build script.
  'esbuild',
  'vite',
  'webpack',
  'rollup',
  'tsup',
  'gulp',
];


/** Directories whose files are tools rather than service code. */
export const SCRIPT_DIRECTORIES: readonly string[] = [
  'bin',
  'cli',
  'scripts',
  'script',
  'migrations',
  'upgrades',
  'seeders',
  'seeds',
  'examples',
  'example',
  'benchmarks',
  'bench',
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'e2e',
  'spec',
  'ci',
  'test-utils',
  'testutils',
  'test-helpers',
  'cypress',
  'playwright',
];

/**
 * Directories of browser bundles and front-end assets: a file there that nothing on the server side
 * loads is browser code even when it names no browser global.
 */
export const BROWSER_DIRECTORIES: readonly string[] = ['public', 'static', 'assets', 'resources', 'www', 'webroot', 'wwwroot'];

/** Directories of tools only at the project's top level (`src/tools/` is often service code). */
export const TOP_LEVEL_SCRIPT_DIRECTORIES: readonly string[] = ['tools'];

/**
 * Directories of command-line commands anywhere (`src/commands/build.ts` of a CLI package), unless
 * the file is a CQRS command or handler, which is service code (CQRS_EVIDENCE).
 */
export const COMMAND_DIRECTORIES: readonly string[] = ['commands'];

/** A file under commands/ that is a CQRS command or command handler: its name, or its import. */
export const CQRS_FILE = /\.(handler|command|commands)\.[cm]?[jt]s$/;
export const CQRS_MODULES: readonly string[] = ['@nestjs/cqrs', '@event-nest/core'];

/** File names of tools, tests and build configuration. */
export const SCRIPT_FILES: readonly RegExp[] = [
  /\.(test|spec|e2e-spec|e2e|test-d)\.[cm]?[jt]sx?$/,
  /^(test-setup|setup-tests|jest\.setup|vitest\.setup)\.[cm]?[jt]sx?$/,
  /^cli\.[cm]?[jt]s$/,
  /\.cli\.[cm]?[jt]s$/,
  /\.config\.[cm]?[jt]s$/,
  /^(gulpfile|gruntfile|jakefile|seed|migrate)\.[cm]?[jt]s$/i,
];

export type CodeKind = { kind: 'service' } | { kind: 'browser' } | { kind: 'script'; reason: string };

/**
 * Per file's facts, the kind and the reachability answer it was decided with: a file's facts can
 * outlive one program model (untyped models share the facts of unchanged files), and a new model's
 * answer decides afresh.
 */
const kinds = new WeakMap<FileFacts, { reach: Reach | undefined; kind: CodeKind }>();

/** Service code, browser UI, or a CLI / script / test (with the reason, for docs and debugging). */
export function codeKind(facts: FileFacts): CodeKind {
  const reach = reachOf(facts);
  const known = kinds.get(facts);
  if (known !== undefined && known.reach === reach) return known.kind;
  const kind = classify(facts);
  kinds.set(facts, { reach, kind });
  return kind;
}

/** Why the file is a script, CLI or test rather than service code, or undefined. */
export function scriptReason(facts: FileFacts): string | undefined {
  const kind = codeKind(facts);
  return kind.kind === 'script' ? kind.reason : undefined;
}

function classify(facts: FileFacts): CodeKind {
  const reach = reachOf(facts);
  if (reach?.kind === 'tool') return { kind: 'script', reason: reach.reason };
  if (reach?.kind === 'browser') return { kind: 'browser' };
  if (reach?.kind === 'service') {
    // A command that also starts the server (`nodebb start`, a CLI with a dev server) reaches its
    // other commands, upgrade scripts and migrations too: their folders still say they are tools.
    const tool = toolDirectory(facts, TOOL_DIRECTORIES_WHEN_REACHED, { topLevel: false });
    if (tool !== undefined) return { kind: 'script', reason: tool };
    return clientCodeReason(facts) !== undefined || hasJsx(facts) ? { kind: 'browser' } : { kind: 'service' };
  }
  return heuristicKind(facts);
}

/**
 * Directories whose files are tools even when a server entry reaches them (`bin/` is not one: it
 * holds the server's own start script, `bin/www`).
 */
export const TOOL_DIRECTORIES_WHEN_REACHED: readonly string[] = SCRIPT_DIRECTORIES.filter((d) => d !== 'bin');

/**
 * The folder that makes a file a tool, as the reason: one of `directories` among its folders, else
 * (with `topLevel`) a tools folder at the project's top level, else a `commands/` folder unless the
 * file is a CQRS command or handler. One test for reached and unreached files alike.
 */
function toolDirectory(facts: FileFacts, directories: readonly string[], { topLevel }: { topLevel: boolean }): string | undefined {
  const segments = projectRelativePath(facts).split('/');
  const folders = segments.slice(0, -1);
  const tool = folders.find((s) => directories.includes(s));
  if (tool !== undefined) return `the ${tool}/ directory`;
  if (topLevel && segments.length > 1 && TOP_LEVEL_SCRIPT_DIRECTORIES.includes(segments[0]!)) {
    return `the top-level ${segments[0]}/ directory`;
  }
  const commands = folders.find((s) => COMMAND_DIRECTORIES.includes(s));
  return commands !== undefined && !isCqrs(facts, segments[segments.length - 1] ?? '') ? `the ${commands}/ directory` : undefined;
}

/** Today's name heuristics, for files the program model knows nothing about. */
function heuristicKind(facts: FileFacts): CodeKind {
  const { ts, sourceFile } = facts;
  if (sourceFile.text.startsWith('#!')) return { kind: 'script', reason: 'a shebang' };
  const relative = projectRelativePath(facts);
  const segments = relative.split('/');
  if (segments.slice(0, -1).some((s) => BROWSER_DIRECTORIES.includes(s))) return { kind: 'browser' };
  const tool = toolDirectory(facts, SCRIPT_DIRECTORIES, { topLevel: true });
  if (tool !== undefined) return { kind: 'script', reason: tool };
  const base = segments[segments.length - 1] ?? '';
  if (SCRIPT_FILES.some((pattern) => pattern.test(base))) return { kind: 'script', reason: `its name (${base})` };
  // A command-line package: `bin` in its package.json, and no server framework among its dependencies.
  const pkg = packageOf(facts);
  if (pkg !== undefined && pkg.bin && pkg.server === undefined) {
    return { kind: 'script', reason: `its package (${pkg.manifest}) is a command-line tool: it declares bin and depends on no server framework` };
  }
  let kind: CodeKind = { kind: 'service' };
  const loads = (specifier: string): void => {
    if (kind.kind !== 'service') return;
    const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    if (CLI_MODULES.includes(bare)) kind = { kind: 'script', reason: `it imports ${bare}` };
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      loads(statement.moduleSpecifier.text);
    }
  }
  if (kind.kind !== 'service') return kind;
  if (clientCodeReason(facts) !== undefined) return { kind: 'browser' };
  // What is left to look for: JSX (only in a JSX-variant file) and a loaded module (a call of
  // `require`, `module.require`, a `createRequire` result or `import()`, none of which can appear
  // without one of these words in the text). Most files have neither.
  const jsx = sourceFile.languageVariant === ts.LanguageVariant.JSX;
  if (!jsx && !/require|import\s*\(/i.test(sourceFile.text)) return kind;
  for (const node of facts.nodes) {
    if (kind.kind !== 'service') break;
    if (isJsx(ts, node)) {
      kind = { kind: 'browser' };
      break;
    }
    if (ts.isCallExpression(node)) {
      const loaded = facts.modules.loadedModule(node);
      if (loaded !== undefined) loads(loaded);
    }
  }
  return kind;
}

function hasJsx(facts: FileFacts): boolean {
  const { ts, sourceFile } = facts;
  if (!/<[A-Za-z>]/.test(sourceFile.text)) return false;
  let found = false;
  walk(ts, sourceFile, {
    enter(node) {
      if (found) return false;
      if (isJsx(ts, node)) found = true;
      return !found;
    },
  });
  return found;
}

/**
 * Why the file is browser code, or undefined: it says so itself (client-code.ts), only browser
 * code loads it (the program model), or nothing known loads it and it lies in an asset directory
 * (`public/`, `static/`, …). Rules that leave browser code alone ask this rather than
 * `clientCodeReason`, so every rule draws the line in the same place.
 */
export function browserCodeReason(facts: FileFacts): string | undefined {
  const own = clientCodeReason(facts);
  if (own !== undefined) return own;
  const reach = reachOf(facts);
  if (reach?.kind === 'browser') return reach.reason;
  if (reach !== undefined) return undefined;
  const directory = projectRelativePath(facts).split('/').slice(0, -1).find((s) => BROWSER_DIRECTORIES.includes(s));
  return directory === undefined ? undefined : `the ${directory}/ directory holds browser assets`;
}

function isCqrs(facts: FileFacts, base: string): boolean {
  const { ts, sourceFile } = facts;
  if (CQRS_FILE.test(base)) return true;
  return sourceFile.statements.some(
    (s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && CQRS_MODULES.includes(s.moduleSpecifier.text),
  );
}

function isJsx(ts: FileFacts['ts'], node: ts.Node): boolean {
  return ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);
}

/**
 * The file's path relative to the project root (`facts.root`, the working directory of ESLint or
 * the CLI), `/`-separated; just its name when it lies outside the root.
 */
export function projectRelativePath(facts: FileFacts): string {
  const file = facts.sourceFile.fileName.replace(/\\/g, '/');
  if (!path.isAbsolute(file)) return path.posix.normalize(file);
  const relative = path.relative(facts.root ?? process.cwd(), file).replace(/\\/g, '/');
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.posix.basename(file) : relative;
}
