import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseSourceText, walk } from '@statelint/core';

describe('walk', () => {
  const sourceFile = parseSourceText(ts, 'x.ts', 'const a = f(1);\n');

  it('visits every node once without a leave callback', () => {
    const kinds: ts.SyntaxKind[] = [];
    walk(ts, sourceFile, { enter: (node) => void kinds.push(node.kind) });
    const { SyntaxKind: K } = ts;
    expect(kinds).toEqual([
      K.SourceFile,
      K.VariableStatement,
      K.VariableDeclarationList,
      K.VariableDeclaration,
      K.Identifier,
      K.CallExpression,
      K.Identifier,
      K.NumericLiteral,
      K.EndOfFileToken,
    ]);
  });

  it('leaves every node it entered, innermost first, and skips children on false', () => {
    const events: string[] = [];
    walk(ts, sourceFile, {
      enter: (node) => {
        events.push(`>${node.kind}`);
        return !ts.isCallExpression(node);
      },
      leave: (node) => void events.push(`<${node.kind}`),
    });
    expect(events.filter((e) => e.startsWith('>')).length).toBe(events.filter((e) => e.startsWith('<')).length);
    expect(events).toContain(`<${ts.SyntaxKind.CallExpression}`);
    expect(events).not.toContain(`>${ts.SyntaxKind.NumericLiteral}`);
    expect(events.at(-1)).toBe(`<${ts.SyntaxKind.SourceFile}`);
  });
});
