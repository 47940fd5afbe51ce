/**
 * no-per-request-client: a database pool, a Redis connection, an HTTP agent or an SDK client is a
 * process-wide resource. Created inside request-serving code, every request opens new connections
 * (a handshake, TLS, authentication) and, unless each is closed, leaks them until the database's
 * connection limit is reached — at N replicas, N times sooner. Reported at the creating call.
 * Creations that are cached (`pool ??= new Pool()`, `pools.set(tenant, new Pool())`) are not.
 */
import type * as ts from 'typescript';
import {
  calleeName,
  defineRule,
  effectChain,
  factsOfNode,
  returnedValue,
  findAncestor,
  isFunctionWithBody,
  requestServing,
  sameSegments,
  skipOuterExpressions,
  type ModuleRef,
  type RuleContext,
  type ServingFunction,
} from '@statelint/core';
import {
  CACHING_CALLS,
  CLIENT_FAMILIES,
  CLIENTS,
  FAMILY_NON_CLIENTS,
  STORING_METHODS,
  type ClientSpec,
} from './catalogue.js';

export interface PackageSpecifier {
  from: 'package';
  /** The package (`@neondatabase/serverless`). */
  package: string;
  /** The export; every client of the package when absent. */
  name?: string;
}

export interface Options {
  /** Clients that are meant to be created per request (an edge database driver, say). */
  allow: PackageSpecifier[];
}

export type MessageId = 'perRequestClient' | 'perRequestClientThrough';

type Context = RuleContext<MessageId, Options>;

export default defineRule<MessageId, Options>({
  id: 'no-per-request-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database, cache, HTTP-agent and SDK clients created per request instead of once per process.',
      recommended: 'error',
    },
    messages: {
      perRequestClient:
        '`{{api}}` opens {{opens}} on every request that runs this code. Create it once per process at start-up, share it between requests, and close it on shutdown.',
      perRequestClientThrough:
        '`{{factory}}` creates a new `{{api}}` on every call ({{chain}}), so this request opens {{opens}}. Create it once per process (a module-level client, or one the factory keeps: `client ??= new …`), share it between requests, and close it on shutdown.',
    },
    schema: {
      type: 'object',
      properties: {
        allow: {
          type: 'array',
          description: 'Clients that may be created per request, as `{ "from": "package", "package": "…", "name": "…" }` specifiers.',
          items: {
            type: 'object',
            properties: {
              from: { type: 'string', enum: ['package'], description: 'Where the client comes from: a package.' },
              package: { type: 'string', minLength: 1, description: 'The package name.' },
              name: { type: 'string', minLength: 1, description: 'The export (every client of the package when absent).' },
            },
            required: ['from', 'package'],
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { allow: [] },
  create(context) {
    const { ts, facts } = context;
    const check = (node: ts.NewExpression | ts.CallExpression): void => {
      const ref = facts.modules.resolve(node.expression);
      if (ref === undefined || ref.local) {
        if (ts.isCallExpression(node)) throughFactory(context, node);
        return;
      }
      const spec = matchClient(ref, ts.isNewExpression(node) ? 'new' : 'call');
      if (spec === undefined || isAllowed(context.options.allow, ref)) return;
      const serving = requestServing(facts).servingFunction(node);
      if (serving === undefined || createsPerRequestByDesign(serving)) return;
      // A dedicated single connection opened by a helper that handlers reach (a migration, LISTEN,
      // an advisory lock, COPY) is usually deliberate; pools, agents and SDK clients never are.
      if (serving.handler === undefined && spec.opens === 'a connection') return;
      if (isCached(context, node, serving)) return;
      context.report({ node, messageId: 'perRequestClient', data: { api: spec.api, opens: spec.opens } });
    };
    return { NewExpression: check, CallExpression: check };
  },
});

/**
 * `getDb()` in request-serving code, where the project factory creates a client on every call
 * (`return new Pool()`): reported at the call, unless the creation is itself in request-serving
 * code (then it is reported where it is) or the call's result is cached (`db ??= getDb()`).
 */
function throughFactory(context: Context, call: ts.CallExpression): void {
  const { ts, facts, project } = context;
  const serving = requestServing(facts).servingFunction(call);
  if (serving === undefined || createsPerRequestByDesign(serving)) return;
  const value = returnedValue(project, call);
  if (value === undefined || value.lifetime !== 'per-call') return;
  const creation = skipOuterExpressions(ts, value.creation);
  if (!ts.isNewExpression(creation) && !ts.isCallExpression(creation)) return;
  const owner = factsOfNode(project, creation);
  const ref = owner.modules.resolve(creation.expression);
  if (ref === undefined || ref.local) return;
  const spec = matchClient(ref, ts.isNewExpression(creation) ? 'new' : 'call');
  if (spec === undefined || isAllowed(context.options.allow, ref)) return;
  if (requestServing(owner).isRequestServing(creation)) return; // reported where it is created
  if (serving.handler === undefined && spec.opens === 'a connection') return;
  if (isCached(context, call, serving)) return;
  const factory = skipOuterExpressions(ts, call.expression).getText().replace(/\s+/g, '');
  const path = { steps: [{ node: call, what: factory }, { node: creation, what: `new ${spec.api}` }] };
  context.report({
    node: call,
    messageId: 'perRequestClientThrough',
    data: { factory, api: spec.api, opens: spec.opens, chain: effectChain(ts, call, path) },
    trace: path.steps,
  });
}

function matchClient(ref: ModuleRef, how: 'new' | 'call'): Pick<ClientSpec, 'api' | 'opens'> | undefined {
  const spec = CLIENTS.find(
    (c) =>
      c.module === ref.module &&
      sameSegments(c.path, ref.path) &&
      (c.create === 'any' || c.create === how),
  );
  if (spec !== undefined) return spec;
  if (how !== 'new' || ref.path.length !== 1) return undefined;
  const name = ref.path[0]!;
  const family = CLIENT_FAMILIES.find((f) => ref.module.startsWith(f.modulePrefix) && f.name.test(name) && !FAMILY_NON_CLIENTS.test(name));
  return family && { api: `${family.api} ${name}`, opens: family.opens };
}

function isAllowed(allow: readonly PackageSpecifier[], ref: ModuleRef): boolean {
  return allow.some((a) => a.package === ref.module && (a.name === undefined || ref.path[0] === a.name));
}

/** Cloudflare-Workers-style modules (`export default { fetch }`) must create I/O objects per request. */
function createsPerRequestByDesign(serving: ServingFunction): boolean {
  return serving.handler?.framework === 'fetch' && serving.handler.kind === 'export';
}

/**
 * The created client is kept beyond the request: assigned to a variable declared outside the
 * request-serving function or to a property (`pool ??= new Pool()`, `this.redis = new Redis()`,
 * `clients[tenant] = …`), stored in a collection (`pools.set(key, pool)`), or created by a caching
 * helper's callback (`memoize(() => new Redis())`).
 */
function isCached(context: Context, creation: ts.Expression, serving: ServingFunction): boolean {
  const { ts } = context;
  let n: ts.Node = creation;
  for (;;) {
    const parent = n.parent;
    if (parent === undefined) return false;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isObjectLiteralExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== n) ||
      (ts.isBinaryExpression(parent) && parent.right === n && isLogical(ts, parent.operatorToken.kind))
    ) {
      n = parent;
      continue;
    }
    // mongoose.connect(url).then((m) => m): the chain's result is what gets stored.
    if (ts.isPropertyAccessExpression(parent) && /^(then|catch|finally)$/.test(parent.name.text) && ts.isCallExpression(parent.parent)) {
      n = parent.parent;
      continue;
    }
    break;
  }
  const parent = n.parent;
  let local: ts.Identifier | undefined;
  if (ts.isBinaryExpression(parent) && parent.right === n && isAssignment(ts, parent.operatorToken.kind)) {
    if (storesBeyondRequest(context, parent.left, serving)) return true;
    const target = skipOuterExpressions(ts, parent.left);
    local = ts.isIdentifier(target) ? target : undefined;
  } else if (ts.isVariableDeclaration(parent) && parent.initializer === n && ts.isIdentifier(parent.name)) {
    local = parent.name;
  }
  if (local !== undefined) {
    // A local that holds the client: cached when it is stored somewhere longer-lived afterwards.
    const variable = context.facts.scope.variableOf(local);
    if (variable === undefined) return false;
    if (!isInside(variable.scope.node, serving.function)) return true; // a `var` hoisted out, or a module-level `let`
    return variable.references.some((reference) => !reference.isWrite && isStoredReference(context, reference.identifier, serving));
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(n as ts.Expression)) return isStoringCall(ts, parent);
  // A caching helper's callback: memoize(() => new Redis()), cache.getOrCreate(k, () => { return new Pool(); })
  const fn = ts.isReturnStatement(parent) ? findAncestor(parent, (x): x is ts.Node => isFunctionWithBody(ts, x)) : parent;
  if (fn !== undefined && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(fn.parent)) {
    const name = calleeName(ts, fn.parent);
    return name !== undefined && CACHING_CALLS.test(name);
  }
  return false;
}

/** A reference to the local holding the client that stores it: `cache.set(k, client)`, `this.c = client`, `pools[k] = client`. */
function isStoredReference(context: Context, id: ts.Identifier, serving: ServingFunction): boolean {
  const { ts } = context;
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if (ts.isBinaryExpression(parent) && parent.right === n && isAssignment(ts, parent.operatorToken.kind)) {
    return storesBeyondRequest(context, parent.left, serving);
  }
  if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) {
    return isCached(context, parent.parent as ts.Expression, serving);
  }
  return ts.isCallExpression(parent) && parent.arguments.includes(n as ts.Expression) && isStoringCall(ts, parent);
}

/** An assignment target that outlives the request: an outer variable, a property (not of the request itself). */
function storesBeyondRequest(context: Context, target: ts.Expression, serving: ServingFunction): boolean {
  const { ts, facts } = context;
  const t = skipOuterExpressions(ts, target);
  if (ts.isIdentifier(t)) {
    const variable = facts.scope.variableOf(t);
    return variable !== undefined && !isInside(variable.scope.node, serving.function);
  }
  if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
    const root = rootOf(ts, t);
    // `this.pool = new Pool()` in a constructor that request code calls runs per request.
    if (root.kind === ts.SyntaxKind.ThisKeyword) return !ts.isConstructorDeclaration(serving.function);
    if (!ts.isIdentifier(root)) return true;
    const variable = facts.scope.variableOf(root);
    // Stored on a local object or on the request (`req.db = …`): still per request.
    return variable === undefined || !isInside(variable.scope.node, serving.function);
  }
  return false;
}

function isStoringCall(ts: Context['ts'], call: ts.CallExpression): boolean {
  const name = calleeName(ts, call);
  return name !== undefined && (STORING_METHODS.has(name) || CACHING_CALLS.test(name));
}


function rootOf(ts: Context['ts'], node: ts.Expression): ts.Expression {
  let n = skipOuterExpressions(ts, node) as ts.Expression;
  while (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = skipOuterExpressions(ts, n.expression) as ts.Expression;
  return n;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n !== undefined; n = n.parent) if (n === container) return true;
  return false;
}

function isAssignment(ts: Context['ts'], kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

function isLogical(ts: Context['ts'], kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}
