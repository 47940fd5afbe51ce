/**
 * no-in-memory-sessions: sessions kept in the memory of one process. The next request of the same
 * user may reach another replica, which does not know the session (the user is logged out), and a
 * restart logs everyone out. Reported at the middleware or constructor call: session middleware
 * without a store (express-session's MemoryStore fallback), explicit in-memory stores, servers that
 * fall back to an in-memory store of their own (oidc-provider without an adapter), and — in
 * `strict` — socket.io servers without an adapter, whose rooms stay on one replica.
 */
import type * as ts from 'typescript';
import {
  assignedName,
  defineRule,
  findProperty,
  findRef,
  followUses,
  hasSpread,
  isExported,
  matchesFunction,
  objectLiteralOf,
  skipOuterExpressions,
  type FileFacts,
  type ModuleRef,
} from '@statelint/core';
import {
  MEMORY_STORES,
  MEMORY_STORE_FACTORIES,
  PLUGIN_REGISTER_METHOD,
  SESSION_MIDDLEWARE,
  SESSION_PLUGINS,
  SESSION_SERVERS,
  SOCKET_ADAPTER_METHOD,
  SOCKET_ADAPTER_OPTION,
  SOCKET_SERVERS,
  type SessionMiddleware,
} from './catalogue.js';

export interface Options {
  /** Report socket.io servers without an adapter. */
  checkSocketAdapter: boolean;
}

export type MessageId = 'noStore' | 'noAdapter' | 'memoryStore' | 'socketAdapter';

const STORE_ADVICE = 'Pass a shared store (connect-redis, connect-pg-simple, connect-mongo, …).';

export default defineRule<MessageId, Options>({
  id: 'no-in-memory-sessions',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow session middleware without an external store, MemoryStore, and in-memory socket adapters.',
      recommended: 'error',
      strictOptions: { checkSocketAdapter: true },
    },
    messages: {
      noStore: `\`{{api}}\` has no \`store\`, so it keeps sessions in this process's memory: a user is logged out when a request reaches another replica, and everyone is logged out on restart. ${STORE_ADVICE}`,
      noAdapter: `\`{{api}}\` has no \`adapter\`, so it keeps sessions, grants and tokens in its development adapter in this process's memory: a user is logged out and tokens stop working when a request reaches another replica, and on restart. Pass an \`adapter\` backed by a shared store (Redis, a database).`,
      memoryStore: `\`{{api}}\` keeps sessions in this process's memory: a user is logged out when a request reaches another replica, and everyone is logged out on restart. ${STORE_ADVICE}`,
      socketAdapter:
        'This `{{api}}` has no adapter, so its rooms and broadcasts stay on this replica: clients connected to another replica never receive them. Attach a shared adapter (@socket.io/redis-adapter, @socket.io/postgres-adapter).',
    },
    schema: {
      type: 'object',
      properties: {
        checkSocketAdapter: {
          type: 'boolean',
          description: 'Report socket.io servers created without an adapter (rooms and broadcasts stay on one replica). On in `strict`.',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { checkSocketAdapter: false },
  create(context) {
    const { ts, facts } = context;
    const checkServer = (node: ts.CallExpression | ts.NewExpression, ref: ModuleRef | undefined): void => {
      if (!context.options.checkSocketAdapter || !matchesFunction(ref, SOCKET_SERVERS)) return;
      if (!hasAdapter(facts, node)) context.report({ node, messageId: 'socketAdapter', data: { api: 'socket.io Server' } });
    };
    return {
      CallExpression(call) {
        const ref = facts.modules.resolve(call.expression);
        const middleware = findRef(SESSION_MIDDLEWARE, ref);
        if (middleware !== undefined) {
          if (lacksStore(facts, middleware, call.arguments)) context.report({ node: call, messageId: 'noStore', data: { api: middleware.api } });
          return;
        }
        const callee = skipOuterExpressions(ts, call.expression);
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === PLUGIN_REGISTER_METHOD && call.arguments.length > 0) {
          const pluginRef = facts.modules.resolve(call.arguments[0]!);
          const plugin = findRef(SESSION_PLUGINS, pluginRef);
          if (plugin !== undefined && lacksStore(facts, plugin, call.arguments)) {
            context.report({ node: call, messageId: 'noStore', data: { api: plugin.api } });
          }
          return;
        }
        checkServer(call, ref);
      },
      NewExpression(expression) {
        const ref = facts.modules.resolve(expression.expression);
        const server = findRef(SESSION_SERVERS, ref);
        if (server !== undefined) {
          if (lacksStore(facts, server, expression.arguments ?? [])) context.report({ node: expression, messageId: 'noAdapter', data: { api: server.api } });
          return;
        }
        const store = findRef(MEMORY_STORES, ref) ?? memoryStoreClass(facts, expression.expression);
        if (store !== undefined) {
          context.report({ node: expression, messageId: 'memoryStore', data: { api: store.api } });
          return;
        }
        checkServer(expression, ref);
      },
    };
  },
});

/**
 * The options have no store: none given, or an object (directly or through a `const`) without the
 * store option that nothing adds it to later. Options that cannot be seen (imported, spread,
 * passed elsewhere) may have one, and are not reported.
 */
function lacksStore(facts: FileFacts, middleware: SessionMiddleware, args: readonly ts.Expression[]): boolean {
  const { ts } = facts;
  const argument = args[middleware.optionsArgument];
  if (argument === undefined) return true;
  const options = objectLiteralOf(facts, argument);
  if (options === undefined || hasSpread(ts, options) || findProperty(ts, options, middleware.storeOption) !== undefined) return false;
  const inner = skipOuterExpressions(ts, argument);
  if (!ts.isIdentifier(inner)) return true;
  // `const opts = {…}; if (prod) opts.store = new RedisStore(); app.use(session(opts))`
  const variable = facts.scope.variableOf(inner);
  let addsStore = false;
  for (const reference of variable?.references ?? []) {
    if (reference.identifier === inner) continue;
    if (escapes(ts, reference.identifier)) return false;
    followUses(facts, reference.identifier, (use) => {
      if (use.kind === 'mutator' || (use.kind === 'assign' && use.depth === 0 && use.path[0] === middleware.storeOption)) addsStore = true;
    });
  }
  return !addsStore;
}

/** `new MemoryStore()` where `const MemoryStore = require('memorystore')(session)`. */
function memoryStoreClass(facts: FileFacts, callee: ts.Expression) {
  const { ts } = facts;
  let n = skipOuterExpressions(ts, callee);
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return undefined;
    n = skipOuterExpressions(ts, variable.initializer);
  }
  if (!ts.isCallExpression(n)) return undefined;
  const ref = facts.modules.resolve(n.expression);
  return findRef(MEMORY_STORE_FACTORIES, ref);
}

/**
 * The socket.io server gets an adapter: in its options, or by `io.adapter(…)` on the variable it is
 * kept in. A server handed elsewhere (exported, passed to a function) may get one there.
 */
function hasAdapter(facts: FileFacts, server: ts.CallExpression | ts.NewExpression): boolean {
  const { ts } = facts;
  const args = server.arguments ?? [];
  const options = args.map((a) => objectLiteralOf(facts, a)).find((o) => o !== undefined);
  if (options !== undefined && (hasSpread(ts, options) || findProperty(ts, options, SOCKET_ADAPTER_OPTION) !== undefined)) return true;
  let node: ts.Node = server;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  if (ts.isReturnStatement(node.parent) || ts.isExportAssignment(node.parent) || ts.isCallExpression(node.parent)) return true;
  const name = assignedName(ts, node);
  if (name === undefined || !ts.isIdentifier(name)) return name !== undefined;
  const variable = facts.scope.variableOf(name);
  if (variable === undefined) return true;
  if (isExported(ts, variable.declaration.parent.parent)) return true;
  for (const reference of variable.references) {
    const id = reference.identifier;
    if (reference.isWrite) continue;
    const parent = id.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
      if (parent.name.text === SOCKET_ADAPTER_METHOD && ts.isCallExpression(parent.parent)) return true;
      continue;
    }
    return true; // handed elsewhere
  }
  return false;
}

/** The value is handed to something this file cannot see: a call argument, a return, an export. */
function escapes(ts: FileFacts['ts'], id: ts.Identifier): boolean {
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  return (
    (ts.isCallExpression(parent) && parent.arguments.includes(n as ts.Expression)) ||
    ts.isReturnStatement(parent) ||
    ts.isExportAssignment(parent) ||
    ts.isExportSpecifier(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isPropertyAssignment(parent)
  );
}
