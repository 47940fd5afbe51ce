/**
 * require-request-limits: a replica holds what a request sends it, for as long as the request
 * lasts. Body parsers configured for huge bodies, uploads without a size limit, and servers whose
 * request timeouts are disabled or longer than a deploy's grace period let one client pin a
 * replica's memory and block rolling restarts. Reported at the offending option (or at the call
 * when a required limit is missing).
 */
import type * as ts from 'typescript';
import {
  constantValue,
  defineRule,
  findRef,
  findProperty,
  hasSpread,
  objectLiteralOf,
  propertyValue,
  refStartsWith,
  skipOuterExpressions,
  valueOrigin,
  type FileFacts,
  type ModuleRef,
  type RuleContext,
} from '@statelint/core';
import {
  APP_FACTORIES,
  BYTE_UNITS,
  KEEP_ALIVE_TIMEOUT,
  LIMITED_CALLS,
  NEST_BODY_PARSER_METHOD,
  NEST_FACTORY,
  NEST_SERVER_METHODS,
  REGISTERED_PLUGINS,
  SERVER_FACTORIES,
  SERVER_TIMEOUT_METHOD,
  SERVER_TIMEOUTS,
  SERVER_TYPE_MODULES,
  type ApiRef,
  type LimitedCall,
  type SizeUnit,
} from './catalogue.js';

export interface Options {
  /** Largest request body (or uploaded file) a parser may accept, in bytes. */
  maxBodyBytes: number;
  /** Longest a request may take before the server times it out, in milliseconds. */
  maxRequestMs: number;
}

export type MessageId = 'bodyTooLarge' | 'noUploadLimit' | 'timeoutDisabled' | 'timeoutTooLong';

type Context = RuleContext<MessageId, Options>;

export default defineRule<MessageId, Options>({
  id: 'require-request-limits',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require request bodies and request durations to be bounded.',
      recommended: 'warn',
    },
    messages: {
      bodyTooLarge:
        '`{{api}}` accepts {{value}} per request, over the {{max}} limit: each such request is held in one replica\'s memory. Lower the limit, or stream large uploads straight to object storage.',
      noUploadLimit:
        '`{{api}}` sets no `limits.fileSize`, so uploads of any size are accepted and held by one replica. Set `limits: { fileSize }` to at most {{max}}.',
      timeoutDisabled:
        '`{{api}}` is 0, which disables the timeout: a slow or stalled client holds a replica\'s connection forever. Set it to at most {{max}}.',
      timeoutTooLong:
        '`{{api}}` is {{value}}, over the {{max}} limit: such requests outlive a deploy\'s grace period and tie up a replica. Lower it, and move long work to a job queue.',
    },
    schema: {
      type: 'object',
      properties: {
        maxBodyBytes: {
          type: 'integer',
          minimum: 1,
          description: 'Largest request body or uploaded file a parser may accept, in bytes (default 5 MB: 5242880).',
        },
        maxRequestMs: {
          type: 'integer',
          minimum: 1,
          description: 'Longest request timeout a server may set, in milliseconds (default 30000).',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { maxBodyBytes: 5 * 1024 * 1024, maxRequestMs: 30_000 },
  create(context) {
    const { ts, facts } = context;
    /** `headersTimeout` findings held until we know whether the same server sets `keepAliveTimeout`. */
    const headersTimeouts: { server: string; report: () => void }[] = [];
    const keepAliveServers = new Set<string>();

    const checkTimeout = (node: ts.Node, api: string, valueNode: ts.Node | undefined, server?: string): void => {
      const value = constantValue(facts, valueNode);
      if (typeof value !== 'number') return;
      const max = formatMs(context.options.maxRequestMs);
      if (value === 0) {
        context.report({ node, messageId: 'timeoutDisabled', data: { api, max } });
      } else if (value > context.options.maxRequestMs) {
        const report = (): void =>
          context.report({ node, messageId: 'timeoutTooLong', data: { api, value: formatMs(value), max } });
        if (server !== undefined && api.endsWith('.headersTimeout')) headersTimeouts.push({ server, report });
        else report();
      }
    };

    return {
      CallExpression(call) {
        const callee = skipOuterExpressions(ts, call.expression);
        const ref = facts.modules.resolve(call.expression);
        const limited = ref && findRef(LIMITED_CALLS, ref);
        if (limited !== undefined) {
          checkOptions(context, call, limited, call.arguments[limited.optionsArgument], checkTimeout);
          return;
        }
        if (ref !== undefined && SERVER_FACTORIES.some((f) => matches(f, ref))) {
          const options = objectLiteralOf(facts, call.arguments[0]);
          if (options !== undefined) {
            for (const name of SERVER_TIMEOUTS) {
              const property = findProperty(ts, options, name);
              if (property !== undefined) checkTimeout(property, `${label(ref)}({ ${name} })`, propertyValue(ts, property));
            }
          }
          return;
        }
        if (!ts.isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        if (method === 'register') {
          const plugin = facts.modules.resolve(call.arguments[0] ?? callee);
          const registered = plugin && call.arguments[0] !== undefined ? findRef(REGISTERED_PLUGINS, plugin) : undefined;
          if (registered !== undefined) checkOptions(context, call, registered, call.arguments[1], checkTimeout);
        } else if (method === NEST_BODY_PARSER_METHOD && isNestApp(facts, callee.expression)) {
          const nest: LimitedCall = {
            module: NEST_FACTORY.module,
            path: [],
            api: `app.${NEST_BODY_PARSER_METHOD}`,
            optionsArgument: 1,
            sizeOptions: [['limit']],
            unit: 'bytes-string',
          };
          checkOptions(context, call, nest, call.arguments[1], checkTimeout);
        } else if (method === SERVER_TIMEOUT_METHOD && isHttpServer(context, callee.expression)) {
          checkTimeout(call, 'server.setTimeout()', call.arguments[0]);
        }
      },
      BinaryExpression(binary) {
        if (binary.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const left = skipOuterExpressions(ts, binary.left);
        if (!ts.isPropertyAccessExpression(left)) return;
        const name = left.name.text;
        if (name !== KEEP_ALIVE_TIMEOUT && !SERVER_TIMEOUTS.includes(name)) return;
        if (!isHttpServer(context, left.expression)) return;
        const server = serverKey(context, left.expression);
        if (name === KEEP_ALIVE_TIMEOUT) keepAliveServers.add(server);
        else checkTimeout(binary, `server.${name}`, binary.right, server);
      },
      'SourceFile:exit'() {
        for (const pending of headersTimeouts) if (!keepAliveServers.has(pending.server)) pending.report();
      },
    };
  },
});

type CheckTimeout = (node: ts.Node, api: string, valueNode: ts.Node | undefined) => void;

/** Size options over the limit, a required size option missing, timeouts disabled or too long. */
function checkOptions(
  context: Context,
  call: ts.CallExpression,
  spec: LimitedCall,
  argument: ts.Expression | undefined,
  checkTimeout: CheckTimeout,
): void {
  const { ts, facts } = context;
  const options = objectLiteralOf(facts, argument);
  const max = context.options.maxBodyBytes;
  for (const path of spec.sizeOptions) {
    const property = optionAt(context, options, path);
    if (property === undefined) continue;
    const size = sizeOf(facts, propertyValue(ts, property), spec.unit);
    if (size !== undefined && size > max) {
      context.report({
        node: property,
        messageId: 'bodyTooLarge',
        data: { api: `${spec.api}({ ${path.join('.')} })`, value: formatBytes(size), max: formatBytes(max) },
      });
    }
  }
  if (spec.requiredSize !== undefined && isKnownAbsent(context, argument, options, spec.requiredSize)) {
    context.report({ node: call, messageId: 'noUploadLimit', data: { api: `${spec.api}()`, max: formatBytes(max) } });
  }
  for (const name of spec.timeoutOptions ?? []) {
    const property = optionAt(context, options, [name]);
    if (property !== undefined) checkTimeout(property, `${spec.api}({ ${name} })`, propertyValue(ts, property));
  }
}

/** The property at a path of nested option objects, when every step is a known object literal. */
function optionAt(
  context: Context,
  options: ts.ObjectLiteralExpression | undefined,
  path: readonly string[],
): ts.ObjectLiteralElementLike | undefined {
  const { ts, facts } = context;
  let object = options;
  let property: ts.ObjectLiteralElementLike | undefined;
  for (const [i, name] of path.entries()) {
    if (object === undefined) return undefined;
    property = findProperty(ts, object, name);
    if (property === undefined) return undefined;
    if (i < path.length - 1) object = objectLiteralOf(facts, propertyValue(ts, property));
  }
  return property;
}

/**
 * The option is certainly missing: no options at all, or object literals all the way down that do
 * not set it (a spread or a value we cannot see might).
 */
function isKnownAbsent(
  context: Context,
  argument: ts.Expression | undefined,
  options: ts.ObjectLiteralExpression | undefined,
  path: readonly string[],
): boolean {
  const { ts, facts } = context;
  if (argument === undefined) return true;
  let object = options;
  for (const name of path) {
    if (object === undefined || hasSpread(ts, object)) return false;
    const property = findProperty(ts, object, name);
    if (property === undefined) return true;
    object = objectLiteralOf(facts, propertyValue(ts, property));
  }
  return false;
}

/** A size in bytes, as the `bytes` package parses it ('10mb' is 10 × 1024², '100' is 100 bytes). */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  const match = /^((-|\+)?(\d+(?:\.\d+)?)) *(kb|mb|gb|tb|pb)$/i.exec(value);
  const amount = match === null ? Number.parseInt(value, 10) : Number.parseFloat(match[1]!);
  const unit = match === null ? 'b' : match[4]!.toLowerCase();
  if (Number.isNaN(amount)) return undefined;
  return Math.floor(BYTE_UNITS[unit]! * amount);
}

function sizeOf(facts: FileFacts, node: ts.Node | undefined, unit: SizeUnit): number | undefined {
  const value = constantValue(facts, node);
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return unit === 'bytes-string' ? parseBytes(value) : undefined;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unlimited bytes';
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['kB', 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} bytes`;
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'unlimited';
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${ms} ms`;
}

function matches(api: ApiRef, ref: ModuleRef): boolean {
  return findRef([api], ref) !== undefined;
}

function label(ref: ModuleRef): string {
  return [ref.module, ...ref.path].join('.');
}

/**
 * A Node HTTP server: created by `http.createServer`, returned by an Express/Koa/Connect app's
 * `listen()`, or a Nest app's `getHttpServer()`; in typed mode, anything typed as http(s).Server.
 */
function isHttpServer(context: Context, node: ts.Expression): boolean {
  const { ts, facts } = context;
  const origin = valueOrigin(facts, node);
  if (origin !== undefined) {
    if (origin.callee !== undefined && SERVER_FACTORIES.some((f) => matches(f, origin.callee!))) return true;
    const callee = skipOuterExpressions(ts, origin.node.expression);
    if (ts.isCallExpression(origin.node) && ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === 'listen') {
        const app = valueOrigin(origin.facts, callee.expression)?.callee;
        if (app !== undefined && APP_FACTORIES.some((f) => matches(f, app))) return true;
      }
      if (NEST_SERVER_METHODS.includes(method) && isNestApp(origin.facts, callee.expression)) return true;
    }
  }
  return context.checker !== undefined && isTypedHttpServer(context, node);
}

function isNestApp(facts: FileFacts, node: ts.Expression): boolean {
  const app = valueOrigin(facts, node)?.callee;
  return app !== undefined && matches(NEST_FACTORY, app);
}

/** Typed mode: the value's type is the `Server` class of `http` / `https` (from @types/node). */
function isTypedHttpServer(context: Context, node: ts.Expression): boolean {
  const { ts, checker } = context;
  const symbol = checker!.getTypeAtLocation(node).getSymbol();
  if (symbol === undefined || symbol.name !== 'Server') return false;
  return (symbol.declarations ?? []).some((declaration) => {
    for (let p: ts.Node | undefined = declaration.parent; p !== undefined; p = p.parent) {
      if (ts.isModuleDeclaration(p) && ts.isStringLiteral(p.name)) {
        const name = p.name.text.replace(/^node:/, '');
        return SERVER_TYPE_MODULES.includes(name);
      }
    }
    return false;
  });
}

/** Assignments to the same server (the same variable, or the same `this.server`) share a key. */
function serverKey(context: Context, node: ts.Expression): string {
  const { ts, facts } = context;
  const n = skipOuterExpressions(ts, node);
  const variable = ts.isIdentifier(n) ? facts.scope.variableOf(n) : undefined;
  return variable !== undefined ? `variable@${variable.identifier.pos}` : n.getText(context.sourceFile);
}
