import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { moduleSpecifiers, parseSourceText, walk } from '@statelint/core';

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
});
