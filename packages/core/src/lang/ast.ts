/** Small AST helpers shared by rules. Each is named for what it answers. */
import type * as ts from 'typescript';
import type { TS } from '../engine/rule.js';
import { skipOuterExpressions, staticPropertyName } from './scope.js';

export { skipOuterExpressions, staticPropertyName };

/** The value of a string literal, a template without substitutions, or a parenthesized one. */
export function staticString(ts: TS, node: ts.Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  return undefined;
}

const STATIC_NUMBER_DEPTH = 64;

/**
 * The value of a numeric literal, a negated one, or a product/sum of numeric literals (`5 * 1024`).
 * Operands nested deeper than STATIC_NUMBER_DEPTH are not static (a 50,000-term `'a' + 'a' + …` in a
 * minified bundle must not exhaust the stack).
 */
export function staticNumber(ts: TS, node: ts.Node | undefined, depth = 0): number | undefined {
  if (node === undefined || depth > STATIC_NUMBER_DEPTH) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isNumericLiteral(n)) return Number(n.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken) {
    const v = staticNumber(ts, n.operand, depth + 1);
    return v === undefined ? undefined : -v;
  }
  if (ts.isBinaryExpression(n)) {
    const l = staticNumber(ts, n.left, depth + 1);
    const r = staticNumber(ts, n.right, depth + 1);
    if (l === undefined || r === undefined) return undefined;
    switch (n.operatorToken.kind) {
      case ts.SyntaxKind.AsteriskToken:
        return l * r;
      case ts.SyntaxKind.PlusToken:
        return l + r;
      case ts.SyntaxKind.MinusToken:
        return l - r;
      case ts.SyntaxKind.SlashToken:
        return l / r;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return l ** r;
      case ts.SyntaxKind.LessThanLessThanToken:
        return l << r;
      default:
        return undefined;
    }
  }
  return undefined;
}

export function staticBoolean(ts: TS, node: ts.Node | undefined): boolean | undefined {
  if (node === undefined) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (n.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (n.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

export type FunctionLikeWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionWithBody(ts: TS, node: ts.Node): node is FunctionLikeWithBody {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The nearest function (or class static block) around a node, if any. */
export function enclosingFunction(
  ts: TS,
  node: ts.Node,
): FunctionLikeWithBody | ts.ClassStaticBlockDeclaration | undefined {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (isFunctionWithBody(ts, n) || ts.isClassStaticBlockDeclaration(n)) return n;
  }
  return undefined;
}

/**
 * Code that runs when the module loads: not inside any function body, and not inside a class
 * member that runs later (methods, property initializers of instances).
 */
export function runsAtModuleLoad(ts: TS, node: ts.Node): boolean {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (isFunctionWithBody(ts, n)) return false;
    if (ts.isPropertyDeclaration(n) && !isStatic(ts, n)) return false;
  }
  return true;
}

export function isStatic(ts: TS, node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false)
  );
}

/** A property of an object literal by static name (the last one wins, as at runtime). */
export function findProperty(
  ts: TS,
  object: ts.ObjectLiteralExpression,
  name: string,
): ts.ObjectLiteralElementLike | undefined {
  let found: ts.ObjectLiteralElementLike | undefined;
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property) || property.name === undefined) continue;
    if (staticPropertyName(ts, property.name) === name) found = property;
  }
  return found;
}

/** The value expression of a property (`a: x` → x, `a` → the identifier `a`). */
export function propertyValue(ts: TS, property: ts.ObjectLiteralElementLike | undefined): ts.Expression | undefined {
  if (property === undefined) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** The object literal has a spread (`{ ...opts }`) whose content is not known statically. */
export function hasSpread(ts: TS, object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some((p) => ts.isSpreadAssignment(p));
}

/** The name a call's callee ends with: `a.b.c()` → `c`, `f()` → `f`. */
export function calleeName(ts: TS, call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuterExpressions(ts, call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee)) return staticString(ts, callee.argumentExpression);
  return undefined;
}

/** The identifier a declaration or assignment gives to an expression (`const x = <expr>` → x). */
export function assignedName(ts: TS, expression: ts.Node): ts.Identifier | ts.PrivateIdentifier | undefined {
  const parent = expression.parent;
  if (parent === undefined) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === expression && ts.isIdentifier(parent.name)) {
    return parent.name;
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === expression) {
    return ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name) ? parent.name : undefined;
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === expression && ts.isIdentifier(parent.name)) {
    return parent.name;
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === expression &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const left = skipOuterExpressions(ts, parent.left);
    if (ts.isIdentifier(left)) return left;
    if (ts.isPropertyAccessExpression(left)) return left.name;
  }
  if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    return assignedName(ts, parent);
  }
  return undefined;
}
