/**
 * The module graph the cache keys cross-file facts by: the project files a file imports (imports,
 * re-exports, `require`, `import()`), as the engine resolves them. One small function, so that it
 * can move to the program model's module graph without the cache knowing.
 */
import { programView, type TS } from '@statelint/core';
import type * as ts from 'typescript';

export function directImports(tsm: TS, program: ts.Program, sourceFile: ts.SourceFile): string[] {
  return programView(tsm, program)
    .importsOf(sourceFile)
    .map((sf) => sf.fileName);
}
