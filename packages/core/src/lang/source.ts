/** Parsing a file with TypeScript when the caller has no AST of its own. */
import type * as ts from 'typescript';
import type { TS } from '../engine/rule.js';

export function scriptKindOf(ts: TS, fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.json')) return ts.ScriptKind.JSON;
  return ts.ScriptKind.JS;
}

/** Parses source text (a BOM, if any, is removed first, as ESLint does) with parent pointers set. */
export function parseSourceText(ts: TS, fileName: string, text: string): ts.SourceFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return ts.createSourceFile(fileName, body, ts.ScriptTarget.Latest, true, scriptKindOf(ts, fileName));
}

/** Syntax errors the parser recorded (the tree is still usable: TypeScript recovers). */
export function parseDiagnostics(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sourceFile as ts.SourceFile & { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}
