import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ensureParents, moduleSpecifiers, parseSourceText, walk } from '@statelint/core';

describe('walk', () => {
  it('visits every node once without a leave callback', () => {
    const sf = parseSourceText(ts, 'a.ts', "const http = require('http');\n");
    const kinds: string[] = [];
    walk(ts, sf, { enter: (node) => void kinds.push(ts.SyntaxKind[node.kind]) });
    expect(kinds).toEqual([
      'SourceFile',
      'FirstStatement',
      'VariableDeclarationList',
      'VariableDeclaration',
      'Identifier',
      'CallExpression',
      'Identifier',
      'StringLiteral',
      'EndOfFileToken',
    ]);
  });

  it('moduleSpecifiers finds require() and import() (it walks without leave)', () => {
    const sf = parseSourceText(ts, 'b.ts', "const a = require('./a');\nexport async function f() { return import('./b'); }\n");
    expect(moduleSpecifiers(ts, sf)).toEqual(['./a', './b']);
  });

  it('ensureParents sets parents on a tree parsed without them', () => {
    const sf = ts.createSourceFile('c.ts', 'const x = [1, 2];', ts.ScriptTarget.Latest, false);
    ensureParents(ts, sf);
    expect(sf.statements[0]!.parent).toBe(sf);
  });
});
