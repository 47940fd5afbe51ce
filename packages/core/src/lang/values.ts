/**
 * Where a value comes from: the call or `new` that created it. `logger.info(…)` after
 * `const logger = pino().child({ … })`, `pool.query(…)` after `const pool = new Pool()`,
 * `server.requestTimeout = 0` after `const server = http.createServer(app)`: a rule asks which call
 * created the receiver and matches that call's callee (a `ModuleRef`) against its catalogue, instead
 * of matching the receiver's name.
 *
 * Followed: bindings never reassigned (`const`, `let` and `var` assigned once), `await`, parentheses
 * and casts, class fields and `this.x` assigned once in the constructor, calls the rule says return
 * a value of their receiver's kind (`logger.child()`), and imports of the project's own modules
 * through their exports (`export const`, `export default`, `export { x }`, `module.exports`) —
 * which resolve only in typed mode, where the project view knows the other files.
 */
import type * as ts from 'typescript';
import { staticNumber, staticString } from './ast.js';
import type { FileFacts } from './facts.js';
import { GLOBAL_MODULE, hasExportModifier, libraryRef, type ModuleRef } from './modules.js';
import type { TS } from '../engine/rule.js';
import { skipOuterExpressions, staticPropertyName } from './scope.js';

export interface ValueOrigin {
  /** The call or `new` expression that created the value. */
  node: ts.CallExpression | ts.NewExpression;
  /** What the callee denotes, when it denotes a module value (`{ pino, [] }`, `{ pg, ['Pool'] }`). */
  callee: ModuleRef | undefined;
  /** The facts of the file that holds `node` (another file of the project in typed mode). */
  facts: FileFacts;
}

export interface ValueOriginOptions {
  /**
   * Calls that return a value of the same kind as their receiver (`logger.child({})` is a logger):
   * the origin of such a call is the origin of its receiver.
   */
  derives?(call: ts.CallExpression, facts: FileFacts): boolean;
}

const MAX_DEPTH = 16;

/** The call or `new` that created the value of `node`, when it can be followed. */
export function valueOrigin(facts: FileFacts, node: ts.Node, options: ValueOriginOptions = {}): ValueOrigin | undefined {
  return originAt(facts, node, options, 0);
}

function originAt(facts: FileFacts, node: ts.Node, options: ValueOriginOptions, depth: number): ValueOrigin | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const { ts } = facts;
  let n = skipOuterExpressions(ts, node);
  if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  if (ts.isCallExpression(n)) {
    const callee = skipOuterExpressions(ts, n.expression);
    if (options.derives?.(n, facts) && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) {
      return originAt(facts, callee.expression, options, depth + 1);
    }
    return { node: n, callee: facts.modules.resolve(n.expression), facts };
  }
  if (ts.isNewExpression(n)) return { node: n, callee: facts.modules.resolve(n.expression), facts };
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable === undefined) return undefined;
    if (variable.kind === 'import' || variable.kind === 'import-equals') return importedOrigin(facts, n, options, depth);
    if (variable.kind !== 'const' && variable.kind !== 'let' && variable.kind !== 'var') return undefined;
    if (variable.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) {
      return undefined;
    }
    return originAt(facts, variable.initializer, options, depth + 1);
  }
  if (ts.isPropertyAccessExpression(n)) {
    if (n.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const assigned = thisPropertyValue(ts, n);
      return assigned && originAt(facts, assigned, options, depth + 1);
    }
    return importedOrigin(facts, n, options, depth);
  }
  return undefined;
}

/** `logger` imported (or required) from a project module: the value that module exports. */
function importedOrigin(
  facts: FileFacts,
  node: ts.Expression,
  options: ValueOriginOptions,
  depth: number,
): ValueOrigin | undefined {
  const ref = facts.modules.resolve(node);
  if (ref === undefined || !ref.local || ref.path.length > 1) return undefined;
  const target = facts.project.fileByName(ref.module);
  if (target === undefined) return undefined;
  const targetFacts = facts.project.factsOf(target);
  const exported = exportedExpression(targetFacts, ref.path[0] ?? 'default', depth);
  return exported && originAt(targetFacts, exported, options, depth + 1);
}

/**
 * The expression a module exports under `name` ('default' for `export default` and for
 * `module.exports = x`): `export const name = …`, `export { local as name }`, `export default …`,
 * `module.exports = …`, `module.exports.name = …`, `exports.name = …`, `module.exports = { name }`.
 */
export function exportedExpression(facts: FileFacts, name: string, depth = 0): ts.Expression | undefined {
  const { ts } = facts;
  if (depth > MAX_DEPTH) return undefined;
  let found: ts.Expression | undefined;
  for (const statement of facts.sourceFile.statements) {
    if (ts.isVariableStatement(statement) && hasExportModifier(ts, statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) found = d.initializer;
      }
    } else if (ts.isExportAssignment(statement) && name === 'default') {
      found = statement.expression;
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause) {
      if (!ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== name || element.isTypeOnly) continue;
        const local = element.propertyName ?? element.name;
        if (statement.moduleSpecifier === undefined && ts.isIdentifier(local)) found = local;
        else if (statement.moduleSpecifier !== undefined) {
          const from = staticString(ts, statement.moduleSpecifier);
          const ref = from === undefined ? undefined : facts.modules.resolveSpecifier(from, [local.text]);
          const target = ref?.local ? facts.project.fileByName(ref.module) : undefined;
          if (target !== undefined) return exportedExpression(facts.project.factsOf(target), local.text, depth + 1);
        }
      }
    } else if (ts.isExpressionStatement(statement)) {
      const cjs = commonJsExport(facts, statement.expression, name);
      if (cjs !== undefined) found = cjs;
    }
  }
  return found;
}

/** `module.exports = x` (name 'default'), `module.exports.name = x`, `exports.name = x`, `module.exports = { name }`. */
function commonJsExport(facts: FileFacts, expression: ts.Expression, name: string): ts.Expression | undefined {
  const { ts } = facts;
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = skipOuterExpressions(ts, expression.left);
  const isModuleExports = (n: ts.Node): boolean =>
    ts.isPropertyAccessExpression(n) &&
    n.name.text === 'exports' &&
    ts.isIdentifier(n.expression) &&
    n.expression.text === 'module' &&
    facts.scope.isFree(n.expression);
  const isExportsObject = (n: ts.Node): boolean =>
    isModuleExports(n) || (ts.isIdentifier(n) && n.text === 'exports' && facts.scope.isFree(n));
  if (isModuleExports(left)) {
    if (name === 'default') return expression.right;
    const right = skipOuterExpressions(ts, expression.right);
    if (!ts.isObjectLiteralExpression(right)) return undefined;
    for (const property of right.properties) {
      if (property.name === undefined || staticPropertyName(ts, property.name) !== name) continue;
      if (ts.isPropertyAssignment(property)) return property.initializer;
      if (ts.isShorthandPropertyAssignment(property)) return property.name;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(left) && left.name.text === name && isExportsObject(left.expression)) {
    return expression.right;
  }
  return undefined;
}

/**
 * A static value: a string or number literal (`5 * 1024`), `Infinity`, or a never-reassigned
 * variable of this file bound to one.
 */
export function constantValue(facts: FileFacts, node: ts.Node | undefined, depth = 0): string | number | undefined {
  const { ts } = facts;
  if (node === undefined || depth > MAX_DEPTH) return undefined;
  const n = skipOuterExpressions(ts, node);
  const literal = staticString(ts, n) ?? staticNumber(ts, n);
  if (literal !== undefined) return literal;
  if (ts.isIdentifier(n)) {
    if (n.text === 'Infinity' && facts.scope.isFree(n)) return Infinity;
    const variable = facts.scope.variableOf(n);
    if (variable?.kind !== 'const' || variable.initializer === undefined || variable.path.length > 0) return undefined;
    return constantValue(facts, variable.initializer, depth + 1);
  }
  if (ts.isPropertyAccessExpression(n) && n.name.text === 'POSITIVE_INFINITY') {
    const ref = facts.modules.resolve(n.expression);
    if (ref?.module === GLOBAL_MODULE && ref.path.length === 1 && ref.path[0] === 'Number') return Infinity;
  }
  return undefined;
}

/** An object literal given directly or through a never-reassigned variable of this file. */
export function objectLiteralOf(facts: FileFacts, node: ts.Node | undefined, depth = 0): ts.ObjectLiteralExpression | undefined {
  const { ts } = facts;
  if (node === undefined || depth > MAX_DEPTH) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isObjectLiteralExpression(n)) return n;
  if (!ts.isIdentifier(n)) return undefined;
  const variable = facts.scope.variableOf(n);
  if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return undefined;
  if (variable.kind !== 'const' && variable.kind !== 'let' && variable.kind !== 'var') return undefined;
  return objectLiteralOf(facts, variable.initializer, depth + 1);
}

/** `this.x`: a class field's initializer, or the one value the constructor assigns to it. */
function thisPropertyValue(ts: TS, access: ts.PropertyAccessExpression): ts.Expression | undefined {
  let klass: ts.Node | undefined = access.parent;
  while (klass !== undefined && !ts.isClassLike(klass)) klass = klass.parent;
  if (klass === undefined) return undefined;
  const name = access.name.text;
  let value: ts.Expression | undefined;
  let assignments = 0;
  for (const member of klass.members) {
    if (ts.isPropertyDeclaration(member) && member.name !== undefined && staticPropertyName(ts, member.name) === name) {
      if (member.initializer !== undefined) {
        value = member.initializer;
        assignments++;
      }
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.left.name.text === name
    ) {
      value = node.right;
      assignments++;
    }
    // Nested classes have their own `this`; arrow functions share the class's.
    if (!ts.isClassLike(node) && !ts.isFunctionDeclaration(node) && !ts.isFunctionExpression(node)) {
      ts.forEachChild(node, visit);
    }
  };
  for (const member of klass.members) {
    if (ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) {
      if (ts.isPropertyDeclaration(member)) {
        if (member.initializer) visit(member.initializer);
      } else if (member.body) {
        visit(member.body);
      }
    }
  }
  return assignments === 1 ? value : undefined;
}

/**
 * The first catalogue entry whose module and whole path equal the reference's (`{ pg, ['Pool'] }`);
 * a vendored copy of the package (`./vendor/lru-cache`) is the package.
 */
export function findRef<T extends { module: string; path: readonly string[] }>(
  specs: readonly T[],
  ref: ModuleRef | undefined,
): T | undefined {
  if (ref === undefined) return undefined;
  const r = libraryRef(ref);
  return specs.find((s) => s.module === r.module && s.path.length === r.path.length && s.path.every((p, i) => r.path[i] === p));
}
