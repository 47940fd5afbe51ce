/**
 * The one server catalogue (data): which calls create a server or an application whose `listen()`
 * (or `start()`) accepts connections, and which calls serve directly. Every rule that asks "does this
 * program serve requests" reads this list through `serverStarts(facts)`; none keeps its own.
 */
import type * as ts from 'typescript';
import { skipOuterExpressions } from '../lang/scope.js';
import type { FileFacts } from '../lang/facts.js';
import { findAncestor, type ModuleRef } from '../lang/modules.js';
import { walk } from '../engine/walk.js';

export interface ServerFactory {
  module: string;
  path: readonly string[];
  /** What the value is, for messages: `express`, `http`, `hapi`, … */
  framework: string;
  /** The method that starts it (`listen` unless said otherwise). */
  start?: readonly string[];
}

/** Calls (and `new`) whose value is started with `listen()` (or `start`). */
export const SERVER_FACTORIES: readonly ServerFactory[] = [
  ...['http', 'https', 'http2', 'net', 'tls'].flatMap((module) => [
    { module, path: ['createServer'], framework: module },
    { module, path: ['Server'], framework: module },
  ]),
  { module: 'http2', path: ['createSecureServer'], framework: 'http2' },
  { module: 'express', path: [], framework: 'express' },
  { module: 'connect', path: [], framework: 'connect' },
  { module: 'koa', path: [], framework: 'koa' },
  { module: 'koa', path: ['Koa'], framework: 'koa' },
  { module: 'fastify', path: [], framework: 'fastify' },
  { module: 'fastify', path: ['fastify'], framework: 'fastify' },
  { module: '@nestjs/core', path: ['NestFactory', 'create'], framework: 'nest' },
  { module: '@nestjs/core', path: ['NestFactory', 'createMicroservice'], framework: 'nest' },
  { module: '@hapi/hapi', path: ['server'], framework: 'hapi', start: ['start'] },
  { module: '@hapi/hapi', path: ['Server'], framework: 'hapi', start: ['start'] },
  { module: 'hapi', path: ['server'], framework: 'hapi', start: ['start'] },
  { module: 'hapi', path: ['Server'], framework: 'hapi', start: ['start'] },
  { module: 'restify', path: ['createServer'], framework: 'restify' },
  { module: 'polka', path: [], framework: 'polka' },
  { module: '@hono/node-server', path: ['createAdaptorServer'], framework: 'hono' },
  { module: 'socket.io', path: [], framework: 'socket.io' },
  { module: 'socket.io', path: ['Server'], framework: 'socket.io' },
  { module: '@feathersjs/express', path: [], framework: 'feathers' },
  { module: 'micro', path: [], framework: 'micro' },
  // express.oi: Express with socket.io built in (`express().http().io()`).
  { module: 'express.oi', path: [], framework: 'express' },
];

/**
 * Methods of a server value that return the same server, configured (express.oi's
 * `express().https(options).io()`): a value built by a chain of them is still the server.
 */
export const SERVER_BUILDER_METHODS: ReadonlySet<string> = new Set(['http', 'https', 'io']);

/**
 * Functions that return the app or server they are given, with more abilities (`websockify(new
 * Koa())` of koa-websocket adds `app.ws`): their value is still that server.
 */
export const SERVER_PASSTHROUGH_WRAPPERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'koa-websocket', path: [] },
];


/** Calls that start serving themselves (`serve(app)`, `Bun.serve({ fetch })`). */
export const SERVE_FUNCTIONS: readonly ServerFactory[] = [
  { module: '@hono/node-server', path: ['serve'], framework: 'hono' },
  { module: 'globalThis', path: ['Bun', 'serve'], framework: 'bun' },
  { module: 'globalThis', path: ['Deno', 'serve'], framework: 'deno' },
  { module: 'globalThis', path: ['Deno', 'listen'], framework: 'deno' },
];

/**
 * Fetch-style applications a runtime serves when a module exports them as its default (Bun,
 * Deno, Cloudflare Workers: `export default app`, `export default { fetch }`).
 */
export const FETCH_APPS: readonly ServerFactory[] = [
  { module: 'hono', path: ['Hono'], framework: 'hono' },
  { module: 'hono/tiny', path: ['Hono'], framework: 'hono' },
  { module: 'hono/quick', path: ['Hono'], framework: 'hono' },
];

/** The default export of a module that a fetch-style runtime serves (`export default app` of a Hono app, `export default { fetch }`). */
export function servedDefaultExport(facts: FileFacts): ts.Node | undefined {
  const { ts, sourceFile } = facts;
  if (!/export\s+default/.test(sourceFile.text)) return undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isExportAssignment(statement) || statement.isExportEquals) continue;
    let n = skipOuterExpressions(ts, statement.expression);
    if (ts.isIdentifier(n)) {
      const variable = facts.scope.variableOf(n);
      if (variable?.initializer === undefined || variable.path.length > 0) return undefined;
      n = skipOuterExpressions(ts, variable.initializer);
    }
    if (ts.isNewExpression(n) && matches(FETCH_APPS, facts.modules.resolve(n.expression)) !== undefined) return statement;
    if (ts.isObjectLiteralExpression(n) && n.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'fetch')) return statement;
    return undefined;
  }
  return undefined;
}

/** `new WebSocketServer({ port })`: a server when its options name a port (otherwise it rides on another server). */
export const PORT_SERVERS: readonly ServerFactory[] = [
  { module: 'ws', path: ['WebSocketServer'], framework: 'ws' },
  { module: 'ws', path: ['Server'], framework: 'ws' },
];

/** Packages a file must load before an untracked `app.listen()` / `server.listen()` counts as a server start. */
export const SERVER_MODULES: ReadonlySet<string> = new Set(
  [...SERVER_FACTORIES, ...SERVE_FUNCTIONS, ...PORT_SERVERS].map((f) => f.module).filter((m) => m !== 'globalThis'),
);

/** Receiver names of an untracked `listen()` that denote a server in a file loading a server package. */
export const SERVER_RECEIVER_NAME = /^(app|application|server|httpServer|httpsServer|srv|api|web|instance|fastify|koa|express)$/i;

/** Properties of an app that are its HTTP server (`fastify.server`, `hapi.listener`, `io.httpServer`). */
export const SERVER_PROPERTIES: ReadonlySet<string> = new Set(['server', 'httpServer', 'listener']);

/** Text that a server start needs somewhere: a cheap filter before parsing. */
export const SERVER_TEXT = /\.listen\s*\(|\.start\s*\(|serve\s*\(|NestFactory|WebSocketServer|createServer|\.Server\b/;

export interface ServerStart {
  /** The call that starts accepting connections. */
  readonly call: ts.CallExpression | ts.NewExpression;
  readonly framework: string;
  /** `app.listen`, `server.start`, `Bun.serve`: for messages and traces. */
  readonly what: string;
  /** Recognised by the receiver's name only (the value could not be traced to a factory). */
  readonly byName: boolean;
}

function matches(list: readonly ServerFactory[], ref: ModuleRef | undefined): ServerFactory | undefined {
  if (ref === undefined || ref.local) return undefined;
  return list.find((f) => f.module === ref.module && f.path.length === ref.path.length && f.path.every((s, i) => ref.path[i] === s));
}

/** The servers a file starts (every mode: the file alone is enough). */
export function findServerStarts(facts: FileFacts): ServerStart[] {
  const { ts, sourceFile } = facts;
  if (!SERVER_TEXT.test(sourceFile.text)) return [];
  const found: ServerStart[] = [];
  const loadsServerModule = (): boolean => facts.modules !== undefined && [...facts.scope.moduleScope.variables.values()].some((v) => {
    const ref = facts.modules.resolveVariable(v);
    return ref !== undefined && !ref.local && SERVER_MODULES.has(ref.module);
  });
  let loads: boolean | undefined;
  walk(ts, sourceFile, {
    enter(node) {
      if (ts.isCallExpression(node)) {
        const callee = skipOuterExpressions(ts, node.expression);
        const serve = matches(SERVE_FUNCTIONS, facts.modules.resolve(callee));
        if (serve !== undefined) {
          found.push({ call: node, framework: serve.framework, what: callee.getText(sourceFile), byName: false });
          return;
        }
        if (!ts.isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        if (method !== 'listen' && method !== 'start') return;
        const factory = serverValue(facts, callee.expression, 0);
        const what = `${receiverText(ts, callee.expression, sourceFile)}.${method}`;
        if (factory !== undefined) {
          if ((factory.start ?? ['listen']).includes(method) || (method === 'listen' && factory.framework === 'socket.io')) {
            found.push({ call: node, framework: factory.framework, what, byName: false });
          }
          return;
        }
        if (method !== 'listen' || node.arguments.length === 0) return;
        const name = receiverName(ts, callee.expression);
        if (name === undefined || !SERVER_RECEIVER_NAME.test(name)) return;
        loads ??= loadsServerModule();
        if (loads) found.push({ call: node, framework: 'unknown', what, byName: true });
      } else if (ts.isNewExpression(node)) {
        const spec = matches(PORT_SERVERS, facts.modules.resolve(node.expression));
        const options = node.arguments?.[0] && skipOuterExpressions(ts, node.arguments[0]);
        if (spec !== undefined && options !== undefined && ts.isObjectLiteralExpression(options)) {
          const port = options.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'port');
          if (port) found.push({ call: node, framework: spec.framework, what: `new ${node.expression.getText(sourceFile)}`, byName: false });
        }
      }
    },
  });
  return found;
}

function receiverText(ts: FileFacts['ts'], receiver: ts.Expression, sf: ts.SourceFile): string {
  const text = receiver.getText(sf);
  return text.length <= 40 ? text : (receiverName(ts, receiver) ?? 'server');
}

function receiverName(ts: FileFacts['ts'], receiver: ts.Expression): string | undefined {
  const r = skipOuterExpressions(ts, receiver);
  if (ts.isIdentifier(r)) return r.text;
  if (ts.isPropertyAccessExpression(r)) return r.name.text;
  return undefined;
}

/** The factory whose value an expression holds: `express()`, `const app = express()`, `http.createServer(app)`, `this.server`. */
export function serverValue(facts: FileFacts, expression: ts.Node, depth: number): ServerFactory | undefined {
  const { ts } = facts;
  if (depth > 6) return undefined;
  let n = skipOuterExpressions(ts, expression);
  if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
    const direct = matches(SERVER_FACTORIES, facts.modules.resolve(n.expression));
    if (direct !== undefined) return direct;
    const callee = skipOuterExpressions(ts, n.expression);
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(callee) && SERVER_BUILDER_METHODS.has(callee.name.text)) {
      return serverValue(facts, callee.expression, depth + 1);
    }
    if (ts.isCallExpression(n) && n.arguments[0] !== undefined && isPassthroughWrapper(facts.modules.resolve(callee))) {
      return serverValue(facts, n.arguments[0], depth + 1);
    }
    // `require('http').createServer(app)` resolves above; `app.callback()` of koa and friends do not create servers.
    return undefined;
  }
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable === undefined || variable.path.length > 0) return undefined;
    if (variable.initializer !== undefined && !facts.scope.isReassigned(variable)) return serverValue(facts, variable.initializer, depth + 1);
    // `let server; … server = http.createServer(app)`: the one value assigned.
    // Several (`if (https) app = … else app = …`): the server they all are.
    const assigned = variable.references.map((r) => assignedValue(ts, r.identifier)).filter((v): v is ts.Expression => v !== undefined);
    const values = assigned.map((a) => serverValue(facts, a, depth + 1));
    return values.length > 0 && values.every((v) => v !== undefined && v.framework === values[0]!.framework) ? values[0] : undefined;
  }
  if (ts.isPropertyAccessExpression(n)) {
    if (n.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = findAncestor(n, ts.isClassLike);
      if (cls === undefined) return undefined;
      let value: ServerFactory | undefined;
      walk(ts, cls, {
        enter(node) {
          if (value !== undefined) return false;
          if (
            ts.isBinaryExpression(node) &&
            node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
            ts.isPropertyAccessExpression(node.left) &&
            node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
            node.left.name.text === n.name.text
          ) {
            value = serverValue(facts, node.right, depth + 1);
          } else if (ts.isPropertyDeclaration(node) && node.initializer !== undefined && node.name.getText() === n.name.text) {
            value = serverValue(facts, node.initializer, depth + 1);
          }
          return true;
        },
      });
      return value;
    }
    // `fastify.server.listen`, `io.httpServer.listen`: the app's own server.
    if (SERVER_PROPERTIES.has(n.name.text)) return serverValue(facts, n.expression, depth + 1);
  }
  return undefined;
}

/** A call of SERVER_PASSTHROUGH_WRAPPERS: its value is the server it was given. */
export function isPassthroughWrapper(ref: ModuleRef | undefined): boolean {
  return ref !== undefined && !ref.local && SERVER_PASSTHROUGH_WRAPPERS.some((w) => w.module === ref.module && w.path.length === ref.path.length && w.path.every((p, i) => ref.path[i] === p));
}

function assignedValue(ts: FileFacts['ts'], id: ts.Identifier): ts.Expression | undefined {
  const parent = id.parent;
  if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return parent.right;
  return undefined;
}
