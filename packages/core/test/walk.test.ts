import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ensureParents, parseSourceText, walk } from '../src/index.js';

const source = (text: string): ts.SourceFile => parseSourceText(ts, 'file.ts', text);

describe('walk', () => {
  it('visits every node once, in source order, without a leave callback', () => {
    const kinds: ts.SyntaxKind[] = [];
    walk(ts, source(`import a from 'a';\nconst b = a(1);`), {
      enter(node) {
        kinds.push(node.kind);
        if (kinds.length > 100) throw new Error('walk does not end');
      },
    });
    const K = ts.SyntaxKind;
    expect(kinds).toEqual([
      K.SourceFile,
      K.ImportDeclaration,
      K.ImportClause,
      K.Identifier,
      K.StringLiteral,
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

  it('leaves every node it enters, children first, and skips children when enter returns false', () => {
    const events: string[] = [];
    walk(ts, source(`f(g(1));`), {
      enter(node) {
        events.push(`>${ts.SyntaxKind[node.kind]}`);
        return !ts.isCallExpression(node) || node.arguments.length === 0 || !ts.isCallExpression(node.parent);
      },
      leave(node) {
        events.push(`<${ts.SyntaxKind[node.kind]}`);
      },
    });
    expect(events.filter((e) => e.startsWith('>')).length).toBe(events.filter((e) => e.startsWith('<')).length);
    expect(events).toContain('<CallExpression');
    expect(events).not.toContain('>NumericLiteral');
  });

  it('ensureParents sets parents on a tree parsed without them (and ends)', () => {
    const sf = ts.createSourceFile('file.ts', `const a = { b: [1, 2] };`, ts.ScriptTarget.Latest, false);
    ensureParents(ts, sf);
    const declaration = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
    expect(declaration.parent.parent.parent).toBe(sf);
  });
});
