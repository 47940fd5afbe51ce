import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ensureParents, moduleSpecifiers, parseSourceText, walk } from '@statelint/core';

describe('walk', () => {
  it('visits every node once, with or without a leave callback', () => {
    const sf = parseSourceText(ts, 'a.ts', 'const x = 1;\nfunction f(a: number) { return a + x; }\n');
    const entered: string[] = [];
    walk(ts, sf, { enter: (node) => void entered.push(ts.SyntaxKind[node.kind]!) });
    const left: string[] = [];
    walk(ts, sf, { enter: () => true, leave: (node) => void left.push(ts.SyntaxKind[node.kind]!) });
    expect(entered.length).toBe(left.length);
    expect(entered.filter((k) => k === 'Identifier')).toHaveLength(5);
  });

  it('module specifiers of a file with require() and import() (a walk without leave)', () => {
    const sf = parseSourceText(ts, 'b.ts', `const a = require('a');\nexport async function f() { return import('./b'); }\n`);
    expect(moduleSpecifiers(ts, sf)).toEqual(['a', './b']);
  });

  it('ensureParents sets parents on a tree parsed without them', () => {
    const sf = ts.createSourceFile('c.ts', 'const x = [1, 2];', ts.ScriptTarget.Latest, false);
    ensureParents(ts, sf);
    expect(sf.statements[0]!.parent).toBe(sf);
  });
});
