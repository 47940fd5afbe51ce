/**
 * no-in-memory-cache: caches and memoization kept in process memory for the life of the process.
 * Each replica fills its own copy: a hit on one is a miss on the others, and after a write on one
 * replica the others serve stale data. Reported at the declaration the cache is kept in (or at the
 * construction when it has none): instances of cache libraries without an external store
 * (catalogue.ts), memoized functions and memoizing decorators at module or long-lived scope, and
 * Maps and objects used as caches (read, then filled under the same key; or named like a cache),
 * which no-module-state leaves to this rule.
 */
import type * as ts from 'typescript';
import {
  MODULE_STATE,
  assignedName,
  browserCodeReason,
  cacheCreation,
  defineRule,
  findProperty,
  isStatic,
  keepsEntriesInMemory,
  objectLiteralOf,
  scriptReason,
  skipOuterExpressions,
  specMatches,
  type ModuleRef,
  type ModuleState,
} from '@statelint/core';
import { MEMOIZING_DECORATORS, SINGLETON_CACHE_MODULES, type SingletonCacheModule } from './catalogue.js';

export interface Options {
  /** Also report in scripts and command-line tools, which run once. */
  checkScripts: boolean;
}

export type MessageId = 'cacheInstance' | 'memoized' | 'cacheContainer';

const ADVICE =
  'each replica fills its own copy, misses what the others cached, and serves stale data after a change made through another replica. Use a shared cache (Redis, Memcached) or HTTP/CDN caching.';

export default defineRule<MessageId, Options>({
  id: 'no-in-memory-cache',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow process-local caches and memoization at module or long-lived scope.',
      recommended: 'error',
    },
    messages: {
      cacheInstance: `\`{{name}}\` is a cache in process memory ({{library}}): ${ADVICE}`,
      memoized: `\`{{name}}\` memoizes its results in process memory ({{library}}) for as long as the process runs: ${ADVICE}`,
      cacheContainer: `\`{{name}}\` is used as a cache in process memory (filled in {{where}}): ${ADVICE}`,
    },
    schema: {
      type: 'object',
      properties: {
        checkScripts: {
          type: 'boolean',
          description:
            'Also report in scripts and command-line tools (files with a shebang, or under scripts/, bin/, tools/, cli/, commands/, migrations/, seeds/), which run once.',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { checkScripts: false },
  create(context) {
    const { ts, facts, sourceFile } = context;
    if (!context.options.checkScripts && scriptReason(facts) !== undefined) return {};
    if (browserCodeReason(facts) !== undefined) return {};
    const reported = new Set<ts.Node>();
    const report = (node: ts.Node, messageId: MessageId, data: Record<string, string>): void => {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId, data });
    };
    const state = (): ModuleState => facts.memo(MODULE_STATE);
    const movedToStore = new Map<SingletonCacheModule, boolean>();

    const checkCreation = (node: ts.NewExpression | ts.CallExpression): void => {
      const creation = cacheCreation(facts, node);
      if (creation === undefined) return;
      const holder = longLivedHolder(state(), node);
      if (holder === undefined) return;
      const name = holder === node ? calleeText(ts, node) : holder.getText(sourceFile);
      report(holder, creation.kind === 'memoizer' ? 'memoized' : 'cacheInstance', { name, library: creation.spec.library });
    };

    return {
      NewExpression: checkCreation,
      CallExpression(call) {
        checkCreation(call);
        const used = singletonCacheUse(facts.modules.resolve(call.expression));
        if (used === undefined) return;
        if (!movedToStore.has(used)) movedToStore.set(used, isMovedToStore(facts, used));
        if (movedToStore.get(used) === true) return;
        const binding = rootBinding(state(), call.expression) ?? call;
        report(binding, 'cacheInstance', { name: binding === call ? calleeText(ts, call) : binding.getText(sourceFile), library: used.library });
      },
      Decorator(decorator) {
        const expression = skipOuterExpressions(ts, decorator.expression);
        const call = ts.isCallExpression(expression) ? expression : undefined;
        const ref = facts.modules.resolve(call?.expression ?? expression);
        const spec = MEMOIZING_DECORATORS.find((s) => specMatches(s, ref));
        const member = decorator.parent;
        if (spec === undefined || !keepsEntriesInMemory(facts, spec.store, call?.arguments ?? [])) return;
        if (!ts.isMethodDeclaration(member) && !ts.isGetAccessorDeclaration(member)) return;
        const cls = member.parent;
        if (!ts.isClassLike(cls) || state().lifetimeOf(cls) === undefined) return;
        const className = cls.name?.text;
        report(member.name, 'memoized', { name: `${className ? `${className}.` : ''}${member.name.getText(sourceFile)}`, library: spec.library });
      },
      'SourceFile:exit'() {
        const moduleState = state();
        for (const slot of moduleState.slots) {
          const verdict = moduleState.verdict(slot);
          if (verdict?.kind === 'cache') report(slot.node, 'cacheContainer', { name: slot.name, where: verdict.site.where });
        }
      },
    };
  },
});

/**
 * Where a cache created by `node` is kept, if it outlives a request: the declaration of the
 * module-level variable, static field or singleton field it is stored in; created while the module
 * loads, the name it is given (`exports.rates = memoize(…)`, `{ cache: new InMemoryLRUCache() }`)
 * or the creation itself (`CacheModule.register()` in a decorator).
 */
function longLivedHolder(state: ModuleState, node: ts.Expression): ts.Node | undefined {
  const { ts } = state.facts;
  let outer: ts.Node = node;
  while (ts.isAwaitExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent)) outer = outer.parent;
  const name = assignedName(ts, outer);
  const holder = name && name.parent;
  if (name !== undefined && holder !== undefined) {
    if (ts.isIdentifier(name)) {
      const variable = state.facts.scope.variableOf(name);
      const slot = variable && state.slotOfVariable(variable);
      if (slot !== undefined) return slot.node;
    }
    if (ts.isPropertyDeclaration(holder) && ts.isClassLike(holder.parent)) {
      return isStatic(ts, holder) || state.lifetimeOf(holder.parent) !== undefined ? name : undefined;
    }
    if (ts.isPropertyAccessExpression(holder) && holder.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = classOfMember(ts, holder);
      const slot = cls && state.fieldSlot(cls, name.text, false);
      if (slot !== undefined) return slot.node;
    }
  }
  if (state.contexts.of(node) === 'runtime') return undefined;
  return name ?? node;
}

function classOfMember(ts: ModuleState['facts']['ts'], node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
    if (ts.isClassLike(n)) return n;
  }
  return undefined;
}

function calleeText(ts: ModuleState['facts']['ts'], node: ts.CallExpression | ts.NewExpression): string {
  return skipOuterExpressions(ts, node.expression).getText().replace(/\s+/g, '');
}

function singletonCacheUse(ref: ModuleRef | undefined): SingletonCacheModule | undefined {
  if (ref === undefined || ref.path.length !== 1) return undefined;
  return SINGLETON_CACHE_MODULES.find((m) => m.module === ref.module && m.use.includes(ref.path[0]!));
}

/** `apicache.options({ redisClient })` anywhere in the file moves apicache to Redis. */
function isMovedToStore(facts: ModuleState['facts'], used: SingletonCacheModule): boolean {
  const exempt = used.exemptWhen;
  if (exempt === undefined) return false;
  const { ts } = facts;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const ref = facts.modules.resolve(node.expression);
      if (ref?.module === used.module && ref.path.length === exempt.path.length && exempt.path.every((p, i) => ref.path[i] === p)) {
        const options = objectLiteralOf(facts, node.arguments[0]);
        if (options === undefined || findProperty(ts, options, exempt.option) !== undefined) found = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(facts.sourceFile);
  return found;
}

/** The import (or `require`) binding a module-singleton cache is used through. */
function rootBinding(state: ModuleState, callee: ts.Expression): ts.Node | undefined {
  const { ts, scope } = state.facts;
  let n: ts.Node = skipOuterExpressions(ts, callee);
  while (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = skipOuterExpressions(ts, n.expression);
  if (!ts.isIdentifier(n)) return undefined;
  const variable = scope.variableOf(n);
  if (variable === undefined || variable.scope !== scope.moduleScope) return undefined;
  return variable.identifier;
}
