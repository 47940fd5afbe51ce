/**
 * require-abort-signal: in Go every request carries a `context.Context` and every call downstream
 * honours it; in Node the equivalent is an AbortSignal. When the client goes away or a deadline
 * passes, outbound work should stop instead of piling up on the replica. Reported at the call:
 *   1. a call that accepts a signal, not given one although a signal is in scope;
 *   2. in request-serving code with no signal in scope, an outbound network call with neither a
 *      signal nor a timeout;
 *   3. (`requireSignalParam`, on in strict) at its name, an exported async function that makes
 *      outbound requests (typed: or calls functions taking a signal) without a signal but accepts
 *      none — Go's "context first".
 * Shutdown code, deliberately detached work and cleanup after an abort are not reported.
 */
import type * as ts from 'typescript';
import {
  defineRule,
  effectChain,
  effectsOfCall,
  factsOfNode,
  enclosingFunction,
  type EffectPath,
  type ProjectView,
  findProperty,
  hasExportModifier,
  isFunctionWithBody,
  REQUEST_HANDLERS,
  requestServing,
  skipOuterExpressions,
  type FunctionLikeWithBody,
  type RuleContext,
  type SuggestionDescriptor,
} from '@statelint/core';
import { CallMatcher, type CallMatch, type SignalState } from './calls.js';
import { SHUTDOWN_NAME, SIGNAL_NAMES, STARTUP_NAME } from './catalogue.js';
import { detachedContext } from './detached.js';
import { SignalScopes, type SignalSource } from './signals.js';
import { matcherOf, NETWORK_WITHOUT_SIGNAL } from './effects.js';
import { REQUEST_CONTROLLER, requestControllerIn } from './request-controllers.js';
import { hasSignalProperty, isAbortSignalType, isUnknownType } from './types.js';

export interface Options {
  /** Report exported async functions that make outbound requests without a signal but accept none. */
  requireSignalParam: boolean;
}

export type MessageId = 'missingSignal' | 'noDeadline' | 'noDeadlineRequestSignal' | 'signalParam' | 'addSignal' | 'missingSignalThrough' | 'noDeadlineThrough';

type Context = RuleContext<MessageId, Options>;

export default defineRule<MessageId, Options>({
  id: 'require-abort-signal',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require per-request I/O that accepts an AbortSignal to be given one (or a deadline).',
      recommended: 'error',
      strictOptions: { requireSignalParam: true },
    },
    messages: {
      missingSignal:
        '`{{api}}` accepts an AbortSignal but is not given one, although `{{signal}}` is in scope. Pass it (`{{pass}}`) so the work stops when the request is cancelled.',
      noDeadline:
        '`{{api}}` makes an outbound request in request-serving code with neither an AbortSignal nor a timeout, so it can outlive the request and pile up on this replica. Derive a signal from the request (an AbortController aborted when the response closes) or set a deadline (`signal: AbortSignal.timeout(ms)`).',
      noDeadlineRequestSignal:
        '`{{api}}` makes an outbound request in request-serving code with neither an AbortSignal nor a timeout, so it can outlive the request and pile up on this replica. The project already derives a signal from the request in {{where}}: pass it (`{{signal}}`), or set a deadline (`signal: AbortSignal.timeout(ms)`).',
      signalParam:
        '`{{name}}` makes cancellable calls (`{{api}}`) but accepts no AbortSignal. Take a `signal` parameter (or an options object with `signal`) and pass it on, as Go functions take a context first.',
      addSignal: 'Pass `{{signal}}` to `{{api}}`.',
      missingSignalThrough:
        '`{{api}}` makes an outbound request through project code ({{chain}}) without an AbortSignal, although `{{signal}}` is in scope. {{fix}}',
      noDeadlineThrough:
        '`{{api}}` makes an outbound request through project code ({{chain}}) in request-serving code with neither an AbortSignal nor a timeout, so it can outlive the request and pile up on this replica. {{fix}}',
    },
    schema: {
      type: 'object',
      properties: {
        requireSignalParam: {
          type: 'boolean',
          description: 'Report exported async functions that make outbound requests (typed: or call functions taking a signal) without a signal but accept none (on in strict).',
        },
      },
      additionalProperties: false,
    },
    hasSuggestions: true,
  },
  defaultOptions: { requireSignalParam: false },
  create(context) {
    const { ts, facts, checker, project } = context;
    const matcher = matcherOf(facts);
    const signals = new SignalScopes(ts, facts, checker);
    const exported = context.options.requireSignalParam ? exportedAsyncFunctions(context) : new Map<ts.Node, ExportedFunction>();

    return {
      CallExpression(call) {
        const candidate = exported.size > 0 ? enclosingExported(ts, call, exported) : undefined;
        let inScope: readonly SignalSource[] | undefined;
        const sources = (): readonly SignalSource[] => (inScope ??= signals.at(call));
        // Type queries only where a finding is possible: a signal in scope, or a strict candidate.
        const match = matcher.catalogued(call) ?? (checker !== undefined && (candidate !== undefined || sources().length > 0) ? matcher.bySignature(call) : undefined);
        // A project function (typed: one that takes a signal, with none in scope to pass): the
        // outbound requests it makes, followed through project code.
        if (match === undefined || (match.typed && sources().length === 0 && !matcher.signalState(call, match).given)) {
          throughProject(context, call, sources);
          return;
        }
        const state = matcher.signalState(call, match);
        if (state.given || detachedContext(facts, call)) return;
        // Context first: outbound requests, and calls of APIs (the project's own included) that take a signal.
        if (candidate !== undefined && (match.network || match.typed)) candidate.apis.push(match.api);
        const found = sources();
        if (found.length > 0) {
          // `signal ? db.query(q, { signal }) : db.query(q)`: the author handles the signal's absence.
          if (isGuardedBySignal(ts, call, found)) return;
          // A function that threads its signal into other calls and leaves it out of this call of a
          // project or uncatalogued API (a COMMIT, a savepoint release) chose to: not reported.
          if (match.typed && threadsSignalElsewhere(ts, call, found)) return;
          const signal = found[0]!;
          context.report({
            node: call,
            messageId: 'missingSignal',
            data: { api: match.api, signal: signal.text, pass: passing(match, signal.text) },
            ...(found.length === 1 ? { suggest: suggestion(context, call, match, state, signal) } : {}),
          });
          return;
        }
        if (match.network && !matcher.hasDeadline(call, match) && requestServing(facts).isRequestServing(call)) {
          const request = requestControllerIn(facts, project) ?? project.memo(REQUEST_CONTROLLER);
          if (request !== undefined) {
            context.report({ node: call, messageId: 'noDeadlineRequestSignal', data: { api: match.api, signal: request.text, where: request.where } });
          } else {
            context.report({ node: call, messageId: 'noDeadline', data: { api: match.api } });
          }
        }
      },
      'SourceFile:exit'() {
        for (const fn of exported.values()) {
          if (fn.apis.length === 0 || acceptsSignal(context, fn.node)) continue;
          context.report({ node: fn.name, messageId: 'signalParam', data: { name: fn.name.getText(), api: fn.apis[0]! } });
        }
      },
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Outbound requests made through project code (wrappers, factories, interface dispatch)

/**
 * A call of a project function that reaches an outbound request without a signal. Reported here
 * when the request is not reported where it is made: a wrapper that forwards its caller's options
 * (`init`) or signal needs them from this call; a wrapper that takes no signal at all is reported
 * here unless the request itself, or a later call in the chain, is in request-serving code of
 * the audited root (then the fix is there, and it is reported there).
 */
function throughProject(context: Context, call: ts.CallExpression, sources: () => readonly SignalSource[]): boolean {
  const { ts, facts, project } = context;
  const serving = requestServing(facts).isRequestServing(call);
  if (!serving && context.checker === undefined && sources().length === 0) return false;
  if (detachedContext(facts, call)) return false;
  const found = sources();
  if (!serving && found.length === 0) return false;
  const path = effectsOfCall(project, NETWORK_WITHOUT_SIGNAL, call);
  // Conditional on a parameter of the function around the call: its callers decide.
  if (path === undefined || path.forwardedParameter !== undefined) return false;
  const forwarded = isForwarded(path);
  if (!forwarded && reportedFurther(project, path)) return false;
  const api = path.steps[0]!.what;
  const effect = path.steps[path.steps.length - 1]!.what;
  const signal = found[0]?.text;
  const fix = forwarded
    ? `It passes its options on to \`${effect}\`: give it a signal (${signal !== undefined ? `\`{ signal: ${signal} }\`` : 'one derived from the request, or `AbortSignal.timeout(ms)`'}).`
    : `Let \`${api}\` take a signal and pass it on to \`${effect}\`${signal !== undefined ? `, then pass \`${signal}\`` : ', or set a deadline there (`signal: AbortSignal.timeout(ms)`)'}.`;
  const data = { api, chain: effectChain(ts, call, path), effect, fix, ...(signal !== undefined ? { signal } : {}) };
  context.report({ node: call, messageId: signal !== undefined ? 'missingSignalThrough' : 'noDeadlineThrough', data, trace: path.steps });
  return true;
}

/** The request is made with options (or a signal) that this call should have given. */
function isForwarded(path: EffectPath): boolean {
  return path.notGiven === true;
}

/** A later step of the chain is itself reported: the request in request-serving audited code, or a call there. */
function reportedFurther(project: ProjectView, path: EffectPath): boolean {
  const root = project.root;
  for (let i = 1; i < path.steps.length; i++) {
    const node = path.steps[i]!.node;
    const sf = node.getSourceFile();
    if (root !== undefined && !sf.fileName.replace(/\\/g, '/').startsWith(`${root.replace(/\\/g, '/').replace(/\/$/, '')}/`)) continue;
    if (requestServing(factsOfNode(project, node)).isRequestServing(node)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Deliberate omissions

/** The call sits in a branch of a condition that tests a signal in scope. */
function isGuardedBySignal(ts: Context['ts'], call: ts.CallExpression, sources: readonly SignalSource[]): boolean {
  const names = new Set(sources.map((s) => s.variable.name));
  for (let n: ts.Node = call; n.parent !== undefined && !isFunctionWithBody(ts, n); n = n.parent) {
    const p = n.parent;
    const condition =
      (ts.isConditionalExpression(p) && p.condition !== n) ? p.condition : ts.isIfStatement(p) && p.expression !== n ? p.expression : undefined;
    if (condition !== undefined && testsPresence(ts, condition, names)) return true;
    // if (signal) return fetch(url, { signal }); return fetch(url);
    if (ts.isBlock(p) || ts.isSourceFile(p)) {
      const index = p.statements.indexOf(n as ts.Statement);
      for (const earlier of p.statements.slice(0, Math.max(index, 0))) {
        if (ts.isIfStatement(earlier) && endsFlow(ts, earlier.thenStatement) && testsPresence(ts, earlier.expression, names)) return true;
      }
    }
  }
  return false;
}

function endsFlow(ts: Context['ts'], statement: ts.Statement): boolean {
  const last = ts.isBlock(statement) ? statement.statements[statement.statements.length - 1] : statement;
  return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
}

/** Another call in the same function is given one of the signals (as an argument or in its options). */
function threadsSignalElsewhere(ts: Context['ts'], call: ts.CallExpression, sources: readonly SignalSource[]): boolean {
  const fn = enclosingFunction(ts, call);
  return sources.some((source) =>
    source.variable.references.some((reference) => {
      for (let n: ts.Node = reference.identifier; n.parent !== undefined && n !== fn; n = n.parent) {
        const p = n.parent;
        if (p === call) return false;
        if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n as ts.Expression)) return enclosingFunction(ts, p) === fn;
        if (isFunctionWithBody(ts, p)) return false;
      }
      return false;
    }),
  );
}

/** `signal`, `!signal`, `signal && x`, `signal === undefined`, `signal != null`: a test of whether there is a signal (not `signal.aborted`). */
function testsPresence(ts: Context['ts'], condition: ts.Node, names: ReadonlySet<string>): boolean {
  const n = skipOuterExpressions(ts, condition);
  if (ts.isIdentifier(n)) return names.has(n.text);
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) return testsPresence(ts, n.operand, names);
  if (!ts.isBinaryExpression(n)) return false;
  const op = n.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
    return testsPresence(ts, n.left, names) || testsPresence(ts, n.right, names);
  }
  const equality = [
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ].includes(op);
  const empty = (e: ts.Node): boolean => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
  return equality && ((testsPresence(ts, n.left, names) && empty(n.right)) || (testsPresence(ts, n.right, names) && empty(n.left)));
}

// ---------------------------------------------------------------------------------------------
// The suggestion: add the signal where the call takes it

/** How the signal is passed: `{ signal }`, `{ abortSignal: ac.signal }`, or as an argument. */
function passing(match: CallMatch, signal: string): string {
  if (match.signalParam !== undefined) return `${match.api}(…, ${signal})`;
  return `{ ${optionProperty(match.key, signal)} }`;
}

function optionProperty(key: string, signal: string): string {
  return key === signal ? signal : `${key}: ${signal}`;
}

function suggestion(
  context: Context,
  call: ts.CallExpression,
  match: CallMatch,
  state: SignalState,
  signal: SignalSource,
): SuggestionDescriptor<MessageId>[] {
  const { ts } = context;
  const fix = signalEdit(ts, context.sourceFile, call, match, state, signal.text);
  return fix === undefined ? [] : [{ messageId: 'addSignal', data: { signal: signal.text, api: match.api }, fix }];
}

function signalEdit(
  ts: Context['ts'],
  sf: ts.SourceFile,
  call: ts.CallExpression,
  match: CallMatch,
  state: SignalState,
  signal: string,
): { range: readonly [number, number]; text: string } | undefined {
  const args = call.arguments;
  if (match.signalParam !== undefined) return appendArgument(args, call, match.signalParam, signal);
  const property = optionProperty(match.key, signal);
  if (state.literal !== undefined) {
    const literal = state.literal;
    const existing = findProperty(ts, literal, match.key); // `signal: undefined`
    if (existing !== undefined) return { range: [existing.getStart(sf), existing.getEnd()], text: property };
    const last = literal.properties[literal.properties.length - 1];
    if (last === undefined) return { range: [literal.getStart(sf), literal.getEnd()], text: `{ ${property} }` };
    return { range: [last.getEnd(), last.getEnd()], text: `, ${property}` };
  }
  if (match.looseOptions && args.length !== 1) return undefined;
  const options = match.options;
  const position = 'last' in options ? args.length : options.args.find((p) => p >= args.length);
  if (position === undefined) return undefined;
  return appendArgument(args, call, position, `{ ${property} }`);
}

/** Appends an argument at `position` (after `undefined` for any skipped optional parameters). */
function appendArgument(
  args: ts.NodeArray<ts.Expression>,
  call: ts.CallExpression,
  position: number,
  text: string,
): { range: readonly [number, number]; text: string } | undefined {
  if (position < args.length) return undefined;
  const padding = 'undefined, '.repeat(position - args.length);
  const last = args[args.length - 1];
  if (last === undefined) return { range: [args.pos, args.pos], text: `${padding}${text}` };
  return { range: [last.getEnd(), last.getEnd()], text: `, ${padding}${text}` };
}

// ---------------------------------------------------------------------------------------------
// Flag 3: exported async functions that accept no signal

interface ExportedFunction {
  node: FunctionLikeWithBody;
  name: ts.Node;
  /** Cancellable calls made without a signal. */
  apis: string[];
}

function exportedAsyncFunctions(context: Context): Map<ts.Node, ExportedFunction> {
  const { ts, facts } = context;
  const found = new Map<ts.Node, ExportedFunction>();
  const add = (fn: ts.Node | undefined, name: ts.Node | undefined): void => {
    if (fn === undefined || name === undefined) return;
    const inner = skipOuterExpressions(ts, fn);
    if (!isFunctionWithBody(ts, inner) || !isAsync(ts, inner)) return;
    const text = name.getText();
    if (STARTUP_NAME.test(text) || SHUTDOWN_NAME.test(text)) return;
    if (facts.memo(REQUEST_HANDLERS).handlerFor(inner) !== undefined || requestServing(facts).handlerFor(inner) !== undefined) return;
    found.set(inner, { node: inner, name, apis: [] });
  };
  for (const statement of facts.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(ts, statement)) add(statement, statement.name);
    else if (ts.isVariableStatement(statement) && hasExportModifier(ts, statement)) {
      for (const d of statement.declarationList.declarations) add(d.initializer, d.name);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      // exports.load = async (…) => …, module.exports.load = …
      const { left, right } = statement.expression;
      const target = skipOuterExpressions(ts, left);
      if (ts.isPropertyAccessExpression(target) && /^(module\.)?exports$/.test(target.expression.getText())) add(right, target.name);
    }
  }
  return found;
}

function isAsync(ts: Context['ts'], fn: FunctionLikeWithBody): boolean {
  return ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

function enclosingExported(ts: Context['ts'], node: ts.Node, exported: Map<ts.Node, ExportedFunction>): ExportedFunction | undefined {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (isFunctionWithBody(ts, n)) {
      const fn = exported.get(n);
      if (fn !== undefined) return fn;
    }
  }
  return undefined;
}

/** Parameter names that may hold an options object syntax cannot see into. */
const OPTIONS_NAMES = /^(opts|options|init|config|settings|params|ctx|context|req|request)$/i;

/**
 * The function takes a signal, or may: a `signal` parameter, `{ signal }` destructured, an options
 * type that has `signal`; without types, any parameter whose type syntax cannot see into.
 */
function acceptsSignal(context: Context, fn: FunctionLikeWithBody): boolean {
  const { ts, checker } = context;
  return fn.parameters.some((parameter) => {
    if (parameter.dotDotDotToken !== undefined) return true;
    const name = parameter.name;
    if (ts.isIdentifier(name) && SIGNAL_NAMES.has(name.text)) return true;
    if (ts.isObjectBindingPattern(name)) {
      if (name.elements.some((e) => SIGNAL_NAMES.has((e.propertyName ?? e.name).getText()) || e.dotDotDotToken !== undefined)) return true;
    }
    if (checker !== undefined) {
      const type = checker.getTypeAtLocation(parameter);
      if (isUnknownType(ts, type)) return parameter.type !== undefined || (ts.isIdentifier(name) && OPTIONS_NAMES.test(name.text));
      return isAbortSignalType(ts, checker, type) || ['signal', 'abortSignal'].some((key) => hasSignalProperty(ts, checker, type, key, parameter));
    }
    if (parameter.type === undefined) return ts.isIdentifier(name) && OPTIONS_NAMES.test(name.text);
    return mayHoldSignal(context, parameter.type, 0);
  });
}

/** Untyped: a type annotation that is, has, or may have (syntax cannot tell) a signal. */
function mayHoldSignal(context: Context, type: ts.TypeNode, depth: number): boolean {
  const { ts, facts } = context;
  if (depth > 4) return true;
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.some((t) => mayHoldSignal(context, t, depth + 1));
  if (ts.isParenthesizedTypeNode(type)) return mayHoldSignal(context, type.type, depth + 1);
  if (ts.isTypeLiteralNode(type)) return hasSignalMember(ts, type.members);
  if (!ts.isTypeReferenceNode(type)) return false; // keywords, literals, arrays, functions, tuples
  const name = type.typeName.getText();
  if (/AbortSignal$/.test(name)) return true;
  if (['Record', 'Partial', 'Readonly', 'Required', 'Pick', 'Omit'].includes(name)) {
    return (type.typeArguments ?? []).some((t) => mayHoldSignal(context, t, depth + 1));
  }
  if (['Array', 'ReadonlyArray', 'Promise', 'Map', 'Set', 'Date', 'Buffer', 'URL', 'RegExp'].includes(name)) return false;
  // A type declared in this file: look at its members.
  if (ts.isIdentifier(type.typeName)) {
    for (const statement of facts.sourceFile.statements) {
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
        return hasSignalMember(ts, statement.members) || (statement.heritageClauses?.length ?? 0) > 0;
      }
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) return mayHoldSignal(context, statement.type, depth + 1);
    }
  }
  // Imported from a package or another module: syntax cannot see into it.
  return true;
}

function hasSignalMember(ts: Context['ts'], members: ts.NodeArray<ts.TypeElement>): boolean {
  return members.some((m) => m.name !== undefined && SIGNAL_NAMES.has(m.name.getText()));
}
