/**
 * Code that must not use the request's signal: work detached from the request on purpose (a timer
 * callback, `ctx.waitUntil(…)`, Next.js `after()`, a floating `fetch(…).catch(…)`, a listener on
 * the response's `finish`), shutdown code (SIGTERM listeners, terminus `onSignal`, Fastify
 * `onClose`, functions named `shutdown`), and cleanup that runs after a failure or an abort
 * (`catch`, `finally`, `signal.addEventListener('abort', …)`). Passing the request's signal there
 * would cancel the very work that has to outlive the request. Go's contextcheck reports these; we
 * do not.
 */
import type * as ts from 'typescript';
import { isFunctionWithBody, sameSegments, skipOuterExpressions, staticString, type FileFacts, type TS } from '@statelint/core';
import { DETACHED_EVENTS, DETACHING_FUNCTIONS, DETACHING_METHODS, SHUTDOWN_HOOKS, SHUTDOWN_NAME } from './catalogue.js';

const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** Why a call is exempt, or undefined: the first detached, shutdown or cleanup context around it. */
export function detachedContext(facts: FileFacts, call: ts.CallExpression): boolean {
  const { ts } = facts;
  if (isFloating(ts, call)) return true;
  for (let n: ts.Node = call; n.parent !== undefined; n = n.parent) {
    const parent = n.parent;
    if (ts.isTryStatement(parent) && (parent.finallyBlock === n || parent.catchClause === n)) return true;
    if (ts.isCatchClause(parent)) return true;
    // ctx.waitUntil(fetch(…)), after(fetch(…)): handed over to run after the response
    if (ts.isCallExpression(parent) && parent.arguments.includes(n as ts.Expression) && isDetachingCall(facts, parent)) return true;
    if (!isFunctionWithBody(ts, n)) continue;
    if (SHUTDOWN_NAME.test(functionName(ts, n) ?? '')) return true;
    if (isDetachedCallback(facts, n)) return true;
  }
  return false;
}

/** A function passed where it runs detached or at shutdown. */
function isDetachedCallback(facts: FileFacts, fn: ts.Node): boolean {
  const { ts } = facts;
  let site: ts.Node = fn;
  while (ts.isParenthesizedExpression(site.parent)) site = site.parent;
  const parent = site.parent;
  // { onSignal: async () => …, onShutdown }, signal.onabort = () => …
  if (ts.isPropertyAssignment(parent) && parent.initializer === site) {
    const key = parent.name.getText();
    if (SHUTDOWN_HOOKS.has(key)) return true;
  }
  if (ts.isMethodDeclaration(fn) && SHUTDOWN_HOOKS.has(fn.name.getText())) return true;
  if (ts.isBinaryExpression(parent) && parent.right === site && ts.isPropertyAccessExpression(parent.left) && parent.left.name.text === 'onabort') {
    return true;
  }
  if (!ts.isCallExpression(parent)) return false;
  // (async () => { … })() whose promise nobody awaits
  if (skipOuterExpressions(ts, parent.expression) === fn) return isFloating(ts, parent);
  if (!parent.arguments.includes(site as ts.Expression)) return false;
  const callee = skipOuterExpressions(ts, parent.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (method === undefined) return false;
  if (SHUTDOWN_HOOKS.has(method)) return true;
  // server.close(() => …): runs once the server has stopped
  if (method === 'close' && parent.arguments[parent.arguments.length - 1] === site) return true;
  // res.on('finish', …), process.once('SIGTERM', …), signal.addEventListener('abort', …), app.addHook('onClose', …)
  const event = staticString(ts, parent.arguments[0]);
  if (event === undefined) return false;
  if (LISTENER_METHODS.has(method) && DETACHED_EVENTS.has(event)) return true;
  return method === 'addHook' && SHUTDOWN_HOOKS.has(event);
}

/** Timers, `queueMicrotask`, `ctx.waitUntil`, Next.js `after`: what they are given runs detached. */
function isDetachingCall(facts: FileFacts, call: ts.CallExpression): boolean {
  const { ts } = facts;
  const ref = facts.modules.resolve(call.expression);
  if (ref !== undefined && DETACHING_FUNCTIONS.some((d) => d.module === ref.module && sameSegments(d.path, ref.path))) {
    return true;
  }
  const callee = skipOuterExpressions(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && DETACHING_METHODS.has(callee.name.text);
}

/**
 * A promise nobody waits for: the call (or its `.then/.catch/.finally` chain) is a statement of
 * its own, or `void`ed. A callback-style call (`exec(cmd, (err) => …)`) is not detached.
 */
export function isFloating(ts: TS, call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  let chained = false;
  let caught = false;
  for (;;) {
    const parent = n.parent;
    if (parent === undefined) return false;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
      n = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === n && CHAIN_METHODS.has(parent.name.text) && ts.isCallExpression(parent.parent)) {
      n = parent.parent;
      chained = true;
      caught ||= parent.name.text === 'catch';
      continue;
    }
    if (ts.isVoidExpression(parent)) return true;
    // Promise.race([fetch(…).catch(() => null), delay(150)]): the loser runs on, its outcome discarded.
    if (caught && ts.isArrayLiteralExpression(parent) && isRaceArgument(ts, parent)) return true;
    if (!ts.isExpressionStatement(parent)) return false;
    return chained || !call.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
  }
}

function isRaceArgument(ts: TS, array: ts.ArrayLiteralExpression): boolean {
  const call = array.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== array) return false;
  const callee = skipOuterExpressions(ts, call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' &&
    (callee.name.text === 'race' || callee.name.text === 'any')
  );
}

/** The name a function is known by: its own, its variable's, its property's or its method's. */
export function functionName(ts: TS, fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name !== undefined) {
    return fn.name.getText();
  }
  const parent = fn.parent;
  if (parent === undefined) return undefined;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return undefined;
}
