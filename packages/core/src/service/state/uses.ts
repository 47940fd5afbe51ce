/**
 * What is done with a value: starting from one expression that denotes it (a reference to a
 * variable, `this.items`, `Registry.items`), follow property and element steps, element getters
 * (`map.get(k)`), aliases (`const list = state.users`), destructuring and `for…of` loops, and report
 * each use that may change it or reads one entry by key. Whether a use is a mutation depends on what
 * the value is (`set` changes a Map, not a Redis client), which `interpretUse` decides.
 */
import type * as ts from 'typescript';
import { staticString } from '../../lang/ast.js';
import type { FileFacts } from '../../lang/facts.js';
import { skipOuterExpressions, type Variable } from '../../lang/scope.js';
import {
  ELEMENT_METHODS,
  FREEZERS,
  KEYED_READ_METHODS,
  MUTATING_METHODS,
  MUTATORS,
  NESTED_MUTATING_METHODS,
  type ContainerKind,
} from './catalogue.js';
import { matchesFunction } from './run-context.js';

export type UseKind =
  /** `x.method(…)` on the value at `depth`. */
  | 'method'
  /** `x[k] = v`, `x.p = v`, `x.p += v` on an entry of the value at `depth`. */
  | 'assign'
  | 'update'
  | 'delete'
  /** Passed to a function that mutates that argument (`Object.assign(x, …)`). */
  | 'mutator'
  /** `x[k]`, `k in x`, `Object.hasOwn(x, k)`: one entry read by key. */
  | 'read'
  /** The root itself is assigned (`this.items = …`, `Registry.count++`). */
  | 'write'
  /** `Object.freeze(x)`. */
  | 'freeze'
  /** `x(…)` / `new x(…)`: the value at `depth` is called or constructed. */
  | 'call'
  | 'new'
  /** Handed on: passed to a function, returned, stored elsewhere. */
  | 'value';

export interface Use {
  kind: UseKind;
  /** The expression that uses the value: the call, the assignment, the `delete`. */
  node: ts.Node;
  /** Property steps from the root to the value used (0: the root itself). */
  depth: number;
  /** The static names of those steps (`undefined` for a computed key or an element getter). */
  path: readonly (string | undefined)[];
  method?: string;
  /** The key read or written (`k` in `m.get(k)`, `o[k] = v`). */
  key?: ts.Node;
  /** The value written (`v` in `m.set(k, v)`, `o[k] = v`). */
  value?: ts.Expression;
  /** The assignment operator of a `write` / `assign` (`=`, `+=`, `??=`). */
  operator?: ts.SyntaxKind;
}

/** Follows every use of the value `root` denotes, calling `emit` for each that matters. */
export function followUses(facts: FileFacts, root: ts.Expression, emit: (use: Use) => void): void {
  climb(facts, root, 0, [], emit, new Set());
}

function isTransparent(ts: FileFacts['ts'], node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    (ts.isAsExpression(node) && !isConstAssertion(ts, node))
  );
}

export function isConstAssertion(ts: FileFacts['ts'], node: ts.Node): boolean {
  return (
    ts.isAsExpression(node) &&
    ts.isTypeReferenceNode(node.type) &&
    ts.isIdentifier(node.type.typeName) &&
    node.type.typeName.text === 'const'
  );
}

function isAssignment(ts: FileFacts['ts'], node: ts.Node): node is ts.BinaryExpression {
  return (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

function isUpdate(ts: FileFacts['ts'], node: ts.Node): node is ts.PrefixUnaryExpression | ts.PostfixUnaryExpression {
  return (
    (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
  );
}

function climb(
  facts: FileFacts,
  start: ts.Expression,
  startDepth: number,
  startPath: readonly (string | undefined)[],
  emit: (use: Use) => void,
  seen: Set<Variable>,
): void {
  const { ts } = facts;
  let node: ts.Node = start;
  let depth = startDepth;
  let path = startPath;
  let key: ts.Node | undefined;
  for (;;) {
    while (node.parent !== undefined && isTransparent(ts, node.parent)) node = node.parent;
    const parent = node.parent;
    if (parent === undefined) return;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      const name = parent.name.text;
      const call = parent.parent;
      if (call !== undefined && ts.isCallExpression(call) && call.expression === parent) {
        emit({ kind: 'method', node: call, depth, path, method: name, key: call.arguments[0], value: call.arguments[1] });
        if (!ELEMENT_GETTERS.has(name)) return;
        node = call;
        depth++;
        path = [...path, undefined];
        key = undefined;
        continue;
      }
      node = parent;
      depth++;
      path = [...path, name];
      key = parent.name;
      continue;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === node) {
      if (!isChangedTarget(ts, parent)) emit({ kind: 'read', node: parent, depth, path, key: parent.argumentExpression });
      node = parent;
      depth++;
      path = [...path, staticString(ts, parent.argumentExpression)];
      key = parent.argumentExpression;
      continue;
    }
    if (isAssignment(ts, parent) && parent.left === node) {
      const operator = parent.operatorToken.kind;
      if (depth === 0) emit({ kind: 'write', node: parent, depth, path, value: parent.right, operator });
      else emit({ kind: 'assign', node: parent, depth: depth - 1, path, key, value: parent.right, operator });
      return;
    }
    if (isUpdate(ts, parent)) {
      if (depth === 0) emit({ kind: 'write', node: parent, depth, path });
      else emit({ kind: 'update', node: parent, depth: depth - 1, path, key });
      return;
    }
    if (ts.isDeleteExpression(parent)) {
      if (depth > 0) emit({ kind: 'delete', node: parent, depth: depth - 1, path, key });
      return;
    }
    if (ts.isDecorator(parent)) {
      emit({ kind: 'call', node: parent, depth, path }); // `@Field` applies (calls) it
      return;
    }
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) {
      emit({ kind: ts.isCallExpression(parent) ? 'call' : 'new', node: parent, depth, path });
      return;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
      const index = parent.arguments.indexOf(node as ts.Expression);
      const callee = facts.modules.resolve(parent.expression);
      const mutator = MUTATORS.find((m) => m.argument === index && matchesFunction(callee, [m]));
      if (index === 0 && matchesFunction(callee, FREEZERS)) emit({ kind: 'freeze', node: parent, depth, path });
      else if (mutator !== undefined) emit({ kind: 'mutator', node: parent, depth, path, method: mutator.api });
      else if (index === 0 && callee !== undefined && isHasOwn(callee)) {
        emit({ kind: 'read', node: parent, depth, path, key: parent.arguments[1] });
      } else emit({ kind: 'value', node, depth, path });
      return;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.right === node) {
      emit({ kind: 'read', node: parent, depth, path, key: parent.left });
      return;
    }
    if (ts.isForOfStatement(parent) && parent.expression === node) {
      // `for (const item of list) item.count++`: the elements are part of the value.
      const declarations = parent.initializer;
      if (ts.isVariableDeclarationList(declarations)) {
        for (const declaration of declarations.declarations) {
          followBinding(facts, declaration.name, depth + 1, [...path, undefined], emit, seen);
        }
      }
      return;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      // An alias: `const list = state.users`, `const { users } = state`.
      followBinding(facts, parent.name, depth, path, emit, seen);
      return;
    }
    emit({ kind: 'value', node, depth, path });
    return;
  }
}

function followBinding(
  facts: FileFacts,
  name: ts.BindingName,
  depth: number,
  path: readonly (string | undefined)[],
  emit: (use: Use) => void,
  seen: Set<Variable>,
): void {
  const { ts, scope } = facts;
  const leaves: ts.Identifier[] = [];
  const collect = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) leaves.push(n);
    else for (const element of n.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  collect(name);
  for (const leaf of leaves) {
    const variable = scope.variableOf(leaf);
    if (variable === undefined || seen.has(variable) || scope.isReassigned(variable)) continue;
    seen.add(variable);
    const steps: (string | undefined)[] = variable.path.map((step) => ('property' in step ? step.property : undefined));
    if (variable.path.some((step) => 'rest' in step)) continue; // `...rest` is a copy
    for (const reference of variable.references) {
      climb(facts, reference.identifier, depth + steps.length, [...path, ...steps], emit, seen);
    }
  }
}

/** The element access / property access is assigned, updated or deleted (not read). */
function isChangedTarget(ts: FileFacts['ts'], node: ts.Node): boolean {
  let n = node;
  while (n.parent !== undefined && isTransparent(ts, n.parent)) n = n.parent;
  const parent = n.parent;
  if (parent === undefined) return false;
  if (isAssignment(ts, parent) && parent.left === n) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  return ts.isDeleteExpression(parent);
}

/** Methods whose result is an element of the value: using it is using the value's data. */
const ELEMENT_GETTERS: ReadonlySet<string> = new Set(Object.values(ELEMENT_METHODS).flatMap((set) => [...set]));

function isHasOwn(ref: { module: string; path: readonly string[] }): boolean {
  return ref.module === 'globalThis' && ref.path.length === 2 && ref.path[0] === 'Object' && ref.path[1] === 'hasOwn';
}

/** A value's kind as far as mutations go: a container, an instance of a class of the project, or unknown. */
export type ValueKind = ContainerKind | 'instance';

export type Interpretation =
  | { kind: 'mutation'; op: string }
  | { kind: 'read' }
  | undefined;

/**
 * Is this use a change to the value (or a keyed read of it), given what the value is? `members`
 * gives the kinds of an object literal's properties (`null`: known not to be a container).
 */
export function interpretUse(
  use: Use,
  kind: ValueKind,
  members: ReadonlyMap<string, ValueKind | null> | undefined,
): Interpretation {
  const nestedKind = (): ValueKind | null | undefined => {
    if (use.depth === 0) return kind;
    if (use.depth === 1 && members !== undefined && use.path[0] !== undefined) return members.get(use.path[0]!);
    return undefined;
  };
  switch (use.kind) {
    case 'method': {
      const at = nestedKind();
      if (at === null) return undefined;
      if (at === undefined) return NESTED_MUTATING_METHODS.has(use.method!) ? { kind: 'mutation', op: use.method! } : undefined;
      if (at === 'instance') return undefined;
      if (MUTATING_METHODS[at].has(use.method!)) return { kind: 'mutation', op: use.method! };
      if (use.depth === 0 && KEYED_READ_METHODS[at].has(use.method!)) return { kind: 'read' };
      return undefined;
    }
    case 'assign':
    case 'update':
    case 'delete':
    case 'mutator': {
      if (nestedKind() === null) return undefined;
      return { kind: 'mutation', op: use.kind === 'mutator' ? use.method! : use.kind };
    }
    case 'read':
      return use.depth === 0 ? { kind: 'read' } : undefined;
    default:
      return undefined;
  }
}

/** The expression, without parentheses, type assertions and `await`. */
export function valueExpression(ts: FileFacts['ts'], node: ts.Node): ts.Node {
  let n = skipOuterExpressions(ts, node);
  while (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  return n;
}
