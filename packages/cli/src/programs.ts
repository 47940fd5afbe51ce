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
 * program and reported through `onParseFailure`; the rest of the program is built as usual. So is a
 * file the binder cannot handle (a chain of a thousand calls overflows its recursion): every file is
 * bound once, alone, before any rule asks for the type checker (which would bind them all and blame
 * the overflow on the file a rule happened to be on); a file that overflows is reported as
 * BinderOverflow and the program is built again without it.
 *
 * Every file a program or a tsconfig reads goes through the audit's FileAccess (safe-fs.ts): only
 * regular files inside the repository, under the size cap.
 */
import path from 'node:path';
import { checkReadable, describeRefusal, type TS } from '@statelint/core';
import type * as ts from 'typescript';
import { toPosix } from './paths.js';
import { guardCompilerHost, parseConfigHost, readBytes, decodeAsTypeScript, type FileAccess } from './safe-fs.js';
import { defaultLibFiles, LIB_FOLDER, typescript } from './typescript.js';
import { stripFlowTypes } from './flow.js';

export interface LoadedProgram {
  /** The tsconfig, or undefined for the program of uncovered files. */
  tsconfig: string | undefined;
  program: ts.Program;
}

export class ConfigLoadError extends Error {
  override name = 'ConfigLoadError';
}

export type ParseFailureHandler = (fileName: string, error: unknown) => void;

/** Told, as a program loads, how many of its source files it has read so far (progress.ts). */
export type LoadProgressHandler = (files: number) => void;

/** A file the TypeScript binder ran out of stack on. */
export class BinderOverflow extends Error {
  override name = 'BinderOverflow';
}

/** Loads a tsconfig's program; throws ConfigLoadError with TypeScript's own message when it cannot. */
export function loadTsconfigProgram(
  tsconfig: string,
  access: FileAccess,
  onParseFailure?: ParseFailureHandler,
  shared?: SharedSourceFiles,
  parsed: ts.ParsedCommandLine = parseTsconfig(tsconfig, access),
  onLoadProgress?: LoadProgressHandler,
): LoadedProgram {
  return { tsconfig, program: createProgram(parsed.fileNames, parsed.options, access, onParseFailure, shared, onLoadProgress) };
}

/**
 * Source files shared by the programs of one audit, as TypeScript's document registry shares them
 * between the projects of a language service: a file that several tsconfigs include (a shared
 * folder, the lib files, declaration files) is read, parsed and bound once. Entries are keyed by the
 * registry's own key for the settings that change a parse or a bind, so two programs whose options
 * differ there never see each other's trees.
 */
export class SharedSourceFiles {
  private readonly byKey = new Map<string, Map<string, ts.SourceFile>>();
  private registry: ts.DocumentRegistry | undefined;
  /** Source files handed to a program from this cache instead of being parsed again. */
  reused = 0;

  keyOf(options: ts.CompilerOptions): string {
    this.registry ??= typescript().createDocumentRegistry();
    return String(this.registry.getKeyForCompilationSettings(options));
  }

  get(key: string, fileName: string): ts.SourceFile | undefined {
    const hit = this.byKey.get(key)?.get(fileName);
    if (hit !== undefined) this.reused++;
    return hit;
  }

  set(key: string, fileName: string, sourceFile: ts.SourceFile): void {
    let files = this.byKey.get(key);
    if (files === undefined) this.byKey.set(key, (files = new Map()));
    files.set(fileName, sourceFile);
  }

  /** Forgets files no program still to come needs (they were analysed already). */
  release(keep: (fileName: string) => boolean): void {
    for (const files of this.byKey.values()) {
      for (const fileName of files.keys()) if (!keep(fileName)) files.delete(fileName);
    }
  }
}

/**
 * The referenced projects of a solution-style tsconfig (`references: [{ path }]`) that exist and
 * may be read: a reference that leads outside the repository is never loaded (it is listed among
 * the refused reads).
 */
export function referencedTsconfigs(tsconfig: string, access: FileAccess): string[] {
  const tsm = typescript();
  const read = tsm.readConfigFile(tsconfig, (file) => {
    const bytes = readBytes(access, file);
    return bytes.ok ? decodeAsTypeScript(bytes.bytes) : undefined;
  });
  const references = (read.config as { references?: { path?: unknown }[] } | undefined)?.references;
  if (!Array.isArray(references)) return [];
  return references.flatMap((ref) => {
    if (typeof ref?.path !== 'string') return [];
    const target = path.resolve(path.dirname(tsconfig), ref.path);
    const file = target.endsWith('.json') ? target : path.join(target, 'tsconfig.json');
    const checked = checkReadable(file, { root: access.root, maxBytes: access.maxBytes });
    if (!checked.ok) {
      if (checked.refusal !== 'missing') readBytes(access, file); // records the refusal
      return [];
    }
    return [toPosix(file)];
  });
}

/** TypeScript's "File '{0}' not found.", which is what an `extends` it cannot resolve gives. */
const FILE_NOT_FOUND = 6053;

/**
 * A tsconfig's options and root files (no file is parsed); throws ConfigLoadError. An `extends`
 * naming a package that is not installed (`@tsconfig/node20` before `npm install`) does not cost the
 * whole tsconfig: the entry is left out, the tsconfig's own options, `paths` and files are kept, and
 * `onWarning` says so.
 */
export function parseTsconfig(tsconfig: string, access: FileAccess, onWarning?: (message: string) => void): ts.ParsedCommandLine {
  const tsm = typescript();
  const checked = checkReadable(tsconfig, { root: access.root, maxBytes: access.maxBytes });
  if (!checked.ok) {
    if (checked.refusal !== 'missing') readBytes(access, tsconfig); // records the refusal
    throw new ConfigLoadError(checked.refusal === 'missing' ? 'cannot be read (no such file)' : describeRefusal(checked, access.maxBytes));
  }
  const host = parseConfigHost(tsm, access);
  const diagnostics: ts.Diagnostic[] = [];
  const read = tsm.readConfigFile(tsconfig, (file) => host.readFile(file));
  const raw = read.config as { extends?: unknown } | undefined;
  const extendsList = typeof raw?.extends === 'string' ? [raw.extends] : Array.isArray(raw?.extends) ? (raw.extends as unknown[]) : [];
  const missing = extendsList.filter(
    (entry): entry is string =>
      typeof entry === 'string' &&
      !entry.startsWith('.') &&
      !path.isAbsolute(entry) &&
      tsm.parseJsonConfigFileContent({ extends: entry, files: [] }, host, path.dirname(tsconfig), undefined, tsconfig).errors.some((d) => d.code === FILE_NOT_FOUND),
  );
  let parsed: ts.ParsedCommandLine | undefined;
  if (read.error === undefined && raw !== undefined && missing.length > 0) {
    const kept = extendsList.filter((entry) => !missing.includes(entry as string));
    const config: Record<string, unknown> = { ...raw };
    if (kept.length === 0) delete config['extends'];
    else config['extends'] = kept;
    onWarning?.(
      `extends ${missing.map((m) => JSON.stringify(m)).join(', ')}, which cannot be found (is the package installed?); ` +
        "using the tsconfig's own options without it",
    );
    parsed = tsm.parseJsonConfigFileContent(config, host, path.dirname(tsconfig), undefined, tsconfig);
  } else {
    parsed = tsm.getParsedCommandLineOfConfigFile(tsconfig, {}, {
      ...host,
      onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
    });
  }
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
export function loadLooseProgram(
  files: readonly string[],
  access: FileAccess,
  onParseFailure?: ParseFailureHandler,
  shared?: SharedSourceFiles,
  onLoadProgress?: LoadProgressHandler,
): LoadedProgram {
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
  return { tsconfig: undefined, program: createProgram(files, options, access, onParseFailure, shared, onLoadProgress) };
}

function createProgram(
  rootNames: readonly string[],
  options: ts.CompilerOptions,
  access: FileAccess,
  onParseFailure?: ParseFailureHandler,
  shared?: SharedSourceFiles,
  onLoadProgress?: LoadProgressHandler,
): ts.Program {
  const tsm = typescript();
  const excluded = new Set<string>();
  for (;;) {
    const host = compilerHost(tsm, options, access, excluded, onParseFailure, shared, onLoadProgress);
    const program = tsm.createProgram({ rootNames: rootNames.filter((f) => !excluded.has(toPosix(path.resolve(f)))), options, host });
    const overflowed = bindEach(tsm, program);
    if (overflowed.length === 0) return program;
    for (const fileName of overflowed) {
      excluded.add(toPosix(path.resolve(fileName)));
      onParseFailure?.(fileName, new BinderOverflow('the code is nested too deeply for the TypeScript binder'));
    }
  }
}

interface Binder {
  bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void;
}

/** Binds every source file of the program, one at a time; the files whose binding overflowed the stack. */
function bindEach(tsm: TS, program: ts.Program): string[] {
  const bind = (tsm as unknown as Partial<Binder>).bindSourceFile;
  if (typeof bind !== 'function') return [];
  const options = program.getCompilerOptions();
  const overflowed: string[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    try {
      bind(sourceFile, options);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      overflowed.push(sourceFile.fileName);
    }
  }
  return overflowed;
}

/** The system's compiler host with parent pointers set, the bundled lib files, guarded parsing and file access. */
function compilerHost(
  tsm: TS,
  options: ts.CompilerOptions,
  access: FileAccess,
  excluded: ReadonlySet<string>,
  onParseFailure?: ParseFailureHandler,
  shared?: SharedSourceFiles,
  onLoadProgress?: LoadProgressHandler,
): ts.CompilerHost {
  const host = tsm.createCompilerHost(options, true);
  let read = 0;
  const libs = defaultLibFiles();
  guardCompilerHost(host, access);
  const { fileExists, readFile, directoryExists, getSourceFile } = host;
  host.getDefaultLibLocation = () => LIB_FOLDER;
  host.getDefaultLibFileName = (o) => `${LIB_FOLDER}/${tsm.getDefaultLibFileName(o)}`;
  host.fileExists = (file) => libs.has(file) || fileExists.call(host, file);
  host.readFile = (file) => {
    const text = libs.get(file) ?? readFile.call(host, file);
    return text === undefined ? undefined : stripFlowTypes(file, text); // Flow-annotated JS (flow.ts)
  };
  host.directoryExists = (dir) =>
    dir === LIB_FOLDER || LIB_FOLDER.startsWith(`${dir}/`) || directoryExists!.call(host, dir);
  const parse = (
    fileName: string,
    languageVersionOrOptions: ts.ScriptTarget | ts.CreateSourceFileOptions,
    onError?: (message: string) => void,
    shouldCreateNewSourceFile?: boolean,
  ): ts.SourceFile | undefined => {
    const lib = libs.get(fileName);
    if (lib !== undefined) return tsm.createSourceFile(fileName, lib, languageVersionOrOptions, false);
    try {
      return getSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    } catch (error) {
      onParseFailure?.(fileName, error);
      return undefined;
    }
  };
  // Programs of one audit share source files (SharedSourceFiles), keyed by the settings that
  // change a parse or a bind.
  const settingsKey = shared?.keyOf(options);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (excluded.has(toPosix(path.resolve(fileName)))) return undefined;
    onLoadProgress?.(++read);
    if (shared === undefined || settingsKey === undefined || shouldCreateNewSourceFile) {
      return parse(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    }
    const o = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const key = `${settingsKey}|${o.languageVersion}|${o.impliedNodeFormat ?? ''}|${o.jsDocParsingMode ?? ''}`;
    const hit = shared.get(key, fileName);
    if (hit !== undefined) return hit;
    const sourceFile = parse(fileName, languageVersionOrOptions, onError);
    if (sourceFile !== undefined) shared.set(key, fileName, sourceFile);
    return sourceFile;
  };
  return host;
}
