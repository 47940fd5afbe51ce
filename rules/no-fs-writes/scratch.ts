/**
 * Scratch files: a temporary file that one call of a function writes and removes again is not
 * state. No other request, and no other replica, ever looks for it: it lives for the duration of
 * the call (a download piped to a temp file for a tool to read, an archive unpacked and deleted).
 *
 * A write or a removal is scratch when its path
 * 1. is temporary: built from `os.tmpdir()`, `$TMPDIR`, `/tmp`, `mkdtemp` or a temp-file library,
 *    or named so (`tmpFile`, `config.temp_directory`, `'x.tmp'`); and
 * 2. is held by a variable declared inside a function (one path per call, not one per process)
 *    that the same function both writes and removes: an fs removal of the variable itself (or of
 *    the directory it was joined from), or the `cleanup()` a temp-file library returned with it.
 *    A helper that writes a temp file and returns its path counts as the write of the caller that
 *    removes the path (`const file = await downloadToTmp(url); …; await rm(file)`), within a file.
 *
 * A temp file written in one request and read or removed in another (chunks of an upload kept
 * between requests, a cache in `/tmp`) has no removal in the writing function and stays reported.
 */
import type * as ts from 'typescript';
import { skipOuterExpressions, staticString, type FileFacts, type TS, type Variable } from '@statelint/core';
import { SCRATCH_CLEANUP_PROPERTIES, TEMP_NAME_WORDS } from './catalogue.js';

/** What a call does to the disk, as this rule's catalogue says: writes or removes these paths. */
export interface DiskUse {
  readonly kind: 'write' | 'remove';
  readonly targets: readonly ts.Expression[];
}

export interface ScratchContext {
  readonly ts: TS;
  readonly facts: FileFacts;
  /** The disk use of a call, or undefined for a call that does not touch the disk. */
  use(call: ts.CallExpression | ts.NewExpression): DiskUse | undefined;
  /** A path built from the OS temp directory or a temp-file library. */
  underTmpdir(path: ts.Expression): boolean;
}

/** A call's written or removed path is a scratch file (see above). */
export function isScratchTarget(context: ScratchContext, call: ts.CallExpression | ts.NewExpression, target: ts.Expression): boolean {
  const variables = pathVariables(context, target, 0);
  const made = madeVariable(context, call);
  if (made !== undefined) variables.add(made);
  if (variables.size === 0) return false;
  if (!context.underTmpdir(target) && !named(context, target, 0) && made === undefined) return false;
  for (const v of variables) {
    const scope = declaringFunction(context.ts, v);
    if (scope === undefined || context.facts.scope.isReassigned(v)) continue;
    if (removedIn(context, v, scope) && (writtenIn(context, v, scope) || writtenByHelper(context, v))) return true;
    if (returnedAndRemovedByCaller(context, v, scope)) return true;
  }
  return false;
}

/** The local variables a path is built from: itself, and what it was joined from (`join(dir, name)`, `${dir}/x`). */
function pathVariables(context: ScratchContext, node: ts.Node, depth: number, into = new Set<Variable>()): Set<Variable> {
  const { ts, facts } = context;
  if (depth > 6) return into;
  const n = skipOuterExpressions(ts, node);
  if (ts.isIdentifier(n)) {
    const v = facts.scope.variableOf(n);
    if (v === undefined || into.has(v)) return into;
    into.add(v);
    if (v.initializer !== undefined && v.path.length === 0) pathVariables(context, v.initializer, depth + 1, into);
    return into;
  }
  // `file.path` / `file.name` of a temp-library result, `this.x` is not a local.
  if (ts.isPropertyAccessExpression(n)) return ts.isIdentifier(n.expression) ? pathVariables(context, n.expression, depth + 1, into) : into;
  if (ts.isAwaitExpression(n)) return pathVariables(context, n.expression, depth + 1, into);
  if (ts.isTemplateExpression(n)) {
    for (const span of n.templateSpans) pathVariables(context, span.expression, depth + 1, into);
    return into;
  }
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    pathVariables(context, n.left, depth + 1, into);
    pathVariables(context, n.right, depth + 1, into);
    return into;
  }
  // path.join / resolve / dirname and alike: a path built from its arguments.
  if (ts.isCallExpression(n) && facts.modules.resolve(n.expression)?.module === 'path') {
    for (const a of n.arguments) pathVariables(context, a, depth + 1, into);
  }
  return into;
}

/** The variable a call's result initializes (`const dir = await mkdtemp(…)`). */
function madeVariable(context: ScratchContext, call: ts.Node): Variable | undefined {
  const { ts, facts } = context;
  let n: ts.Node = call;
  while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const declaration = n.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== n || !ts.isIdentifier(declaration.name)) return undefined;
  if (!isMkdtemp(context, call)) return undefined;
  return facts.scope.variableOf(declaration.name);
}

function isMkdtemp(context: ScratchContext, call: ts.Node): boolean {
  const { ts, facts } = context;
  if (!ts.isCallExpression(call)) return false;
  const ref = facts.modules.resolve(call.expression);
  const last = ref?.path[ref.path.length - 1];
  return last === 'mkdtemp' || last === 'mkdtempSync';
}

/** The path, or a name it was built from, says it is temporary. */
function named(context: ScratchContext, node: ts.Node, depth: number): boolean {
  const { ts, facts } = context;
  if (depth > 6) return false;
  const n = skipOuterExpressions(ts, node);
  const text = staticString(ts, n);
  if (text !== undefined) return hasTempWord(text);
  if (ts.isIdentifier(n)) {
    if (hasTempWord(n.text)) return true;
    const v = facts.scope.variableOf(n);
    return v?.initializer !== undefined && v.path.length === 0 && named(context, v.initializer, depth + 1);
  }
  if (ts.isPropertyAccessExpression(n)) return hasTempWord(n.name.text) || named(context, n.expression, depth + 1);
  let found = false;
  ts.forEachChild(n, (child) => {
    found ||= named(context, child, depth + 1);
  });
  return found;
}

/** `tmpFile`, `temp_directory`, `TEMP_DIR`, `upload.tmp`; not `template`. */
export function hasTempWord(text: string): boolean {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  return words.some((w) => TEMP_NAME_WORDS.has(w));
}

function declaringFunction(ts: TS, v: Variable): ts.Node | undefined {
  for (let n: ts.Node | undefined = v.declaration.parent; n !== undefined; n = n.parent) {
    if (ts.isFunctionLike(n)) return n;
    if (ts.isSourceFile(n)) return undefined;
  }
  return undefined;
}

function callsIn(context: ScratchContext, scope: ts.Node): ts.CallExpression[] {
  const { ts, facts } = context;
  const calls: ts.CallExpression[] = [];
  for (const node of facts.nodes) {
    if (node.pos >= scope.pos && node.end <= scope.end && ts.isCallExpression(node)) calls.push(node);
  }
  return calls;
}

/** The variable a removed path names directly (`rm(file)`, `rm(dir, { recursive })`, `unlink(f.path)`). */
function directVariable(context: ScratchContext, node: ts.Expression): Variable | undefined {
  const { ts, facts } = context;
  let n = skipOuterExpressions(ts, node);
  if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)) n = n.expression;
  return ts.isIdentifier(n) ? facts.scope.variableOf(n) : undefined;
}

function removedIn(context: ScratchContext, v: Variable, scope: ts.Node): boolean {
  const { ts } = context;
  for (const call of callsIn(context, scope)) {
    const use = context.use(call);
    if (use?.kind === 'remove' && use.targets.some((t) => directVariable(context, t) === v)) return true;
    // The `cleanup()` / `removeCallback()` a temp-file library returned with the path.
    const callee = skipOuterExpressions(ts, call.expression);
    const cleanup = ts.isIdentifier(callee)
      ? context.facts.scope.variableOf(callee)
      : ts.isPropertyAccessExpression(callee) && SCRATCH_CLEANUP_PROPERTIES.has(callee.name.text) && ts.isIdentifier(callee.expression)
        ? context.facts.scope.variableOf(callee.expression)
        : undefined;
    if (cleanup === undefined) continue;
    if (cleanup === v && ts.isPropertyAccessExpression(callee)) return true; // `file.cleanup()`
    const step = cleanup.path[0];
    if (cleanup !== v && cleanup.declaration.parent === v.declaration.parent && step !== undefined && 'property' in step && SCRATCH_CLEANUP_PROPERTIES.has(step.property)) return true;
  }
  return false;
}

function writtenIn(context: ScratchContext, v: Variable, scope: ts.Node): boolean {
  for (const call of callsIn(context, scope)) {
    const use = context.use(call);
    if (use?.kind === 'write' && (use.targets.some((t) => pathVariables(context, t, 0).has(v)) || madeVariable(context, call) === v)) return true;
  }
  return false;
}

/** `const file = await toTmp(…)` where `toTmp` (in this file) writes a temp file and returns its path. */
function writtenByHelper(context: ScratchContext, v: Variable): boolean {
  const helper = v.initializer === undefined || v.path.length > 0 ? undefined : calledFunction(context, v.initializer);
  if (helper === undefined) return false;
  for (const returned of returnedVariables(context, helper)) {
    if ((context.underTmpdir(returned.identifier) || named(context, returned.identifier, 0)) && writtenIn(context, returned, helper)) return true;
  }
  return false;
}

/** `v` is returned by its function, and a caller in this file removes what it got back. */
function returnedAndRemovedByCaller(context: ScratchContext, v: Variable, scope: ts.Node): boolean {
  const { ts, facts } = context;
  if (!returnedVariables(context, scope).includes(v) || !writtenIn(context, v, scope)) return false;
  for (const node of facts.nodes) {
    if (!ts.isCallExpression(node) || calledFunction(context, node) !== scope) continue;
    let n: ts.Node = node;
    while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
    if (!ts.isVariableDeclaration(n.parent) || !ts.isIdentifier(n.parent.name)) continue;
    const result = facts.scope.variableOf(n.parent.name);
    const callerScope = result && declaringFunction(ts, result);
    if (result !== undefined && callerScope !== undefined && removedIn(context, result, callerScope)) return true;
  }
  return false;
}

/** The function declaration (or `const f = () => …`) in this file that a call calls. */
function calledFunction(context: ScratchContext, node: ts.Expression): ts.Node | undefined {
  const { ts, facts } = context;
  let n = skipOuterExpressions(ts, node);
  if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  if (!ts.isCallExpression(n)) return undefined;
  const callee = skipOuterExpressions(ts, n.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const v = facts.scope.variableOf(callee);
  if (v === undefined) return undefined;
  if (ts.isFunctionDeclaration(v.declaration)) return v.declaration;
  const init = v.initializer === undefined ? undefined : skipOuterExpressions(ts, v.initializer);
  return init !== undefined && v.path.length === 0 && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

function returnedVariables(context: ScratchContext, fn: ts.Node): Variable[] {
  const { ts, facts } = context;
  const out: Variable[] = [];
  for (const node of facts.nodes) {
    if (node.pos < fn.pos || node.end > fn.end || !ts.isReturnStatement(node) || node.expression === undefined) continue;
    let owner: ts.Node | undefined = node.parent;
    while (owner !== undefined && !ts.isFunctionLike(owner)) owner = owner.parent;
    if (owner !== fn) continue;
    const e = skipOuterExpressions(ts, node.expression);
    const v = ts.isIdentifier(e) ? facts.scope.variableOf(e) : undefined;
    if (v !== undefined) out.push(v);
  }
  return out;
}
