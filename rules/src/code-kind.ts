/**
 * What kind of code a file is, for rules that only apply to service code: browser UI (a React
 * component that reads a JWT or calls `console.log` is not a replica of a service), and command-line
 * tools and scripts (which own their terminal). Computed once per file and shared.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as ts from 'typescript';
import { defineFact, walk, type FileFacts } from '@statelint/core';

/** Packages that only UI code imports. */
export const UI_MODULES: readonly string[] = [
  'react',
  'react-dom',
  'react-native',
  'preact',
  'vue',
  'svelte',
  'solid-js',
  '@angular/core',
  'mobx-react',
  'mobx-react-lite',
  'lit',
  '@remix-run/react',
  'next/router',
  'next/navigation',
  'prosemirror-view',
];

/** Globals that exist only in a browser (or a service worker). */
export const BROWSER_GLOBALS: readonly string[] = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'self', 'importScripts'];

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
];

/**
 * Directories of tools only at the project's top level: `commands/` beside `src/` holds repo
 * scripts, while `src/commands/` is often a service's command handlers (CQRS).
 */
export const TOP_LEVEL_SCRIPT_DIRECTORIES: readonly string[] = ['commands', 'tools'];

/** File names of tools, tests and build configuration. */
export const SCRIPT_FILES: readonly RegExp[] = [
  /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/,
  /^cli\.[cm]?[jt]s$/,
  /\.cli\.[cm]?[jt]s$/,
  /\.config\.[cm]?[jt]s$/,
  /^(gulpfile|gruntfile|jakefile|seed|migrate)\.[cm]?[jt]s$/i,
];

export type CodeKind = { kind: 'service' } | { kind: 'browser' } | { kind: 'script'; reason: string };

const CODE_KIND = defineFact<CodeKind>('code-kind', (facts) => classify(facts));

/** Service code, browser UI, or a CLI / script / test (with the reason, for docs and debugging). */
export function codeKind(facts: FileFacts): CodeKind {
  return facts.memo(CODE_KIND);
}

function classify(facts: FileFacts): CodeKind {
  const { ts, sourceFile } = facts;
  if (sourceFile.text.startsWith('#!')) return { kind: 'script', reason: 'a shebang' };
  const relative = projectRelativePath(facts);
  const segments = relative.split('/');
  const directory = segments.slice(0, -1).find((s) => SCRIPT_DIRECTORIES.includes(s));
  if (directory !== undefined) return { kind: 'script', reason: `the ${directory}/ directory` };
  if (segments.length > 1 && TOP_LEVEL_SCRIPT_DIRECTORIES.includes(segments[0]!)) {
    return { kind: 'script', reason: `the top-level ${segments[0]}/ directory` };
  }
  const base = segments[segments.length - 1] ?? '';
  if (SCRIPT_FILES.some((pattern) => pattern.test(base))) return { kind: 'script', reason: `its name (${base})` };
  let kind: CodeKind = { kind: 'service' };
  const loads = (specifier: string): void => {
    if (kind.kind !== 'service') return;
    const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    if (CLI_MODULES.includes(bare)) kind = { kind: 'script', reason: `it imports ${bare}` };
    else if (UI_MODULES.includes(bare)) kind = { kind: 'browser' };
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      loads(statement.moduleSpecifier.text);
    }
  }
  if (kind.kind !== 'service') return kind;
  if (BROWSER_GLOBALS.some((name) => facts.scope.freeReferences(name).length > 0)) return { kind: 'browser' };
  walk(ts, sourceFile, {
    enter(node) {
      if (kind.kind !== 'service') return false;
      if (isJsx(ts, node)) {
        kind = { kind: 'browser' };
        return false;
      }
      if (ts.isCallExpression(node)) {
        const loaded = facts.modules.loadedModule(node);
        if (loaded !== undefined) loads(loaded);
      }
      return true;
    },
  });
  return kind;
}

function isJsx(ts: FileFacts['ts'], node: ts.Node): boolean {
  return ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);
}

/**
 * The file's path relative to its project: the tsconfig's directory in typed mode, the working
 * directory otherwise (what both front ends are run from), `/`-separated. Directory names above
 * the project (a checkout under `~/scripts/`) must not make service code look like a script.
 */
const tsconfigDirs = new Map<string, string | undefined>();

/** The closest directory at or above `dir` (and inside the working directory) with a tsconfig.json. */
function nearestTsconfigDir(dir: string): string | undefined {
  const cwd = process.cwd();
  if (tsconfigDirs.has(dir)) return tsconfigDirs.get(dir);
  let found: string | undefined;
  if (dir === cwd || !dir.startsWith(`${cwd}${path.sep}`)) found = undefined;
  else if (fs.existsSync(path.join(dir, 'tsconfig.json'))) found = dir;
  else found = nearestTsconfigDir(path.dirname(dir));
  tsconfigDirs.set(dir, found);
  return found;
}

export function projectRelativePath(facts: FileFacts): string {
  const file = facts.sourceFile.fileName.replace(/\\/g, '/');
  if (!path.isAbsolute(file)) return path.posix.normalize(file);
  const configFile = facts.project.program?.getCompilerOptions().configFilePath;
  // Without a program, the nearest tsconfig.json below the working directory is the project, as it
  // would be with one: typed and untyped runs then agree on what "top level" is.
  const projectDir = typeof configFile === 'string' ? path.dirname(configFile) : nearestTsconfigDir(path.dirname(file));
  const roots = projectDir !== undefined ? [projectDir, process.cwd()] : [process.cwd()];
  for (const root of roots) {
    const relative = path.relative(root, file).replace(/\\/g, '/');
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
  }
  return path.posix.basename(file);
}
