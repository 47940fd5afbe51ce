/**
 * Programs for typed analysis: one per tsconfig, created one at a time and released after its files
 * are analysed, so peak memory is the largest program, not their sum. Files that no tsconfig covers
 * (a JS-only repo, scripts outside `include`) share one more program with `allowJs`, so they still
 * get cross-file facts.
 *
 * Programs are made with `ts.createProgram` from ts-morph's own TypeScript and the lib files ts-morph
 * ships (see typescript.ts), the way ts-morph's `Project` makes them (same root files, options and
 * libs, project references not followed), without its wrappers: on 1,000 files the wrappers cost
 * about 0.5 s and 80 MB and the audit uses none of them.
 *
 * A file whose text the parser cannot handle (nesting too deep for its recursion) is left out of the
 * program and reported through `onParseFailure`; the rest of the program is built as usual.
 */
import path from 'node:path';
import type { TS } from '@statelint/core';
import type * as ts from 'typescript';
import { stripFlowTypes } from './flow.js';
import { toPosix } from './paths.js';
import { defaultLibFiles, LIB_FOLDER, typescript } from './typescript.js';

export interface LoadedProgram {
  /** The tsconfig, or undefined for the program of uncovered files. */
  tsconfig: string | undefined;
  program: ts.Program;
}

export class ConfigLoadError extends Error {
  override name = 'ConfigLoadError';
}

export type ParseFailureHandler = (fileName: string, error: unknown) => void;

/** Loads a tsconfig's program; throws ConfigLoadError with TypeScript's own message when it cannot. */
export function loadTsconfigProgram(
  tsconfig: string,
  onParseFailure?: ParseFailureHandler,
  onWarning?: (message: string) => void,
  onSourceFile?: (files: number) => void,
): LoadedProgram {
  const parsed = parseTsconfig(tsconfig, onWarning);
  return { tsconfig, program: createProgram(parsed.fileNames, parsed.options, onParseFailure, onSourceFile) };
}

/** The referenced projects of a solution-style tsconfig (`references: [{ path }]`). */
export function referencedTsconfigs(tsconfig: string): string[] {
  const tsm = typescript();
  const read = tsm.readConfigFile(tsconfig, tsm.sys.readFile);
  const references = (read.config as { references?: { path?: unknown }[] } | undefined)?.references;
  if (!Array.isArray(references)) return [];
  return references.flatMap((ref) => {
    if (typeof ref?.path !== 'string') return [];
    const target = path.resolve(path.dirname(tsconfig), ref.path);
    return [toPosix(target.endsWith('.json') ? target : path.join(target, 'tsconfig.json'))];
  });
}

/** TypeScript's "File '{0}' not found.", which is what an `extends` it cannot resolve gives. */
const FILE_NOT_FOUND = 6053;

/**
 * Parses a tsconfig. An `extends` naming a package that is not installed (`@tsconfig/node20` before
 * `npm install`) does not cost the whole tsconfig: the entry is left out, the tsconfig's own options,
 * `paths` and files are kept, and `onWarning` says so once.
 */
function parseTsconfig(tsconfig: string, onWarning?: (message: string) => void): ts.ParsedCommandLine {
  const tsm = typescript();
  const read = tsm.readConfigFile(tsconfig, tsm.sys.readFile);
  const raw = read.config as { extends?: unknown } | undefined;
  const extendsList = typeof raw?.extends === 'string' ? [raw.extends] : Array.isArray(raw?.extends) ? (raw.extends as unknown[]) : [];
  const missing = extendsList.filter(
    (entry): entry is string => typeof entry === 'string' && isPackageSpecifier(entry) && !extendsResolves(tsm, tsconfig, entry),
  );
  if (read.error === undefined && raw !== undefined && missing.length > 0) {
    const kept = extendsList.filter((entry) => !missing.includes(entry as string));
    const config = { ...raw, extends: kept.length === 0 ? undefined : kept };
    if (config.extends === undefined) delete config.extends;
    onWarning?.(
      `extends ${missing.map((m) => JSON.stringify(m)).join(', ')}, which cannot be found (is the package installed?); ` +
        "using the tsconfig's own options without it",
    );
    const parsed = tsm.parseJsonConfigFileContent(config, tsm.sys, path.dirname(tsconfig), undefined, tsconfig);
    return checked(tsm, parsed, []);
  }
  const diagnostics: ts.Diagnostic[] = [];
  const parsed = tsm.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...tsm.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  });
  return checked(tsm, parsed, diagnostics);
}

/** `@scope/name/tsconfig.json` or `name`: not a path. */
function isPackageSpecifier(entry: string): boolean {
  return !entry.startsWith('.') && !path.isAbsolute(entry);
}

/** Whether TypeScript resolves this `extends` entry from the tsconfig's directory. */
function extendsResolves(tsm: TS, tsconfig: string, entry: string): boolean {
  const probe = tsm.parseJsonConfigFileContent({ extends: entry, files: [] }, tsm.sys, path.dirname(tsconfig), undefined, tsconfig);
  return !probe.errors.some((d) => d.code === FILE_NOT_FOUND);
}

function checked(tsm: TS, parsed: ts.ParsedCommandLine | undefined, diagnostics: ts.Diagnostic[]): ts.ParsedCommandLine {
  // JSON syntax errors are in the config file's parse diagnostics, not in `errors`.
  const syntax = parsed === undefined ? [] : tsm.getConfigFileParsingDiagnostics(parsed);
  const errors = [...diagnostics, ...syntax, ...(parsed?.errors ?? [])].filter(
    // "No inputs were found" is not an error for us: a solution tsconfig has no files of its own.
    (d) => d.category === tsm.DiagnosticCategory.Error && d.code !== 18003,
  );
  if (errors.length > 0 || parsed === undefined) {
    throw new ConfigLoadError(errors.length > 0 ? describeDiagnostic(tsm, errors[0]!) : 'cannot be read');
  }
  return parsed;
}

/** TypeScript's message, with the line and column when it points into the file. */
function describeDiagnostic(tsm: TS, diagnostic: ts.Diagnostic): string {
  const message = tsm.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${message} (${line + 1}:${character + 1})`;
}

/** One program over files no tsconfig covers: JS and TS alike, with Node-style resolution. */
export function loadLooseProgram(files: readonly string[], onParseFailure?: ParseFailureHandler, onSourceFile?: (files: number) => void): LoadedProgram {
  const tsm = typescript();
  const options: ts.CompilerOptions = {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    target: tsm.ScriptTarget.ES2022,
    module: tsm.ModuleKind.NodeNext,
    moduleResolution: tsm.ModuleResolutionKind.NodeNext,
    jsx: tsm.JsxEmit.Preserve,
    skipLibCheck: true,
    strict: false,
    types: ['node'],
  };
  return { tsconfig: undefined, program: createProgram(files, options, onParseFailure, onSourceFile) };
}

function createProgram(
  rootNames: readonly string[],
  options: ts.CompilerOptions,
  onParseFailure?: ParseFailureHandler,
  onSourceFile?: (files: number) => void,
): ts.Program {
  const tsm = typescript();
  const host = compilerHost(tsm, options, onParseFailure, onSourceFile);
  return tsm.createProgram({ rootNames, options, host });
}

/** The system's compiler host with parent pointers set, the bundled lib files, and guarded parsing. */
function compilerHost(tsm: TS, options: ts.CompilerOptions, onParseFailure?: ParseFailureHandler, onSourceFile?: (files: number) => void): ts.CompilerHost {
  let parsedFiles = 0;
  const host = tsm.createCompilerHost(options, true);
  const libs = defaultLibFiles();
  const { fileExists, readFile, directoryExists, getSourceFile } = host;
  host.getDefaultLibLocation = () => LIB_FOLDER;
  host.getDefaultLibFileName = (o) => `${LIB_FOLDER}/${tsm.getDefaultLibFileName(o)}`;
  host.fileExists = (file) => libs.has(file) || fileExists.call(host, file);
  host.readFile = (file) => {
    const text = libs.get(file) ?? readFile.call(host, file);
    return text === undefined ? undefined : stripFlowTypes(file, text); // see flow.ts
  };
  host.directoryExists = (dir) =>
    dir === LIB_FOLDER || LIB_FOLDER.startsWith(`${dir}/`) || (directoryExists?.call(host, dir) ?? tsm.sys.directoryExists(dir));
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const lib = libs.get(fileName);
    if (lib !== undefined) return tsm.createSourceFile(fileName, lib, languageVersionOrOptions, false);
    try {
      const sourceFile = getSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      onSourceFile?.(++parsedFiles);
      return sourceFile;
    } catch (error) {
      onParseFailure?.(fileName, error);
      return undefined;
    }
  };
  return host;
}
