/**
 * require-structured-logging: a service that runs as many replicas is debugged from its aggregated
 * logs, and only fields can be searched, counted and correlated across replicas. Reported at the
 * call: `console.*` in service code (CLIs, scripts, tests and browser code are left alone), and
 * messages built by string concatenation or template literals passed to pino, winston or bunyan
 * where the values belong in fields. Suggests the logger call with fields (never an autofix: the
 * message text changes).
 */
import type * as ts from 'typescript';
import {
  codeKind,
  defineFact,
  findProperty,
  requestServing,
  staticPropertyName,
  defineRule,
  findRef,
  packageNameOf,
  skipOuterExpressions,
  staticString,
  valueOrigin,
  type FileFacts,
  type ModuleRef,
  type RuleContext,
  type SuggestionDescriptor,
  type ValueOrigin,
} from '@statelint/core';
import {
  CHILD_METHODS,
  CONSOLE_METHODS,
  CONTEXT_MIXIN_OPTIONS,
  CONSOLE_MODULES,
  CONSOLE_DIRECTIVE,
  CONSOLE_TO_LEVEL,
  DEVELOPMENT_ENVIRONMENTS,
  DEVELOPMENT_FLAG,
  ENVIRONMENT_NAME,
  ERROR_FIELD,
  ERROR_NAME,
  LOGGER_FACTORIES,
  LOGGER_MODULES,
  LOGGER_TYPE_PACKAGES,
  PRODUCTION_ENVIRONMENT,
  PRODUCTION_FLAG,
  REQUEST_ID_FIELD,
  REQUEST_LOGGER_PROPERTIES,
  type LoggerKind,
} from './catalogue.js';

export interface Options {
  /** strict: a logger call in request-serving code must carry the request's id. */
  requireRequestId: boolean;
}

export type MessageId = 'console' | 'interpolatedMessage' | 'noRequestId' | 'useLogger' | 'useFields';

type Context = RuleContext<MessageId, Options>;

export default defineRule<MessageId, Options>({
  id: 'require-structured-logging',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require service code to log through a structured logger, with values in fields.',
      recommended: 'warn',
      strictOptions: { requireRequestId: true },
    },
    messages: {
      console:
        '`console.{{method}}` writes an unstructured line that log aggregation cannot search or correlate across replicas. Log fields to stdout with a structured logger (pino, winston, bunyan).',
      interpolatedMessage:
        'This log message is built from values ({{values}}): every line is different, so it cannot be searched or counted. Pass the values as fields and keep the message constant.',
      noRequestId:
        'This line is logged while serving a request but carries no request id, so it cannot be found among the lines of every replica. Log through a logger bound to the request (`logger.child({ requestId })`, `req.log`) or add the id as a field.',
      useLogger: 'Log through `{{logger}}.{{level}}` with fields.',
      useFields: 'Move the values into fields.',
    },
    schema: {
      type: 'object',
      properties: {
        requireRequestId: {
          type: 'boolean',
          description:
            'Report logger calls in request-serving code that carry no request/correlation id: no id field, not a child logger bound to one, not the request\'s own logger (`req.log`), not a logger whose `mixin` adds context. On in `strict`.',
        },
      },
      additionalProperties: false,
    },
    hasSuggestions: true,
  },
  defaultOptions: { requireRequestId: false },
  create(context) {
    const { ts, facts } = context;
    let loggerInScope: { name: string; kind: LoggerKind } | null | undefined;
    const findLogger = (): { name: string; kind: LoggerKind } | undefined => {
      if (loggerInScope === undefined) loggerInScope = moduleLogger(context) ?? null;
      return loggerInScope ?? undefined;
    };

    return {
      CallExpression(call) {
        const callee = skipOuterExpressions(ts, call.expression);
        const member = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee);
        if (!member && !ts.isIdentifier(callee)) return;
        const ref = facts.modules.resolve(call.expression);
        const method = consoleMethod(ref);
        if (method !== undefined) {
          if (codeKind(facts).kind !== 'service' || isDevelopmentOnly(facts, call)) return;
          if (consoleAllowed(context).has(context.sourceFile.getLineAndCharacterOfPosition(call.getStart(context.sourceFile)).line)) return;
          const logger = findLogger();
          const suggestion = logger && loggerCall(context, logger, CONSOLE_TO_LEVEL[method]!, call.arguments);
          context.report({
            node: call,
            messageId: 'console',
            data: { method },
            ...(suggestion && logger
              ? {
                  suggest: [
                    {
                      messageId: 'useLogger',
                      data: { logger: logger.name, level: CONSOLE_TO_LEVEL[method]! },
                      fix: { range: [call.getStart(context.sourceFile), call.getEnd()], text: suggestion },
                    },
                  ],
                }
              : {}),
          });
          return;
        }
        if (member) checkLoggerCall(context, call, ref);
      },
    };
  },
});

function consoleMethod(ref: ModuleRef | undefined): string | undefined {
  if (ref === undefined) return undefined;
  for (const c of CONSOLE_MODULES) {
    if (ref.module !== c.module || ref.path.length !== c.path.length + 1) continue;
    if (!c.path.every((p, i) => ref.path[i] === p)) continue;
    const method = ref.path[c.path.length]!;
    return CONSOLE_METHODS.includes(method) ? method : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Logger calls with interpolated messages.

/** A message built from values: a template with substitutions, or a `+` chain with a non-literal. */
interface Interpolation {
  /** The fixed text parts, in order. */
  texts: string[];
  /** The interpolated values, in order. */
  values: ts.Expression[];
}

function checkLoggerCall(context: Context, call: ts.CallExpression, ref: ModuleRef | undefined): void {
  const { ts } = context;
  const callee = skipOuterExpressions(ts, call.expression) as ts.PropertyAccessExpression | ts.ElementAccessExpression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : staticString(ts, callee.argumentExpression);
  if (method === undefined) return;
  // Cheap filters first: a message argument built from values, or (strict) a call in request-serving code.
  const candidates = call.arguments.slice(0, 2);
  const interpolated = candidates.some((a) => interpolation(context, a) !== undefined);
  const serving = context.options.requireRequestId && requestServing(context.facts).isRequestServing(call);
  if (!interpolated && !serving) return;
  // CLIs and browser code print for a person: not service code.
  if (codeKind(context.facts).kind !== 'service') return;
  const kind = loggerKindOf(context, callee.expression, ref);
  if (kind === undefined || (method !== kind.levelMethod && !kind.methods.includes(method))) return;
  if (serving && !carriesRequestId(context, callee.expression, call)) context.report({ node: call, messageId: 'noRequestId' });
  if (!interpolated) return;
  const messageIndex = messageArgumentIndex(context, kind, method, call);
  if (messageIndex === undefined) return;
  const message = call.arguments[messageIndex]!;
  const parts = interpolation(context, message);
  if (parts === undefined) return;
  // Fields already given: the message repeats them, which is redundant but not unstructured.
  const hasFields = kind.style === 'fields-first' ? messageIndex > 0 : call.arguments.length > messageIndex + 1;
  if (hasFields) return;
  const values = describeValues(context, parts.values);
  const rewritten = withFields(context, kind, parts);
  const suggest: SuggestionDescriptor<MessageId>[] = [];
  if (rewritten !== undefined && call.arguments.length === messageIndex + 1) {
    suggest.push({
      messageId: 'useFields',
      fix: { range: [message.getStart(context.sourceFile), message.getEnd()], text: rewritten },
    });
  }
  context.report({ node: call, messageId: 'interpolatedMessage', data: { values }, ...(suggest.length > 0 ? { suggest } : {}) });
}

// ---------------------------------------------------------------------------------------------
// strict: logger calls in request-serving code carry the request's id.

/**
 * The line will carry the request's id: a field of this call names it; the receiver is a logger
 * bound to it (`logger.child({ requestId })`, through variables); the receiver is the request's
 * own logger (`req.log` of pino-http or Fastify, `c.var.logger`); the logger's factory adds
 * context to every line (`pino({ mixin })`, the AsyncLocalStorage pattern); or the logger's origin
 * is unknown (a parameter or injected field: it may be the request's child logger).
 */
function carriesRequestId(context: Context, receiver: ts.Expression, call: ts.CallExpression): boolean {
  const { ts, facts } = context;
  if (call.arguments.some((a) => namesRequestId(context, a))) return true;
  if (isBoundToRequest(context, receiver, 0)) return true;
  const origin = valueOrigin(facts, receiver, { derives: (c, f) => isChildCall(f, c) });
  // A logger whose creation cannot be traced (a parameter, an injected field) may well be the
  // request's child logger: only a logger known to be the shared one is reported.
  if (origin === undefined) return true;
  const options = origin.node.arguments?.[0];
  const inner = options && skipOuterExpressions(origin.facts.ts, options);
  if (inner !== undefined && ts.isObjectLiteralExpression(inner)) {
    if (CONTEXT_MIXIN_OPTIONS.some((name) => findProperty(ts, inner, name) !== undefined)) return true;
  }
  return false;
}

/** An object literal (directly or through a const) with a property naming the request id. */
function namesRequestId(context: Context, node: ts.Expression): boolean {
  const { ts, facts } = context;
  let n = skipOuterExpressions(ts, node);
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || variable.path.length > 0) return REQUEST_ID_FIELD.test(n.text);
    n = skipOuterExpressions(ts, variable.initializer);
  }
  if (!ts.isObjectLiteralExpression(n)) return false;
  return n.properties.some((p) => p.name !== undefined && REQUEST_ID_FIELD.test(staticPropertyName(ts, p.name) ?? ''));
}

/** `logger.child({ requestId })` (through consts and nested children), or `req.log` / `ctx.logger`. */
function isBoundToRequest(context: Context, receiver: ts.Expression, depth: number): boolean {
  const { ts, facts } = context;
  if (depth > 8) return false;
  const n = skipOuterExpressions(ts, receiver);
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable === undefined) return false;
    if (variable.kind === 'parameter') return false;
    if (variable.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return false;
    return isBoundToRequest(context, variable.initializer, depth + 1);
  }
  if (ts.isCallExpression(n) && isChildCall(facts, n)) {
    if (n.arguments.some((a) => namesRequestId(context, a))) return true;
    return isBoundToRequest(context, (skipOuterExpressions(ts, n.expression) as ts.PropertyAccessExpression).expression, depth + 1);
  }
  if (ts.isPropertyAccessExpression(n) && REQUEST_LOGGER_PROPERTIES.includes(n.name.text)) {
    // The request's own logger: a property of a parameter of the request-serving function (or of its `.var`).
    let base = skipOuterExpressions(ts, n.expression);
    if (ts.isPropertyAccessExpression(base) && (base.name.text === 'var' || base.name.text === 'locals' || base.name.text === 'state')) {
      base = skipOuterExpressions(ts, base.expression);
    }
    return ts.isIdentifier(base) && facts.scope.variableOf(base)?.kind === 'parameter';
  }
  return false;
}

/** `userId, order.id, …`: the first few interpolated values, as written. */
function describeValues(context: Context, values: readonly ts.Expression[]): string {
  const shown = values.slice(0, 3).map((v) => {
    const text = v.getText(context.sourceFile).replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  });
  return values.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Which argument is the message: the first string-like one at the position the logger expects. */
function messageArgumentIndex(context: Context, kind: LoggerKind, method: string, call: ts.CallExpression): number | undefined {
  if (method === kind.levelMethod) return call.arguments.length >= 2 ? 1 : undefined;
  if (!kind.methods.includes(method)) return undefined;
  const first = call.arguments[0];
  if (first === undefined) return undefined;
  if (kind.style === 'fields-first' && !isStringLike(context, first)) return call.arguments.length >= 2 ? 1 : undefined;
  return 0;
}

function isStringLike(context: Context, node: ts.Expression): boolean {
  const { ts } = context;
  const n = skipOuterExpressions(ts, node);
  return ts.isStringLiteralLike(n) || ts.isTemplateExpression(n) || interpolation(context, node) !== undefined;
}

/** The text parts and values of a template literal or a string concatenation, when values are interpolated. */
function interpolation(context: Context, node: ts.Expression): Interpolation | undefined {
  const { ts } = context;
  const n = skipOuterExpressions(ts, node);
  const parts: Interpolation = { texts: [], values: [] };
  if (ts.isTemplateExpression(n)) {
    parts.texts.push(n.head.text);
    for (const span of n.templateSpans) {
      parts.values.push(span.expression);
      parts.texts.push(span.literal.text);
    }
  } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const operands: ts.Expression[] = [];
    // Left to right, without recursion: a minified `a + b + …` of 20,000 terms is one deep tree.
    const pending: ts.Expression[] = [n];
    while (pending.length > 0) {
      const inner = skipOuterExpressions(ts, pending.pop()!) as ts.Expression;
      if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        pending.push(inner.right, inner.left);
      } else operands.push(inner);
    }
    // A concatenation is a message only when it has a string part (`a + b` may be arithmetic).
    if (!operands.some((o) => staticString(ts, o) !== undefined || ts.isTemplateExpression(o))) return undefined;
    for (const operand of operands) {
      const text = staticString(ts, operand);
      if (text !== undefined) parts.texts.push(text);
      else parts.values.push(operand);
    }
  } else {
    return undefined;
  }
  parts.values = parts.values.filter((v) => !isConstant(context, v));
  return parts.values.length > 0 ? parts : undefined;
}

/** A value that is the same on every line: a literal, or a `const` bound to one. */
function isConstant(context: Context, node: ts.Expression): boolean {
  const { ts, facts } = context;
  const n = skipOuterExpressions(ts, node);
  if (ts.isStringLiteralLike(n) || ts.isNumericLiteral(n)) return true;
  if (!ts.isIdentifier(n)) return false;
  const variable = facts.scope.variableOf(n);
  if (variable?.kind !== 'const' || variable.initializer === undefined || variable.path.length > 0) return false;
  const init = skipOuterExpressions(ts, variable.initializer);
  return ts.isStringLiteralLike(init) || ts.isNumericLiteral(init);
}

/**
 * The kind of structured logger a receiver is: created by a logger factory (through variables,
 * `child()`, class fields and, in typed mode, project modules), the winston module itself, or in
 * typed mode anything whose type comes from a logger package.
 */
function loggerKindOf(context: Context, receiver: ts.Expression, calleeRef: ModuleRef | undefined): LoggerKind | undefined {
  const { facts } = context;
  if (calleeRef !== undefined && calleeRef.path.length === 1) {
    const module = LOGGER_MODULES.find((m) => m.module === calleeRef.module);
    if (module !== undefined) return module.kind;
  }
  const origin = valueOrigin(facts, receiver, { derives: (call, f) => isChildCall(f, call) });
  const kind = origin && factoryKind(origin);
  if (kind !== undefined) return kind;
  return context.checker === undefined ? undefined : typedLoggerKind(context, receiver);
}

function isChildCall(facts: FileFacts, call: ts.CallExpression): boolean {
  const { ts } = facts;
  const callee = skipOuterExpressions(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && CHILD_METHODS.includes(callee.name.text);
}

function factoryKind(origin: ValueOrigin): LoggerKind | undefined {
  return findRef(LOGGER_FACTORIES, origin.callee)?.kind;
}

/** Typed mode: the receiver's type is declared by a logger package (an injected `PinoLogger`, `req.log`). */
function typedLoggerKind(context: Context, receiver: ts.Expression): LoggerKind | undefined {
  const type = context.checker!.getTypeAtLocation(receiver);
  for (const symbol of [type.getSymbol(), type.aliasSymbol]) {
    for (const declaration of symbol?.declarations ?? []) {
      const name = packageNameOf(declaration.getSourceFile().fileName);
      const known = name && LOGGER_TYPE_PACKAGES.find((p) => p.package === name);
      if (known) return known.kind;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Suggestions: the same call with the values as fields.

/** `{ userId, orderId: order.id }, 'order placed'` (or the winston order), or undefined if a value has no good name. */
function withFields(context: Context, kind: LoggerKind, parts: Interpolation): string | undefined {
  const fields = fieldsOf(context, parts.values);
  if (fields === undefined) return undefined;
  const message = JSON.stringify(messageText(parts.texts)).replace(/^"|"$/g, "'").replace(/\\"/g, '"');
  return kind.style === 'fields-first' ? `${fields}, ${message}` : `${message}, ${fields}`;
}

/** `{ userId, orderId: order.id }` for identifiers and property chains; undefined for anything else. */
function fieldsOf(context: Context, values: readonly ts.Expression[]): string | undefined {
  const { ts } = context;
  const entries: string[] = [];
  const names = new Set<string>();
  for (const value of values) {
    const n = skipOuterExpressions(ts, value);
    const chain: string[] = [];
    let e: ts.Node = n;
    while (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
      chain.unshift(e.name.text);
      e = skipOuterExpressions(ts, e.expression);
    }
    if (!ts.isIdentifier(e)) return undefined;
    let entry: string;
    let name: string;
    if (chain.length === 1 && chain[0] === 'message' && ERROR_NAME.test(e.text)) {
      // `${err.message}`: log the error itself, under the key loggers serialize errors from.
      name = ERROR_FIELD;
      entry = e.text === ERROR_FIELD ? name : `${name}: ${e.text}`;
    } else {
      chain.unshift(e.text);
      name = chain.map((s, i) => (i === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1))).join('');
      entry = chain.length === 1 ? name : `${name}: ${n.getText(context.sourceFile)}`;
    }
    if (names.has(name)) return undefined;
    names.add(name);
    entries.push(entry);
  }
  return `{ ${entries.join(', ')} }`;
}

/** The fixed parts of a message, joined: 'user ' + ' logged in' → 'user logged in'. */
function messageText(texts: readonly string[]): string {
  return texts
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([:,.;!?])/g, '$1')
    .replace(/[\s:=,(\[-]+$/g, '')
    .replace(/^[\s:=,)\]-]+/g, '')
    .trim();
}

/** A logger declared at module scope (or imported from a project module, in typed mode) that a console call can use. */
function moduleLogger(context: Context): { name: string; kind: LoggerKind } | undefined {
  const { facts } = context;
  for (const variable of facts.scope.moduleScope.variables.values()) {
    if (variable.kind === 'import' ? context.program === undefined : variable.kind !== 'const' && variable.kind !== 'let') continue;
    const origin = valueOrigin(facts, variable.identifier, { derives: (call, f) => isChildCall(f, call) });
    const kind = origin && factoryKind(origin);
    if (kind !== undefined) return { name: variable.name, kind };
  }
  return undefined;
}

/** `logger.info(…)` with the console call's arguments turned into fields, when they can be. */
function loggerCall(
  context: Context,
  logger: { name: string; kind: LoggerKind },
  level: string,
  args: readonly ts.Expression[],
): string | undefined {
  const { ts } = context;
  const method = logger.kind.methods.includes(level) ? level : 'info';
  if (args.length === 0) return undefined;
  const first = args[0]!;
  const parts = interpolation(context, first);
  if (args.length === 1) {
    if (parts !== undefined) {
      const rewritten = withFields(context, logger.kind, parts);
      return rewritten && `${logger.name}.${method}(${rewritten})`;
    }
    return `${logger.name}.${method}(${first.getText(context.sourceFile)})`;
  }
  // console.log('message', value, …): the values become fields.
  const text = staticString(ts, first);
  if (text === undefined) return undefined;
  const fields = fieldsOf(context, args.slice(1));
  if (fields === undefined) return undefined;
  const message = `'${messageText([text]).replace(/'/g, "\\'")}'`;
  return `${logger.name}.${method}(${logger.kind.style === 'fields-first' ? `${fields}, ${message}` : `${message}, ${fields}`})`;
}

// ---------------------------------------------------------------------------------------------
// Lines where the team already allowed the console (another linter's no-console, disabled).

const NO_CONSOLE_DIRECTIVES = defineFact<{ from: number; lines: ReadonlySet<number> }>('no-console-directives', (facts) => {
  const { sourceFile } = facts;
  const lines = new Set<number>();
  let from = Infinity;
  for (const match of sourceFile.text.matchAll(CONSOLE_DIRECTIVE)) {
    const line = sourceFile.getLineAndCharacterOfPosition(match.index).line;
    const kind = match[1] ?? match[2];
    if (kind === '-next-line' || kind === 'biome') lines.add(line + 1);
    else if (kind === '-line') lines.add(line);
    else from = Math.min(from, line);
  }
  return { from, lines };
});

/**
 * 0-based lines where `console` is deliberately allowed: `eslint-disable-next-line no-console`,
 * `oxlint-disable-line no-console`, `biome-ignore lint/suspicious/noConsole`, or from a
 * `/* eslint-disable no-console *\/` on.
 */
function consoleAllowed(context: Context): { has(line: number): boolean } {
  const directives = context.facts.memo(NO_CONSOLE_DIRECTIVES);
  return { has: (line) => line >= directives.from || directives.lines.has(line) };
}

// ---------------------------------------------------------------------------------------------
// Development-only code.

/**
 * The call runs only outside production: `if (process.env.NODE_ENV !== 'production') console.log(…)`,
 * the `else` of `if (env.isProduction)`, `isDev && console.debug(…)`.
 */
function isDevelopmentOnly(facts: FileFacts, node: ts.Node): boolean {
  const { ts } = facts;
  let child: ts.Node = node;
  for (let p = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isIfStatement(p) || ts.isConditionalExpression(p)) {
      const test = ts.isIfStatement(p) ? p.expression : p.condition;
      const whenTrue = ts.isIfStatement(p) ? p.thenStatement : p.whenTrue;
      const whenFalse = ts.isIfStatement(p) ? p.elseStatement : p.whenFalse;
      if (child === whenTrue && environmentOf(facts, test, 0) === 'development') return true;
      if (child === whenFalse && environmentOf(facts, test, 0) === 'production') return true;
    } else if (ts.isBinaryExpression(p) && p.right === child) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken && environmentOf(facts, p.left, 0) === 'development') return true;
      if (op === ts.SyntaxKind.BarBarToken && environmentOf(facts, p.left, 0) === 'production') return true;
    }
  }
  return false;
}

type Environment = 'development' | 'production';

/** What a condition says about the environment when it is true, if anything. */
function environmentOf(facts: FileFacts, node: ts.Node, depth: number): Environment | undefined {
  const { ts } = facts;
  if (depth > 4) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) {
    // Not production is development; not development says nothing (it may be staging).
    return environmentOf(facts, n.operand, depth + 1) === 'production' ? 'development' : undefined;
  }
  const name = ts.isIdentifier(n) ? n.text : ts.isPropertyAccessExpression(n) ? n.name.text : undefined;
  if (name !== undefined && DEVELOPMENT_FLAG.test(name)) return 'development';
  if (name !== undefined && PRODUCTION_FLAG.test(name)) return 'production';
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.kind !== 'const' || variable.initializer === undefined || variable.path.length > 0) return undefined;
    return environmentOf(facts, variable.initializer, depth + 1);
  }
  if (!ts.isBinaryExpression(n)) return undefined;
  const op = n.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
    return environmentOf(facts, n.left, depth + 1) ?? environmentOf(facts, n.right, depth + 1);
  }
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const notEqual = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !notEqual) return undefined;
  for (const [variable, value] of [
    [n.left, n.right],
    [n.right, n.left],
  ] as const) {
    const text = staticString(ts, value);
    if (text === undefined || !isEnvironmentName(ts, variable)) continue;
    if (text === PRODUCTION_ENVIRONMENT) return equal ? 'production' : 'development';
    if (DEVELOPMENT_ENVIRONMENTS.includes(text) && equal) return 'development';
  }
  return undefined;
}

/** `process.env.NODE_ENV`, `env.ENVIRONMENT`, `config.env`: a value that names the environment. */
function isEnvironmentName(ts: Context['ts'], node: ts.Node): boolean {
  const n = skipOuterExpressions(ts, node);
  const name = ts.isIdentifier(n) ? n.text : ts.isPropertyAccessExpression(n) ? n.name.text : undefined;
  return name !== undefined && ENVIRONMENT_NAME.test(name);
}
