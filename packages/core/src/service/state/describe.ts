/** Where a change happens, in words for messages: "`addUser` (line 12)", "the callback given to `app.get` (line 8)". */
import type * as ts from 'typescript';
import { enclosingFunction } from '../../lang/ast.js';
import type { FileFacts } from '../../lang/facts.js';
import { skipOuterExpressions, staticPropertyName } from '../../lang/scope.js';

export function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export function describeSite(ts: FileFacts['ts'], sourceFile: ts.SourceFile, node: ts.Node): string {
  const fn = enclosingFunction(ts, node);
  return `${fn === undefined ? describeInitializer(ts, node) : describeFunction(ts, fn)} (line ${lineOf(sourceFile, node)})`;
}

/** Code outside any function: a field initializer (runs per instance) or the module itself. */
function describeInitializer(ts: FileFacts['ts'], node: ts.Node): string {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isPropertyDeclaration(n) && ts.isClassLike(n.parent)) {
      const name = staticPropertyName(ts, n.name);
      const owner = n.parent.name?.text;
      if (name !== undefined) return `the initializer of \`${owner ? `${owner}.` : ''}${name}\``;
    }
  }
  return 'module code';
}

export function describeFunction(ts: FileFacts['ts'], fn: ts.Node | undefined): string {
  if (fn === undefined) return 'module code';
  const className = (cls: ts.Node): string =>
    (ts.isClassLike(cls) && cls.name !== undefined ? `${cls.name.text}.` : '');
  if (ts.isConstructorDeclaration(fn)) return `the \`${className(fn.parent).slice(0, -1) || 'class'}\` constructor`;
  if (ts.isClassStaticBlockDeclaration(fn)) return 'a static block';
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) && fn.name !== undefined) {
    const name = staticPropertyName(ts, fn.name);
    if (name !== undefined) return `\`${className(fn.parent)}${name}\``;
  }
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name !== undefined) return `\`${fn.name.text}\``;
  let n: ts.Node = fn;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return `\`${parent.name.text}\``;
  if (ts.isPropertyDeclaration(parent) && parent.name !== undefined) {
    const name = staticPropertyName(ts, parent.name);
    if (name !== undefined) return `\`${className(parent.parent)}${name}\``;
  }
  if (ts.isBinaryExpression(parent) && parent.right === n) {
    const left = skipOuterExpressions(ts, parent.left);
    if (ts.isPropertyAccessExpression(left)) return `\`${left.name.text}\``;
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(n as ts.Expression)) {
    const callee = skipOuterExpressions(ts, parent.expression).getText().replace(/\s+/g, '');
    return /^[\w$.]{1,40}$/.test(callee) ? `the callback given to \`${callee}\`` : 'a callback';
  }
  return 'a function';
}

