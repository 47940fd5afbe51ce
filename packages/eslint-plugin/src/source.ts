/**
 * The TypeScript AST and program for the file ESLint is linting. typescript-eslint's parser already
 * built a TypeScript tree (and, with type information, a program): reuse it rather than parse
 * twice. Any other parser (espree for plain JS) gets a fresh TypeScript parse of the same text.
 */
import { modelParseOf, parseSourceText, type TS } from '@statelint/core';
import type { TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

export interface LintSource {
  sourceFile: ts.SourceFile;
  program: ts.Program | undefined;
}

interface MaybeParserServices {
  program?: ts.Program | null;
  esTreeNodeToTSNodeMap?: { get(node: unknown): ts.Node | undefined };
}

export function lintSource(ts: TS, sourceCode: Readonly<TSESLint.SourceCode>, filename: string): LintSource {
  const services = sourceCode.parserServices as MaybeParserServices | undefined;
  const program = services?.program ?? undefined;
  const mapped = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  // Without a program, the program model may already hold a parse of this very text (it read the
  // file from disk for another file's question): one tree, and one scope analysis, for both.
  const shared = program === undefined ? modelParseOf(filename, sourceCode.text) : undefined;
  if (shared !== undefined && isUsable(ts, shared, sourceCode.text)) return { sourceFile: shared, program: undefined };
  const candidates = [mapped, program?.getSourceFile(filename)];
  for (const candidate of candidates) {
    if (candidate === undefined || !isUsable(ts, candidate, sourceCode.text)) continue;
    const sourceFile = candidate as ts.SourceFile;
    const typed = program !== undefined && program.getSourceFile(sourceFile.fileName) === sourceFile;
    return { sourceFile, program: typed ? program : undefined };
  }
  return { sourceFile: parseSourceText(ts, filename, sourceCode.text), program: undefined };
}

/**
 * The tree must come from a TypeScript whose syntax kinds match ours (a second copy of another
 * version numbers them differently) and must describe exactly the text ESLint reports on.
 */
function isUsable(ts: TS, node: ts.Node, text: string): boolean {
  if (node.kind !== ts.SyntaxKind.SourceFile) return false;
  const sourceFile = node as ts.SourceFile;
  return sourceFile.endOfFileToken?.kind === ts.SyntaxKind.EndOfFileToken && sourceFile.text === text;
}
