/**
 * Signals in scope at a call: parameters and variables holding an AbortSignal (typed: by type;
 * untyped: named `signal` / `abortSignal`, destructured too, or annotated `AbortSignal`),
 * AbortControllers (`ac.signal`), and the fetch `Request` of a handler (`request.signal`,
 * Hono's `c.req.raw.signal`). Only function scopes count: a module-level controller belongs to the
 * process, not to a request.
 */
import type * as ts from 'typescript';
import {
  sameSegments,
  isFunctionWithBody,
  NEXT_API_FILE,
  requestServing,
  skipOuterExpressions,
  type FileFacts,
  type Scope,
  type TS,
  type Variable,
} from '@statelint/core';
import { ABORT_CONTROLLERS, REQUEST_SIGNAL_PATHS, SIGNAL_NAMES } from './catalogue.js';
import { hasSignalProperty, isAbortSignalType, isUnknownType } from './types.js';

export interface SignalSource {
  /** The expression to pass: `signal`, `ac.signal`, `request.signal`, `c.req.raw.signal`. */
  text: string;
  /** The variable it comes from. */
  variable: Variable;
}

/** A name worth a type query: the checker is asked about these variables only. */
const SIGNAL_HINT = /signal/i;

export class SignalScopes {
  private readonly byScope = new Map<Scope, readonly SignalSource[]>();
  private readonly byVariable = new Map<Variable, SignalSource | null>();

  constructor(
    private readonly ts: TS,
    private readonly facts: FileFacts,
    private readonly checker: ts.TypeChecker | undefined,
  ) {}

  /** The distinct signals visible at `node`, innermost first, declared before it. */
  at(node: ts.Node): readonly SignalSource[] {
    const scope = this.facts.scope.scopeAt(node);
    const all = this.inScope(scope);
    return all.filter((s) => s.variable.kind === 'parameter' || s.variable.identifier.end <= node.getStart());
  }

  private inScope(scope: Scope): readonly SignalSource[] {
    const cached = this.byScope.get(scope);
    if (cached !== undefined) return cached;
    const found: SignalSource[] = [];
    if (scope.kind !== 'module') {
      for (const variable of scope.variables.values()) {
        const source = this.sourceOf(variable);
        if (source !== undefined) found.push(source);
      }
      if (scope.parent !== undefined) found.push(...this.inScope(scope.parent));
    }
    const distinct = dedupe(this.ts, found);
    this.byScope.set(scope, distinct);
    return distinct;
  }

  sourceOf(variable: Variable): SignalSource | undefined {
    const cached = this.byVariable.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    const source = this.computeSource(variable);
    this.byVariable.set(variable, source ?? null);
    return source;
  }

  private computeSource(variable: Variable): SignalSource | undefined {
    const { ts, facts } = this;
    if (!['const', 'let', 'var', 'parameter', 'using'].includes(variable.kind)) return undefined;
    const declaration = variable.declaration;
    const annotation =
      variable.path.length === 0 && (ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) ? declaration.type : undefined;
    const init = variable.path.length === 0 && variable.initializer !== undefined ? skipOuterExpressions(ts, variable.initializer) : undefined;
    const reassigned = facts.scope.isReassigned(variable);
    // An AbortController: `const ac = new AbortController()`.
    if (init !== undefined && !reassigned && ts.isNewExpression(init)) {
      const ref = facts.modules.resolve(init.expression);
      if (ref !== undefined && ABORT_CONTROLLERS.some((c) => c.module === ref.module && sameSegments(c.path, ref.path))) {
        return { text: `${variable.name}.signal`, variable };
      }
    }
    // A request that carries its signal: a handler's fetch Request, Hono's context.
    if (variable.kind === 'parameter' && variable.path.length === 0) {
      const request = this.requestSignal(variable, annotation);
      if (request !== undefined) return request;
    }
    if (this.isSignal(variable, annotation, init)) return { text: variable.name, variable };
    return undefined;
  }

  /** The variable holds an AbortSignal itself. */
  private isSignal(variable: Variable, annotation: ts.TypeNode | undefined, init: ts.Node | undefined): boolean {
    const { ts, checker } = this;
    const named = SIGNAL_NAMES.has(variable.name) || variable.path.some((s) => 'property' in s && SIGNAL_NAMES.has(s.property));
    const annotatedSignal = annotation !== undefined && ts.isTypeReferenceNode(annotation) && /AbortSignal$/.test(annotation.typeName.getText());
    const derived = init !== undefined && isSignalExpression(ts, init);
    if (checker !== undefined && (named || annotatedSignal || derived || SIGNAL_HINT.test(variable.name))) {
      const type = checker.getTypeAtLocation(variable.identifier);
      if (isAbortSignalType(ts, checker, type)) return true;
      // The checker cannot tell (an untyped package): trust the name, as without types.
      if (!isUnknownType(ts, type)) return false;
    }
    if (annotatedSignal || derived) return true;
    if (!named) return false;
    // `signal: NodeJS.Signals`, `const signal = 'SIGTERM'`: not an AbortSignal.
    if (annotation !== undefined && !/AbortSignal/.test(annotation.getText())) return false;
    if (init !== undefined && (ts.isStringLiteralLike(init) || ts.isNumericLiteral(init))) return false;
    return !this.isProcessSignalListener(variable);
  }

  /** `process.on('SIGTERM', (signal) => …)`: the parameter is a signal name, not an AbortSignal. */
  private isProcessSignalListener(variable: Variable): boolean {
    const { ts } = this;
    const fn = variable.declaration.parent;
    const call = fn?.parent;
    if (fn === undefined || call === undefined || !isFunctionWithBody(ts, fn) || !ts.isCallExpression(call)) return false;
    const event = call.arguments[0];
    return event !== undefined && ts.isStringLiteralLike(event) && /^SIG[A-Z]+$/.test(event.text);
  }

  /** `request.signal` of a fetch-style handler's Request, `c.req.raw.signal` of a Hono context. */
  private requestSignal(variable: Variable, annotation: ts.TypeNode | undefined): SignalSource | undefined {
    const { ts, facts, checker } = this;
    const parameter = variable.declaration as ts.ParameterDeclaration;
    const fn = parameter.parent;
    if (annotation !== undefined && ts.isTypeReferenceNode(annotation) && ts.isIdentifier(annotation.typeName)) {
      const name = annotation.typeName.text;
      const isGlobalRequest = name === 'Request' && !hasBinding(facts, annotation.typeName);
      if (isGlobalRequest || name === 'NextRequest') return { text: `${variable.name}.signal`, variable };
    }
    if (!isFunctionWithBody(ts, fn) || fn.parameters[0] !== parameter) return undefined;
    const handler = requestServing(facts).handlerFor(fn);
    if (handler !== undefined) {
      const path = REQUEST_SIGNAL_PATHS[handler.framework];
      const pagesApi = handler.framework === 'nextjs' && NEXT_API_FILE.test(facts.sourceFile.fileName);
      if (path !== undefined && !pagesApi && (annotation === undefined || handler.framework === 'hono')) return { text: [variable.name, ...path].join('.'), variable };
    }
    // Typed: a request whose type carries a signal (a fetch Request, Fastify ≥ 5.8).
    if (checker !== undefined && handler !== undefined) {
      const type = checker.getTypeAtLocation(variable.identifier);
      if (hasSignalProperty(ts, checker, type, 'signal', variable.identifier)) return { text: `${variable.name}.signal`, variable };
    }
    return undefined;
  }
}

/** `x.signal`, `AbortSignal.timeout(ms)`, `AbortSignal.any([...])`. */
export function isSignalExpression(ts: TS, node: ts.Node): boolean {
  const n = skipOuterExpressions(ts, node);
  if (ts.isPropertyAccessExpression(n)) return n.name.text === 'signal';
  if (ts.isCallExpression(n)) {
    const callee = skipOuterExpressions(ts, n.expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'AbortSignal' &&
      ['timeout', 'any', 'abort'].includes(callee.name.text)
    );
  }
  return false;
}

/** A name bound in the file (an imported or declared `Request` is not the fetch Request). */
function hasBinding(facts: FileFacts, name: ts.Identifier): boolean {
  for (let scope: Scope | undefined = facts.scope.scopeAt(name); scope !== undefined; scope = scope.parent) {
    if (scope.variables.has(name.text)) return true;
  }
  const ts = facts.ts;
  return facts.sourceFile.statements.some(
    (s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name.text,
  );
}

/**
 * One entry per underlying signal: `const signal = ac.signal` and `ac` are one signal, as are
 * `const { signal } = request` and `request`.
 */
function dedupe(ts: TS, sources: readonly SignalSource[]): SignalSource[] {
  const derivedFrom = new Set<string>();
  for (const source of sources) {
    const v = source.variable;
    const init = v.initializer && skipOuterExpressions(ts, v.initializer);
    if (init === undefined) continue;
    if (v.path.length === 0 && ts.isPropertyAccessExpression(init) && init.name.text === 'signal') {
      derivedFrom.add(skipOuterExpressions(ts, init.expression).getText());
    } else if (v.path.length > 0 && ts.isIdentifier(init)) {
      derivedFrom.add(init.text);
    }
  }
  const seen = new Set<string>();
  return sources.filter((s) => {
    const base = s.text.slice(0, s.text.lastIndexOf('.signal'));
    if (s.text.endsWith('.signal') && derivedFrom.has(base)) return false;
    if (seen.has(s.text)) return false;
    seen.add(s.text);
    return true;
  });
}

