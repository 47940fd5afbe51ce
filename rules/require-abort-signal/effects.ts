/**
 * The effect summaries' view of this rule: "performs cancellable network I/O without taking a
 * signal". A catalogued outbound call made with neither a signal nor a deadline is the effect; one
 * whose signal (or options) comes from a parameter of the function around it is the effect only
 * when that function's caller gives nothing that carries a signal (`api(url, init)` forwarding
 * `init` to `fetch`). Propagation through project functions is core's (effects.ts).
 */
import type * as ts from 'typescript';
import { findProperty, propertyValue, skipOuterExpressions, type CallLike, type EffectKind, type FileFacts } from '@statelint/core';
import { CallMatcher, isNotOptions, type CallMatch } from './calls.js';
import { SIGNAL_NAMES } from './catalogue.js';
import { detachedContext } from './detached.js';
import { isNotOptionsType } from './types.js';

const matchers = new WeakMap<FileFacts, CallMatcher>();

export function matcherOf(facts: FileFacts): CallMatcher {
  let matcher = matchers.get(facts);
  if (matcher === undefined) {
    const checker = facts.project.program !== undefined ? facts.project.checker : undefined;
    matchers.set(facts, (matcher = new CallMatcher(facts.ts, facts, checker)));
  }
  return matcher;
}

export const NETWORK_WITHOUT_SIGNAL: EffectKind = {
  name: 'network-without-signal',
  direct(call: CallLike, facts: FileFacts) {
    const { ts } = facts;
    if (!ts.isCallExpression(call)) return undefined;
    const matcher = matcherOf(facts);
    const match = matcher.catalogued(call);
    if (match === undefined || !match.network || detachedContext(facts, call)) return undefined;
    if (matcher.hasDeadline(call, match)) return undefined;
    const state = matcher.signalState(call, match);
    if (!state.given) return { what: match.api };
    // Given: by the function itself (no effect), or by whatever its caller passed in.
    return { what: match.api, forwarded: carrier(ts, matcher, call, match) ?? call };
  },
  given(argument: ts.Expression, facts: FileFacts) {
    const { ts } = facts;
    if (isPlainValue(facts, argument, 0)) return 'unrelated'; // a URL, a string: no options, no signal
    const literal = matcherOf(facts).optionsLiteral(argument)?.literal;
    if (literal === undefined) return 'avoided'; // a signal, or options syntax cannot see into
    const has = literal.properties.some((p) => {
      if (ts.isSpreadAssignment(p)) return true;
      const name = p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (name === undefined || !(SIGNAL_NAMES.has(name) || name === 'timeout')) return false;
      const value = propertyValue(ts, p);
      return value !== undefined && !(ts.isIdentifier(value) && value.text === 'undefined');
    });
    return has ? 'avoided' : 'not-given';
  },
};

/** The expression that carries the call's signal: the signal argument, the `signal:` value, or the options passed on. */
function carrier(ts: FileFacts['ts'], matcher: CallMatcher, call: ts.CallExpression, match: CallMatch): ts.Expression | undefined {
  const args = call.arguments;
  if (match.signalParam !== undefined) return args[match.signalParam];
  const positions = 'last' in match.options ? (args.length > 0 ? [args.length - 1] : []) : match.options.args;
  if (match.requestArgument === true && args[0] !== undefined && positions.every((p) => args[p] === undefined)) return args[0];
  for (const position of positions) {
    const arg = args[position];
    if (arg === undefined) continue;
    const options = matcher.optionsLiteral(arg);
    if (options === undefined) return arg;
    const value = propertyValue(ts, findProperty(ts, options.literal, match.key));
    return value ?? skipOuterExpressions(ts, arg) as ts.Expression;
  }
  return undefined;
}

/** A value that is no options object: a string, a number, a URL (through `const`s; typed: by its type). */
function isPlainValue(facts: FileFacts, argument: ts.Expression, depth: number): boolean {
  const { ts } = facts;
  const n = skipOuterExpressions(ts, argument) as ts.Expression;
  if (isNotOptions(ts, n)) return true;
  if (ts.isIdentifier(n) && depth < 3) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer !== undefined && variable.path.length === 0 && !facts.scope.isReassigned(variable)) {
      if (isPlainValue(facts, variable.initializer, depth + 1)) return true;
    }
  }
  const project = facts.project;
  if (project.program === undefined) return false;
  return isNotOptionsType(ts, project.checker!.getTypeAtLocation(n));
}
