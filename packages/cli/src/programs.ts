/**
 * Programs for typed analysis, loaded with ts-morph: one per tsconfig, created one at a time and
 * released after its files are analysed, so peak memory is the largest program, not their sum.
 * Files that no tsconfig covers (a JS-only repo, scripts outside `include`) share one more program
 * with `allowJs`, so they still get cross-file facts.
 *
 * The engine is given ts-morph's own TypeScript (`tsMorph.ts`): syntax kinds from one copy only.
 */
import path from 'node:path';
import tsMorph from 'ts-morph';
import type * as ts from 'typescript';
import { toPosix } from './paths.js';

export const tsm = tsMorph.ts as unknown as typeof import('typescript');

export interface LoadedProgram {
  /** The tsconfig, or undefined for the program of uncovered files. */
  tsconfig: string | undefined;
  program: ts.Program;
}

export class ConfigLoadError extends Error {
  override name = 'ConfigLoadError';
}

/** Loads a tsconfig's program; throws ConfigLoadError with TypeScript's own message when it cannot. */
export function loadTsconfigProgram(tsconfig: string): LoadedProgram {
  const configErrors = readConfigErrors(tsconfig);
  if (configErrors !== undefined) throw new ConfigLoadError(configErrors);
  let project: tsMorph.Project;
  try {
    project = new tsMorph.Project({
      tsConfigFilePath: tsconfig,
      skipFileDependencyResolution: false,
    });
  } catch (error) {
    throw new ConfigLoadError((error as Error).message.split('\n')[0] ?? String(error));
  }
  return { tsconfig, program: project.getProgram().compilerObject as unknown as ts.Program };
}

/** The referenced projects of a solution-style tsconfig (`references: [{ path }]`). */
export function referencedTsconfigs(tsconfig: string): string[] {
  const read = tsm.readConfigFile(tsconfig, tsm.sys.readFile);
  const references = (read.config as { references?: { path?: unknown }[] } | undefined)?.references;
  if (!Array.isArray(references)) return [];
  return references.flatMap((ref) => {
    if (typeof ref?.path !== 'string') return [];
    const target = path.resolve(path.dirname(tsconfig), ref.path);
    return [toPosix(target.endsWith('.json') ? target : path.join(target, 'tsconfig.json'))];
  });
}

function readConfigErrors(tsconfig: string): string | undefined {
  const diagnostics: ts.Diagnostic[] = [];
  const parsed = tsm.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...tsm.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  });
  const errors = [...diagnostics, ...(parsed?.errors ?? [])].filter(
    // "No inputs were found" is not an error for us: a solution tsconfig has no files of its own.
    (d) => d.category === tsm.DiagnosticCategory.Error && d.code !== 18003,
  );
  if (errors.length === 0) return undefined;
  return tsm.flattenDiagnosticMessageText(errors[0]!.messageText, ' ');
}

/** One program over files no tsconfig covers: JS and TS alike, with Node-style resolution. */
export function loadLooseProgram(files: readonly string[]): LoadedProgram {
  const project = new tsMorph.Project({
    compilerOptions: {
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
    } as never,
    skipAddingFilesFromTsConfig: true,
  });
  for (const file of files) project.addSourceFileAtPath(file);
  return { tsconfig: undefined, program: project.getProgram().compilerObject as unknown as ts.Program };
}
