/**
 * Effect summaries: what calling a project function does, followed through the project's own code.
 *
 * Services rarely call `fs.writeFile`, `fetch` or `new Map()` where the request lands; they call
 * their own wrappers, factories and classes. A summary says, for one function and one kind of
 * effect ("writes to the local disk", "performs network I/O without a signal", …), which effects a
 * call of that function reaches and through which calls: `saveUpload` → `storage.put` →
 * `fs.writeFile`. It is computed once per function and kind (memoised per program), cycle-safe (a
 * function being summarised contributes nothing to itself) and depth-bounded.
 *
 * What counts as the effect itself is the rule's judgement and catalogue (an `EffectKind` the rule
 * declares once at module level); how it propagates is decided here, once, for every rule:
 *   - through calls of project functions: declared in the file, imported (typed: across modules and
 *     workspace packages the program has), `this.method()`, methods of local objects and classes;
 *   - through callbacks run by the call itself (a `new Promise` executor, `array.map(fn)`);
 *   - through interface and abstract dispatch: typed, the classes the checker sees implementing or
 *     extending the declaring type; untyped, the classes that `implements`/`extends` it by name;
 *   - through forwarded parameters: a wrapper that passes its caller's `init` (or `signal`) to the
 *     effect has the effect only when the caller passes nothing that avoids it.
 *
 * Which calls a call reaches is decided by `resolveCallees` alone, so that it can be switched to the
 * program model's call graph without touching the propagation.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { isFunctionWithBody, type FunctionLikeWithBody } from '../lang/ast.js';
import type { FileFacts } from '../lang/facts.js';
import { checkerFor, type ProjectView } from '../lang/project.js';
import { isLazyInitialization } from './request-handlers.js';
import type { TS } from '../engine/rule.js';
import { skipOuterExpressions } from '../lang/scope.js';
import { walk } from '../engine/walk.js';
import { callGraph, type CallGraph, type Unit } from './call-graph.js';

/** A call or `new` that can have an effect or reach one. */
export type CallLike = ts.CallExpression | ts.NewExpression;

/** What one call does by itself, as the rule's catalogue sees it. */
export interface DirectEffect {
  /** How the effect is named in messages and traces: `fs.writeFile`, `fetch`. */
  what: string;
  /**
   * The expression whose value would avoid the effect if the caller gave one (the options or
   * signal a wrapper passes through): when it is a parameter of the summarised function, the
   * effect is conditional on that parameter.
   */
  forwarded?: ts.Expression;
}

/** One kind of effect: declared once (at module level) by the rule that judges it. */
export interface EffectKind {
  /** `disk-write`, `network-without-signal`, `process-client`, `cache-container`, `module-state`. */
  readonly name: string;
  /** The effect a call has by itself, decided by the rule's catalogue; `undefined` when none. */
  direct(call: CallLike, facts: FileFacts): DirectEffect | undefined;
  /**
   * For effects that a caller can avoid through a forwarded parameter: whether the argument given
   * avoids it (`avoided`: a signal, an options object with one), is the kind of value that could
   * but does not (`not-given`: options without a signal), or is no such value at all (`unrelated`:
   * a URL string where the callee's catalogue could not tell). Missing arguments never avoid it.
   * Without this, any argument avoids it.
   */
  given?(argument: ts.Expression, facts: FileFacts): 'avoided' | 'not-given' | 'unrelated';
}

/** One step of a chain: a call (or the effect itself) and how it is named. */
export interface EffectStep {
  readonly node: ts.Node;
  readonly what: string;
}

/** One effect a function reaches, and the calls that lead to it from the function's body. */
export interface EffectPath {
  /** From a call in the function's body down to the effect (the last step). */
  readonly steps: readonly EffectStep[];
  /** Set when the effect happens only if the caller does not give this parameter (index) a value that avoids it. */
  readonly forwardedParameter?: number;
  /**
   * Set when the first call forwards what would avoid the effect (a wrapper passing its caller's
   * options or signal on) and was not given it: the fix is at that call, not in the callee.
   */
  readonly notGiven?: true;
}

export interface EffectSummary {
  readonly function: FunctionLikeWithBody;
  readonly kind: string;
  /** At most `MAX_PATHS` effects, in source order of the calls that reach them. */
  readonly effects: readonly EffectPath[];
}

/** Longest chain followed (calls from the summarised function to the effect). */
export const MAX_EFFECT_DEPTH = 6;
/** Paths kept per function: enough to report and explain, bounded for large functions. */
const MAX_PATHS = 4;
/** Implementations followed for one interface or abstract method. */
const MAX_IMPLEMENTATIONS = 8;

// ---------------------------------------------------------------------------------------------
// Measurement: the summaries' share of an audit (`--performance`).

const stats = { ms: 0, functions: 0 };

/** Time spent computing effect summaries in this process, and how many functions were summarised. */
export function effectSummaryStats(): { ms: number; functions: number } {
  return { ...stats };
}

export function resetEffectSummaryStats(): void {
  stats.ms = 0;
  stats.functions = 0;
}

// ---------------------------------------------------------------------------------------------
// Summaries

interface KindMemo {
  done: Map<ts.Node, EffectSummary>;
  computing: Set<ts.Node>;
}

const memos = new WeakMap<ProjectView, Map<EffectKind, KindMemo>>();

function memoOf(project: ProjectView, kind: EffectKind): KindMemo {
  let byKind = memos.get(project);
  if (byKind === undefined) memos.set(project, (byKind = new Map()));
  let memo = byKind.get(kind);
  if (memo === undefined) byKind.set(kind, (memo = { done: new Map(), computing: new Set() }));
  return memo;
}

/** The summary of one function for one kind of effect (computed once per program). */
export function effectSummary(project: ProjectView, kind: EffectKind, fn: FunctionLikeWithBody): EffectSummary {
  return summarise(project, kind, fn, 0);
}

const EMPTY: readonly EffectPath[] = [];

function summarise(project: ProjectView, kind: EffectKind, fn: FunctionLikeWithBody, depth: number): EffectSummary {
  const memo = memoOf(project, kind);
  const done = memo.done.get(fn);
  if (done !== undefined) return done;
  // A cycle (recursion, mutual calls) or a chain too deep: nothing more is learnt on this path.
  if (memo.computing.has(fn) || depth > MAX_EFFECT_DEPTH) return { function: fn, kind: kind.name, effects: EMPTY };
  memo.computing.add(fn);
  const started = depth === 0 ? performance.now() : 0;
  let effects: EffectPath[];
  try {
    effects = computeEffects(project, kind, fn, depth);
  } finally {
    memo.computing.delete(fn);
  }
  const summary: EffectSummary = { function: fn, kind: kind.name, effects };
  // A summary cut short by a cycle is still what the function does outside that cycle; keep it.
  memo.done.set(fn, summary);
  stats.functions++;
  if (depth === 0) stats.ms += performance.now() - started;
  return summary;
}

function computeEffects(project: ProjectView, kind: EffectKind, fn: FunctionLikeWithBody, depth: number): EffectPath[] {
  const { ts } = project;
  const facts = factsOfNode(project, fn);
  const found: EffectPath[] = [];
  for (const call of callsRunBy(ts, fn)) {
    if (found.length >= MAX_PATHS) break;
    const direct = kind.direct(call, facts);
    if (direct !== undefined) {
      const parameter = direct.forwarded === undefined ? undefined : parameterIndex(ts, facts, fn, direct.forwarded);
      if (direct.forwarded !== undefined && parameter === undefined) continue; // avoided where it is made
      found.push({ steps: [{ node: call, what: direct.what }], ...(parameter !== undefined ? { forwardedParameter: parameter } : {}) });
      continue;
    }
    const path = throughCall(project, kind, facts, fn, call, depth);
    if (path !== undefined) found.push(path);
  }
  return found;
}

/**
 * The first effect a call reaches through the project functions it calls, seen from `fn` (whose
 * body holds the call), or undefined. The caller's arguments decide forwarded effects.
 */
function throughCall(
  project: ProjectView,
  kind: EffectKind,
  facts: FileFacts,
  fn: FunctionLikeWithBody | undefined,
  call: CallLike,
  depth: number,
): EffectPath | undefined {
  const { ts } = project;
  for (const callee of resolveCallees(project, call)) {
    if (callee === fn) continue;
    const summary = summarise(project, kind, callee, depth + 1);
    for (const effect of summary.effects) {
      let forwardedParameter: number | undefined;
      let notGiven = effect.forwardedParameter !== undefined;
      if (effect.forwardedParameter !== undefined) {
        const argument = argumentFor(ts, call, callee, effect.forwardedParameter);
        if (argument !== undefined && !isEmptyValue(ts, argument)) {
          // The caller's own parameter passed on: the effect is now conditional on the caller's caller.
          forwardedParameter = fn === undefined ? undefined : parameterIndex(ts, facts, fn, argument);
          if (forwardedParameter === undefined) {
            const given = kind.given === undefined ? 'avoided' : kind.given(argument, facts);
            if (given === 'avoided') continue;
            notGiven = given === 'not-given';
          }
        }
      }
      return {
        steps: [{ node: call, what: calleeText(ts, call) }, ...effect.steps],
        ...(forwardedParameter !== undefined ? { forwardedParameter } : notGiven ? { notGiven: true as const } : {}),
      };
    }
  }
  return undefined;
}

/**
 * The effects a call reaches through project functions (not the call's own direct effect, which the
 * rule judges where it is): what a rule reports at a call in service code.
 */
export function effectsOfCall(project: ProjectView, kind: EffectKind, call: CallLike): EffectPath | undefined {
  const facts = factsOfNode(project, call);
  const { ts } = project;
  let enclosing: FunctionLikeWithBody | undefined;
  for (let n: ts.Node | undefined = call.parent; n !== undefined; n = n.parent) {
    if (isFunctionWithBody(ts, n)) {
      enclosing = n;
      break;
    }
  }
  const started = performance.now();
  try {
    return throughCall(project, kind, facts, enclosing, call, 0);
  } finally {
    stats.ms += performance.now() - started;
  }
}

/** `saveUpload → storage.put → fs.writeFile`: the enclosing function's name, then each step. */
export function effectChain(ts: TS, call: ts.Node, path: EffectPath): string {
  const names = path.steps.map((s) => s.what);
  const owner = functionName(ts, call);
  return (owner !== undefined && owner !== names[0] ? [owner, ...names] : names).join(' → ');
}

/** The trace a finding carries: each step of the chain after the reported call, down to the effect. */
export function effectTrace(path: EffectPath): readonly EffectStep[] {
  return path.steps;
}

// ---------------------------------------------------------------------------------------------
// The calls a function runs

/**
 * The calls a function's body makes when it runs: its own, and those of callbacks it hands to a call
 * (a `new Promise` executor, `items.map(fn)`, an IIFE). Functions it only declares or returns run
 * later, when someone calls them (and are summarised then). A lazy initialisation
 * (`client ??= create()`) runs once per process, not per call: not followed.
 */
function callsRunBy(ts: TS, fn: FunctionLikeWithBody): CallLike[] {
  const calls: CallLike[] = [];
  const body = fn.body;
  if (body === undefined) return calls;
  walk(ts, body, {
    enter(node) {
      if (isFunctionWithBody(ts, node) || ts.isClassLike(node)) return isRunByCall(ts, node);
      if (ts.isDecorator(node)) return false;
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !isLazyInitialization(ts, node)) calls.push(node);
      return true;
    },
  });
  return calls;
}

/** A function expression given to a call as an argument, or called where it is written. */
function isRunByCall(ts: TS, node: ts.Node): boolean {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  let n: ts.Node = node;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if (parent === undefined) return false;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(n as ts.Expression)) return true;
  return ts.isCallExpression(parent) && parent.expression === n; // (() => { … })()
}

// ---------------------------------------------------------------------------------------------
// Forwarded parameters

/** The parameter of `fn` an expression comes from: `init`, `{ ...init }`, `opts.signal`, a destructured `signal`. */
function parameterIndex(ts: TS, facts: FileFacts, fn: FunctionLikeWithBody, expression: ts.Expression, depth = 0): number | undefined {
  if (depth > 10) return undefined;
  const n = skipOuterExpressions(ts, expression);
  if (ts.isObjectLiteralExpression(n)) {
    for (const property of n.properties) {
      if (ts.isSpreadAssignment(property)) {
        const index = parameterIndex(ts, facts, fn, property.expression, depth + 1);
        if (index !== undefined) return index;
      }
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) return parameterIndex(ts, facts, fn, n.expression, depth + 1);
  // `controller?.signal || init.signal`, `signal ?? options.signal`, `a ? init : undefined`: either side.
  if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return parameterIndex(ts, facts, fn, n.left, depth + 1) ?? parameterIndex(ts, facts, fn, n.right, depth + 1);
  }
  if (ts.isConditionalExpression(n)) {
    return parameterIndex(ts, facts, fn, n.whenTrue, depth + 1) ?? parameterIndex(ts, facts, fn, n.whenFalse, depth + 1);
  }
  if (!ts.isIdentifier(n)) return undefined;
  const variable = facts.scope.variableOf(n);
  if (variable === undefined) return undefined;
  if (variable.kind === 'parameter') {
    let declaration: ts.Node = variable.declaration;
    while (!ts.isParameter(declaration) && declaration.parent !== undefined) declaration = declaration.parent;
    if (!ts.isParameter(declaration) || declaration.parent !== fn) return undefined;
    return fn.parameters.indexOf(declaration);
  }
  // `const { signal } = options`, `const init = { ...options }`
  if (variable.initializer !== undefined && !facts.scope.isReassigned(variable)) return parameterIndex(ts, facts, fn, variable.initializer, depth + 1);
  return undefined;
}

/** The argument a call gives for the callee's parameter `index` (`undefined` when it gives none). */
function argumentFor(ts: TS, call: CallLike, callee: FunctionLikeWithBody, index: number): ts.Expression | undefined {
  const args = call.arguments ?? [];
  for (let i = 0; i < Math.min(args.length, index + 1); i++) if (ts.isSpreadElement(args[i]!)) return args[i];
  // `fn.call(thisArg, …)` is not followed by resolveCallees, so positions are the callee's own.
  void callee;
  return args[index];
}

function isEmptyValue(ts: TS, node: ts.Node): boolean {
  const n = skipOuterExpressions(ts, node);
  return (ts.isIdentifier(n) && n.text === 'undefined') || n.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(n);
}

// ---------------------------------------------------------------------------------------------
// Which project functions a call reaches

/**
 * The project functions (with bodies) a call may run: the one seam between the propagation and the
 * call graph. Typed: what the checker resolves, interface and abstract methods dispatched to the
 * program's implementations. Untyped: functions, classes and objects declared in the file, and
 * methods of the enclosing class (`this.save()`).
 */
export function resolveCallees(project: ProjectView, call: CallLike): readonly FunctionLikeWithBody[] {
  const { ts } = project;
  const callee = skipOuterExpressions(ts, call.expression);
  const facts = factsOfNode(project, call);
  const isNew = ts.isNewExpression(call);
  const found: FunctionLikeWithBody[] = [];
  if (!mayBeProjectCall(ts, facts, callee)) return found;
  const push = (fns: readonly FunctionLikeWithBody[]): void => {
    for (const f of fns) if (!found.includes(f)) found.push(f);
  };
  // The program model's call graph (imports followed from disk without types, too) first for
  // names and `this.m()`; for other member calls, after what the declared types say (the graph
  // falls back to a method name unique in the program, which a typed field or an interface beats).
  const ownMember = ts.isPropertyAccessExpression(callee) && skipOuterExpressions(ts, callee.expression).kind !== ts.SyntaxKind.ThisKeyword;
  if (!ownMember) {
    push(graphCallees(facts, call));
    if (found.length > 0) return found;
  }
  if (ts.isIdentifier(callee)) {
    push(localCallees(ts, facts, callee, isNew));
  } else if (ts.isPropertyAccessExpression(callee)) {
    push(memberCallees(project, facts, callee));
  }
  if (found.length === 0 && project.program !== undefined && (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee))) {
    push(typedCallees(project, callee, isNew));
  }
  if (found.length === 0 && ownMember) push(graphCallees(facts, call));
  return found;
}

/** Methods of arrays, promises, strings and built-in collections: never a project function, not worth a lookup. */
const BUILT_IN_METHODS: ReadonlySet<string> = new Set(
  ('then catch finally map filter forEach reduce reduceRight some every find findIndex findLast flatMap flat push pop shift unshift ' +
    'slice splice concat join split trim trimStart trimEnd includes indexOf lastIndexOf startsWith endsWith replace replaceAll ' +
    'toLowerCase toUpperCase toString toJSON toISOString toFixed padStart padEnd match matchAll test exec keys values entries sort ' +
    'reverse fill at charAt charCodeAt localeCompare bind call apply hasOwnProperty').split(' '),
);

/** Cheap filter before any resolution: a call of a package's API or a built-in method is no project call. */
function mayBeProjectCall(ts: TS, facts: FileFacts, callee: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(callee) && BUILT_IN_METHODS.has(callee.name.text)) return false;
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return false;
  const ref = facts.modules.resolve(callee);
  return ref === undefined || ref.local === true;
}

/** Facts of the files the call graph parsed itself (untyped: other files read from disk), by source file. */
const modelFacts = new WeakMap<ts.SourceFile, FileFacts>();

/**
 * The facts of the file a node is in: the project's for its own files, the program model's for the
 * files it read from disk (untyped mode), so that summaries of other files' functions use their facts.
 */
export function factsOfNode(project: ProjectView, node: ts.Node): FileFacts {
  const sf = node.getSourceFile();
  return modelFacts.get(sf) ?? project.factsOf(sf);
}

/** The callees the call graph records at this call (its site), from the unit the call is in. */
function graphCallees(facts: FileFacts, call: CallLike): FunctionLikeWithBody[] {
  const { ts } = facts;
  let graph: CallGraph;
  try {
    graph = callGraph(facts);
  } catch {
    return []; // no model for this file (a file outside the audited root)
  }
  const own = graph.counterpart(facts, call);
  if (own === undefined) return [];
  let unit: Unit = own.getSourceFile();
  for (let n = own.parent; n !== undefined; n = n.parent) {
    if (isFunctionWithBody(ts, n)) {
      unit = n;
      break;
    }
  }
  const found: FunctionLikeWithBody[] = [];
  for (const edge of graph.calleesOf(unit)) {
    if (edge.site !== own || ts.isSourceFile(edge.callee) || edge.callee.body === undefined) continue;
    const sf = edge.callee.getSourceFile();
    if (!modelFacts.has(sf)) {
      const file = graph.model.file(path.resolve(sf.fileName));
      if (file !== undefined && file.sourceFile === sf && file.facts !== undefined) modelFacts.set(sf, file.facts);
    }
    found.push(edge.callee);
  }
  return found;
}

/** A name declared in the file: a function, a `const` arrow, a class (its constructor for `new`). */
function localCallees(ts: TS, facts: FileFacts, name: ts.Identifier, isNew: boolean): FunctionLikeWithBody[] {
  const variable = facts.scope.variableOf(name);
  if (variable === undefined || variable.kind === 'import' || variable.kind === 'import-equals' || variable.kind === 'parameter') return [];
  const declaration = variable.declaration;
  if (ts.isFunctionDeclaration(declaration)) return declaration.body !== undefined ? [declaration] : [];
  if (ts.isClassLike(declaration)) return isNew ? constructorsOf(ts, declaration) : [];
  if (ts.isVariableDeclaration(declaration) && variable.path.length === 0 && variable.initializer !== undefined && !facts.scope.isReassigned(variable)) {
    const init = skipOuterExpressions(ts, variable.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return [init];
    if (ts.isClassExpression(init)) return isNew ? constructorsOf(ts, init) : [];
  }
  return [];
}

function constructorsOf(ts: TS, cls: ts.ClassLikeDeclaration): FunctionLikeWithBody[] {
  return cls.members.filter((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
}

/** `this.save()`, `store.put()` of a local object or instance, `this.backend.upload()` of a field typed by a local interface. */
function memberCallees(project: ProjectView, facts: FileFacts, callee: ts.PropertyAccessExpression): FunctionLikeWithBody[] {
  const { ts } = project;
  const name = callee.name.text;
  const receiver = skipOuterExpressions(ts, callee.expression);
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(ts, callee);
    return cls === undefined ? [] : methodsNamed(project, cls, name);
  }
  if (ts.isIdentifier(receiver)) {
    const variable = facts.scope.variableOf(receiver);
    if (variable === undefined || variable.path.length > 0 || variable.kind === 'import' || variable.kind === 'import-equals') return [];
    if (variable.kind === 'class' && ts.isClassLike(variable.declaration)) return staticMethodsNamed(ts, variable.declaration, name);
    if (variable.initializer !== undefined && !facts.scope.isReassigned(variable)) {
      const init = skipOuterExpressions(ts, variable.initializer);
      if (ts.isObjectLiteralExpression(init)) return objectMethod(ts, init, name);
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
        const cls = localClass(ts, facts, init.expression);
        if (cls !== undefined) return methodsNamed(project, cls, name);
      }
    }
    return [];
  }
  // `this.backend.upload()`: the field's declared type, when it names a class or interface of the file.
  if (project.program === undefined && ts.isPropertyAccessExpression(receiver) && skipOuterExpressions(ts, receiver.expression).kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(ts, callee);
    const typeName = cls && fieldTypeName(ts, cls, receiver.name.text);
    if (typeName !== undefined) return dispatchByName(project, typeName, name);
  }
  return [];
}

function enclosingClass(ts: TS, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    // An object-literal method's `this` is the object, not a class.
    if (ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) return undefined;
  }
  return undefined;
}

function localClass(ts: TS, facts: FileFacts, name: ts.Identifier): ts.ClassLikeDeclaration | undefined {
  const variable = facts.scope.variableOf(name);
  if (variable === undefined) return undefined;
  if (ts.isClassLike(variable.declaration)) return variable.declaration;
  const init = variable.initializer && skipOuterExpressions(ts, variable.initializer);
  return init !== undefined && ts.isClassExpression(init) ? init : undefined;
}

function objectMethod(ts: TS, object: ts.ObjectLiteralExpression, name: string): FunctionLikeWithBody[] {
  for (const property of object.properties) {
    if (property.name === undefined || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
    if (ts.isMethodDeclaration(property) && property.body !== undefined) return [property];
    if (ts.isPropertyAssignment(property)) {
      const init = skipOuterExpressions(ts, property.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return [init];
    }
  }
  return [];
}

/** Methods named `name` of a class or its bases declared in the file (abstract ones dispatched to subclasses). */
function methodsNamed(project: ProjectView, cls: ts.ClassLikeDeclaration, name: string, depth = 0): FunctionLikeWithBody[] {
  const { ts } = project;
  if (depth > 4) return [];
  for (const member of cls.members) {
    if (!ts.isMethodDeclaration(member) || member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
    if (member.body !== undefined) return [member];
    // An abstract method: the subclasses' implementations.
    if (cls.name !== undefined) return dispatchByName(project, cls.name.text, name);
  }
  const base = baseClassName(ts, cls);
  if (base === undefined) return [];
  const facts = factsOfNode(project, cls);
  const baseClass = localClass(ts, facts, base);
  return baseClass === undefined ? [] : methodsNamed(project, baseClass, name, depth + 1);
}

function staticMethodsNamed(ts: TS, cls: ts.ClassLikeDeclaration, name: string): FunctionLikeWithBody[] {
  return cls.members.filter(
    (m): m is ts.MethodDeclaration =>
      ts.isMethodDeclaration(m) && m.body !== undefined && ts.isIdentifier(m.name) && m.name.text === name && (ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false),
  );
}

function baseClassName(ts: TS, cls: ts.ClassLikeDeclaration): ts.Identifier | undefined {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    const expression = clause.types[0]?.expression;
    if (expression !== undefined && ts.isIdentifier(expression)) return expression;
  }
  return undefined;
}

/** The declared type name of `this.<field>`: a property declaration or a constructor parameter property. */
function fieldTypeName(ts: TS, cls: ts.ClassLikeDeclaration, field: string): string | undefined {
  const typeText = (type: ts.TypeNode | undefined): string | undefined =>
    type !== undefined && ts.isTypeReferenceNode(type) ? (ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text) : undefined;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === field) return typeText(member.type);
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === field && ts.getModifiers(parameter)?.length) return typeText(parameter.type);
      }
    }
  }
  return undefined;
}

/** Untyped dispatch: the methods `name` of the program's classes that are, implement or extend `typeName`. */
function dispatchByName(project: ProjectView, typeName: string, name: string): FunctionLikeWithBody[] {
  const { ts } = project;
  const found: FunctionLikeWithBody[] = [];
  for (const cls of classIndex(project)) {
    if (found.length >= MAX_IMPLEMENTATIONS) break;
    const own = cls.name?.text === typeName;
    const heirs = (cls.heritageClauses ?? []).some((clause) =>
      clause.types.some((t) => {
        const e = t.expression;
        return (ts.isIdentifier(e) && e.text === typeName) || (ts.isPropertyAccessExpression(e) && e.name.text === typeName);
      }),
    );
    if (!own && !heirs) continue;
    for (const member of cls.members) {
      if (ts.isMethodDeclaration(member) && member.body !== undefined && ts.isIdentifier(member.name) && member.name.text === name) found.push(member);
    }
  }
  return found;
}

const classIndexes = new WeakMap<ProjectView, ts.ClassLikeDeclaration[]>();

/** Every class of the program's files (the file alone without a program). */
function classIndex(project: ProjectView): readonly ts.ClassLikeDeclaration[] {
  let index = classIndexes.get(project);
  if (index !== undefined) return index;
  const { ts } = project;
  index = [];
  for (const sf of project.projectFiles()) {
    if (!/\bclass\b/.test(sf.text)) continue;
    const list = index;
    walk(ts, sf, {
      enter(node) {
        if (ts.isClassLike(node)) list.push(node);
        return true;
      },
    });
  }
  classIndexes.set(project, index);
  return index;
}

/** Typed: the declarations the checker resolves the callee to; interface and abstract methods dispatched. */
function typedCallees(project: ProjectView, callee: ts.Identifier | ts.PropertyAccessExpression, isNew: boolean): FunctionLikeWithBody[] {
  const { ts } = project;
  const checker = checkerFor(project, callee);
  if (checker === undefined) return [];
  const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = checker.getSymbolAtLocation(target);
  if (symbol === undefined) return [];
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const found: FunctionLikeWithBody[] = [];
  for (const declaration of symbol.declarations ?? []) {
    if (!isProjectNode(declaration)) continue;
    if (isFunctionWithBody(ts, declaration)) {
      if (declaration.body !== undefined) found.push(declaration);
      else if (ts.isMethodDeclaration(declaration)) found.push(...implementationsOf(project, checker, declaration));
      continue;
    }
    if (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration)) {
      found.push(...implementationsOf(project, checker, declaration));
      continue;
    }
    if (ts.isClassLike(declaration)) {
      if (isNew) found.push(...constructorsOf(ts, declaration));
      continue;
    }
    const init =
      ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)
        ? declaration.initializer
        : undefined;
    const inner = init && skipOuterExpressions(ts, init);
    if (inner !== undefined && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) found.push(inner);
  }
  return found;
}

/** The methods of the program's classes that implement an interface member or an abstract method. */
function implementationsOf(
  project: ProjectView,
  checker: ts.TypeChecker,
  member: ts.MethodSignature | ts.PropertySignature | ts.MethodDeclaration,
): FunctionLikeWithBody[] {
  const { ts } = project;
  const owner = member.parent;
  if (!ts.isInterfaceDeclaration(owner) && !ts.isClassLike(owner)) return [];
  const ownerSymbol = owner.name !== undefined ? checker.getSymbolAtLocation(owner.name) : undefined;
  const name = member.name !== undefined && ts.isIdentifier(member.name) ? member.name.text : undefined;
  if (ownerSymbol === undefined || name === undefined) return [];
  const found: FunctionLikeWithBody[] = [];
  for (const cls of heirsOf(project, checker, ownerSymbol)) {
    if (found.length >= MAX_IMPLEMENTATIONS) break;
    for (const m of cls.members) {
      if (ts.isMethodDeclaration(m) && m.body !== undefined && ts.isIdentifier(m.name) && m.name.text === name) found.push(m);
      else if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === name && m.initializer !== undefined) {
        const init = skipOuterExpressions(ts, m.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) found.push(init);
      }
    }
  }
  return found;
}

const heirs = new WeakMap<ProjectView, Map<ts.Symbol, readonly ts.ClassLikeDeclaration[]>>();

/** The program's classes that implement or extend a type (computed once per type and program). */
function heirsOf(project: ProjectView, checker: ts.TypeChecker, owner: ts.Symbol): readonly ts.ClassLikeDeclaration[] {
  let byOwner = heirs.get(project);
  if (byOwner === undefined) heirs.set(project, (byOwner = new Map()));
  let list = byOwner.get(owner);
  if (list === undefined) {
    const { ts } = project;
    list = classIndex(project).filter((cls) => (cls.heritageClauses?.length ?? 0) > 0 && inherits(ts, checker, cls, owner, 0));
    byOwner.set(owner, list);
  }
  return list;
}

/** The class implements or extends (transitively, through the program's classes) the type whose symbol is given. */
function inherits(ts: TS, checker: ts.TypeChecker, cls: ts.ClassLikeDeclaration, target: ts.Symbol, depth: number): boolean {
  if (depth > 4) return false;
  for (const clause of cls.heritageClauses ?? []) {
    for (const type of clause.types) {
      let symbol = checker.getSymbolAtLocation(type.expression);
      if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      if (symbol === undefined) continue;
      if (symbol === target) return true;
      for (const declaration of symbol.declarations ?? []) {
        if (ts.isClassLike(declaration) && inherits(ts, checker, declaration, target, depth + 1)) return true;
        if (ts.isInterfaceDeclaration(declaration) && interfaceExtends(ts, checker, declaration, target, depth + 1)) return true;
      }
    }
  }
  return false;
}

function interfaceExtends(ts: TS, checker: ts.TypeChecker, decl: ts.InterfaceDeclaration, target: ts.Symbol, depth: number): boolean {
  if (depth > 4) return false;
  for (const clause of decl.heritageClauses ?? []) {
    for (const type of clause.types) {
      let symbol = checker.getSymbolAtLocation(type.expression);
      if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      if (symbol === target) return true;
      for (const d of symbol?.declarations ?? []) if (ts.isInterfaceDeclaration(d) && interfaceExtends(ts, checker, d, target, depth + 1)) return true;
    }
  }
  return false;
}

function isProjectNode(node: ts.Node): boolean {
  const sf = node.getSourceFile();
  return !sf.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(sf.fileName);
}

// ---------------------------------------------------------------------------------------------
// Names

/** The callee as written (`storage.put`, `this.backend.upload`), whitespace collapsed, shortened. */
export function calleeText(ts: TS, call: CallLike): string {
  const callee = skipOuterExpressions(ts, call.expression);
  const text = callee.getText().replace(/\s+/g, '');
  const shown = text.length <= 50 ? text : ts.isPropertyAccessExpression(callee) ? callee.name.text : 'call';
  return ts.isNewExpression(call) ? `new ${shown}` : shown;
}

function functionName(ts: TS, node: ts.Node): string | undefined {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (!isFunctionWithBody(ts, n)) continue;
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isFunctionExpression(n)) && n.name !== undefined && ts.isIdentifier(n.name)) return n.name.text;
    const parent = n.parent;
    if (parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (parent !== undefined && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    return undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Factories: what a project function returns

/**
 * What a call of a project function returns, when every `return` of the callee agrees:
 * `process` — a value kept for the process (a module-level binding, or one lazily assigned once:
 * `client ??= new S3Client()`), with the expression that created it; `per-call` — a value created
 * by each call (`return new Pool()`), with that expression. Rules judge the creation as if it
 * were written at the call (`getS3Client().send(cmd)` like a module-level client's call).
 */
export interface ReturnedValue {
  readonly lifetime: 'process' | 'per-call';
  /** The creating expression (in the callee's file: judge it with `factsOfNode`). */
  readonly creation: ts.Expression;
  /** The factory function. */
  readonly factory: FunctionLikeWithBody;
}

export function returnedValue(project: ProjectView, call: CallLike, depth = 0): ReturnedValue | undefined {
  if (depth > 3) return undefined;
  for (const fn of resolveCallees(project, call)) {
    const found = returnedBy(project, fn, depth);
    if (found !== undefined) return found;
  }
  return undefined;
}

function returnedBy(project: ProjectView, fn: FunctionLikeWithBody, depth: number): ReturnedValue | undefined {
  const { ts } = project;
  const facts = factsOfNode(project, fn);
  const body = fn.body;
  if (body === undefined) return undefined;
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(body)) returned.push(body as ts.Expression);
  else {
    walk(ts, body, {
      enter(node) {
        if (isFunctionWithBody(ts, node) || ts.isClassLike(node)) return false;
        if (ts.isReturnStatement(node) && node.expression !== undefined) returned.push(node.expression);
        return true;
      },
    });
  }
  let result: ReturnedValue | undefined;
  for (const expression of returned) {
    const one = valueOf(project, facts, fn, expression, depth);
    if (one === undefined) return undefined;
    if (result !== undefined && result.lifetime !== one.lifetime) return undefined;
    result ??= one;
  }
  return result;
}

function valueOf(project: ProjectView, facts: FileFacts, fn: FunctionLikeWithBody, expression: ts.Expression, depth: number): ReturnedValue | undefined {
  const { ts } = project;
  let n = skipOuterExpressions(ts, expression) as ts.Expression;
  if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression) as ts.Expression;
  // `return (client ??= new S3Client())`, `return client || (client = create())`
  if (ts.isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return held(project, facts, fn, n.left, depth);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return held(project, facts, fn, n.left, depth);
    return undefined;
  }
  if (ts.isNewExpression(n)) return { lifetime: 'per-call', creation: n, factory: fn };
  if (ts.isCallExpression(n)) {
    const inner = returnedValue(project, n, depth + 1);
    if (inner !== undefined) return { ...inner, factory: fn };
    return { lifetime: 'per-call', creation: n, factory: fn };
  }
  if (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) return held(project, facts, fn, n, depth);
  return undefined;
}

/** A binding that outlives the call: declared at module level (or a static / module object's field), created once. */
function held(project: ProjectView, facts: FileFacts, fn: FunctionLikeWithBody, target: ts.Expression, depth: number): ReturnedValue | undefined {
  const { ts } = project;
  const n = skipOuterExpressions(ts, target);
  if (!ts.isIdentifier(n)) return undefined;
  const variable = facts.scope.variableOf(n);
  if (variable === undefined || variable.scope.kind !== 'module' || variable.path.length > 0) return undefined;
  // The creating expression: the initializer, or the one assignment (lazy initialisation).
  let creation = variable.initializer;
  if (creation === undefined || facts.scope.isReassigned(variable)) {
    const writes = variable.references.filter((r) => r.isWrite);
    const assigned = writes
      .map((r) => {
        const parent = skipParents(ts, r.identifier);
        return ts.isBinaryExpression(parent) && parent.left === skipParentsInner(ts, r.identifier) ? parent.right : undefined;
      })
      .filter((e): e is ts.Expression => e !== undefined);
    if (assigned.length !== 1 || variable.initializer !== undefined) return undefined;
    creation = assigned[0];
  }
  if (creation === undefined) return undefined;
  const inner = skipOuterExpressions(ts, creation) as ts.Expression;
  if (ts.isCallExpression(inner) && depth < 3) {
    const nested = returnedValue(project, inner, depth + 1);
    if (nested !== undefined) return { lifetime: 'process', creation: nested.creation, factory: fn };
  }
  return { lifetime: 'process', creation: inner, factory: fn };
}

function skipParentsInner(ts: TS, node: ts.Node): ts.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return n;
}

function skipParents(ts: TS, node: ts.Node): ts.Node {
  return skipParentsInner(ts, node).parent;
}
