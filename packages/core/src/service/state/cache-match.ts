/**
 * Is an expression the creation of an in-memory cache or a memoized function, according to the
 * catalogue? Shared with no-module-state, which leaves such values to no-in-memory-cache.
 */
import type * as ts from 'typescript';
import { findProperty, hasSpread, propertyValue, staticString } from '../../lang/ast.js';
import type { FileFacts } from '../../lang/facts.js';
import { libraryRef, type ModuleRef } from '../../lang/modules.js';
import { skipOuterExpressions } from '../../lang/scope.js';
import { objectLiteralOf } from '../../lang/values.js';
import { CACHE_LIBRARIES, CACHE_MODULES, MEMOIZERS, type CacheSpec, type StoreCheck } from './cache-catalogue.js';

export type CacheCreationKind = 'instance' | 'memoizer';

export interface CacheCreation {
  kind: CacheCreationKind;
  spec: CacheSpec;
  node: ts.CallExpression | ts.NewExpression;
}

export function specMatches(spec: CacheSpec, found: ModuleRef | undefined): boolean {
  if (found === undefined) return false;
  const ref = libraryRef(found);
  if (ref.module !== spec.module) return false;
  if (spec.prefix ? ref.path.length < spec.path.length : ref.path.length !== spec.path.length) return false;
  return spec.path.every((p, i) => ref.path[i] === p);
}

/** The in-memory cache or memoized function `node` creates, if it creates one. */
export function cacheCreation(facts: FileFacts, node: ts.Node): CacheCreation | undefined {
  const { ts } = facts;
  let n = skipOuterExpressions(ts, node);
  while (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  if (!ts.isNewExpression(n) && !ts.isCallExpression(n)) return undefined;
  const ref = facts.modules.resolve(n.expression);
  if (ref === undefined || ref.module === 'globalThis') return undefined;
  const isNew = ts.isNewExpression(n);
  const args = n.arguments ?? [];
  for (const [kind, list] of [
    ['instance', CACHE_LIBRARIES],
    ['instance', CACHE_MODULES],
    ['memoizer', MEMOIZERS],
  ] as const) {
    const spec = list.find((s) => specMatches(s, ref) && (s.create === 'any' || (s.create === 'new') === isNew));
    if (spec !== undefined && keepsEntriesInMemory(facts, spec.store, args)) return { kind, spec, node: n };
  }
  return undefined;
}

/** Does the cache keep its entries in memory, judging by its arguments? Unknown means no. */
export function keepsEntriesInMemory(facts: FileFacts, check: StoreCheck, args: readonly ts.Expression[]): boolean {
  const { ts } = facts;
  if (check.kind === 'none') return true;
  const argument = args[check.argument];
  if (argument === undefined) return true;
  const text = staticString(ts, argument);
  if (text !== undefined) return check.memoryValues?.includes(text) ?? false;
  let options = objectLiteralOf(facts, argument);
  if (options !== undefined && check.factory !== undefined) {
    const factory = propertyValue(ts, findProperty(ts, options, check.factory));
    if (factory === undefined) return false;
    options = returnedObject(facts, factory);
  }
  if (options === undefined) return isMemoryValue(facts, check, argument);
  if (hasSpread(ts, options)) return false;
  for (const name of check.options) {
    const property = findProperty(ts, options, name);
    if (property === undefined) continue;
    const value = propertyValue(ts, property);
    return value !== undefined && isMemoryValue(facts, check, value);
  }
  return true;
}

/** `'memory'`, `new Map()`, `memoryStore()`: a store that is process memory after all. */
function isMemoryValue(facts: FileFacts, check: StoreCheck & { kind: 'options' }, value: ts.Expression): boolean {
  const { ts } = facts;
  const n = skipOuterExpressions(ts, value);
  const text = staticString(ts, n);
  if (text !== undefined) return check.memoryValues?.includes(text) ?? false;
  if (!ts.isNewExpression(n) && !ts.isCallExpression(n)) return false;
  const ref = facts.modules.resolve(n.expression);
  if (ref === undefined) return false;
  if (ts.isNewExpression(n) && ref.module === 'globalThis' && ref.path.length === 1 && ref.path[0] === 'Map') return true;
  return (check.memoryFactories ?? []).some(
    (f) => f.module === ref.module && f.path.length === ref.path.length && f.path.every((p, i) => ref.path[i] === p),
  );
}

/** The object literal a factory (`useFactory: () => ({ … })`) returns, when it returns one. */
function returnedObject(facts: FileFacts, factory: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const { ts } = facts;
  const fn = skipOuterExpressions(ts, factory);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  if (!ts.isBlock(fn.body)) return objectLiteralOf(facts, fn.body);
  const returns = fn.body.statements.filter(ts.isReturnStatement);
  return returns.length === 1 ? objectLiteralOf(facts, returns[0]!.expression) : undefined;
}
