/**
 * When code runs: while the module loads (top-level code, immediately invoked functions, functions
 * only ever called from there), in a process lifecycle handler (a signal handler, a server's
 * `listen` callback, a NestJS lifecycle hook), or at runtime — per request, per message, per call.
 * Only runtime changes make a value state; building a table at import time does not.
 */
import type * as ts from 'typescript';
import { enclosingFunction, isStatic, skipOuterExpressions, staticPropertyName, staticString, type FileFacts } from '@statelint/core';
import {
  LIFECYCLE_EVENTS,
  LIFECYCLE_HOOKS,
  PROCESS_LISTENERS,
  PROMISE_CALLBACK_METHODS,
  STARTUP_CALLBACK_METHODS,
  type ModuleFunction,
} from './catalogue.js';

export type RunContext = 'load' | 'lifecycle' | 'runtime';

export type FunctionNode = NonNullable<ReturnType<typeof enclosingFunction>>;

/** 'runtime' wins over 'lifecycle', which wins over 'load'. */
function later(a: RunContext, b: RunContext): RunContext {
  if (a === 'runtime' || b === 'runtime') return 'runtime';
  return a === 'lifecycle' || b === 'lifecycle' ? 'lifecycle' : 'load';
}

export function matchesFunction(ref: { module: string; path: readonly string[] } | undefined, list: readonly ModuleFunction[]): boolean {
  return (
    ref !== undefined &&
    list.some((f) => f.module === ref.module && f.path.length === ref.path.length && f.path.every((p, i) => ref.path[i] === p))
  );
}

export class RunContexts {
  private readonly byFunction = new Map<ts.Node, RunContext>();
  private readonly visiting = new Set<ts.Node>();

  constructor(
    private readonly facts: FileFacts,
    /** Classes whose single instance is created at startup (DI singletons, module-level `new`). */
    private readonly isLongLived: (cls: ts.ClassLikeDeclaration) => boolean,
  ) {}

  /** When the code at `node` runs. */
  of(node: ts.Node): RunContext {
    return this.at(node) ?? 'runtime';
  }

  /** Undefined while the answer depends on itself (recursion): such a use adds nothing. */
  private at(node: ts.Node): RunContext | undefined {
    const { ts } = this.facts;
    const fn = enclosingFunction(ts, node);
    if (fn !== undefined) return this.ofFunction(fn);
    // An instance property initializer runs when the class is constructed; decorators run when
    // the class is defined.
    for (let n: ts.Node = node; n.parent !== undefined; n = n.parent) {
      const parent = n.parent;
      if (ts.isDecorator(parent)) return 'load';
      if (ts.isPropertyDeclaration(parent) && parent.initializer === n && !isStatic(ts, parent) && ts.isClassLike(parent.parent)) {
        return this.construction(parent.parent);
      }
    }
    return 'load';
  }

  private ofFunction(fn: FunctionNode): RunContext | undefined {
    const known = this.byFunction.get(fn);
    if (known !== undefined) return known;
    if (this.visiting.has(fn)) return undefined;
    this.visiting.add(fn);
    const context = this.compute(fn);
    this.visiting.delete(fn);
    if (context !== undefined) this.byFunction.set(fn, context);
    return context;
  }

  private compute(fn: FunctionNode): RunContext | undefined {
    const { ts } = this.facts;
    if (ts.isClassStaticBlockDeclaration(fn)) return this.at(fn.parent);
    if (ts.isConstructorDeclaration(fn)) return this.construction(fn.parent);
    if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
      const name = staticPropertyName(ts, fn.name);
      if (ts.isClassLike(fn.parent) && !isStatic(ts, fn) && name !== undefined && LIFECYCLE_HOOKS.has(name)) return 'lifecycle';
      return 'runtime';
    }
    if (ts.isFunctionDeclaration(fn)) return fn.name === undefined || isExported(ts, fn) ? 'runtime' : this.callers(fn.name, fn);
    // A function or arrow expression: what is done with it decides when it runs.
    let expression: ts.Node = fn;
    while (ts.isParenthesizedExpression(expression.parent) || ts.isAsExpression(expression.parent)) expression = expression.parent;
    const parent = expression.parent;
    if (ts.isCallExpression(parent) && parent.expression === expression) return this.at(parent); // IIFE
    if (
      ts.isPropertyAccessExpression(parent) &&
      (parent.name.text === 'call' || parent.name.text === 'apply') &&
      ts.isCallExpression(parent.parent) &&
      parent.parent.expression === parent
    ) {
      return this.at(parent.parent);
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(expression as ts.Expression)) return this.callback(parent);
    if (ts.isVariableDeclaration(parent) && parent.initializer === expression && ts.isIdentifier(parent.name)) {
      const statement = parent.parent.parent;
      if (ts.isVariableStatement(statement) && isExported(ts, statement)) return 'runtime';
      return this.callers(parent.name, fn);
    }
    return 'runtime';
  }

  /** A callback runs when the function it is given to calls it. */
  private callback(call: ts.CallExpression): RunContext | undefined {
    const { ts } = this.facts;
    const callee = skipOuterExpressions(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return 'runtime';
    const name = callee.name.text;
    if (PROMISE_CALLBACK_METHODS.has(name)) return this.at(call);
    if (matchesFunction(this.facts.modules.resolve(callee), PROCESS_LISTENERS)) return 'lifecycle';
    if (STARTUP_CALLBACK_METHODS.has(name)) return 'lifecycle';
    if ((name === 'on' || name === 'once') && LIFECYCLE_EVENTS.has(staticString(ts, call.arguments[0]) ?? '')) return 'lifecycle';
    return 'runtime';
  }

  /**
   * A named function runs where it is called. Used as a value (a handler given to a router, an
   * export), it may run at any time.
   */
  private callers(name: ts.Identifier, fn: ts.Node): RunContext | undefined {
    const { ts, scope } = this.facts;
    const variable = scope.variableOf(name);
    if (variable === undefined || scope.isReassigned(variable)) return 'runtime';
    let context: RunContext | undefined;
    let uses = 0;
    for (const reference of variable.references) {
      const id = reference.identifier;
      if (id.pos >= fn.pos && id.end <= fn.end) continue; // recursion
      uses++;
      let use: ts.Node = id;
      while (ts.isParenthesizedExpression(use.parent) || ts.isNonNullExpression(use.parent)) use = use.parent;
      const parent = use.parent;
      let here: RunContext | undefined;
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === use) here = this.at(parent);
      else if (ts.isDecorator(parent) || (ts.isCallExpression(parent) && ts.isDecorator(parent.parent))) here = this.at(parent);
      else return 'runtime';
      if (here !== undefined) context = context === undefined ? here : later(context, here);
    }
    if (uses === 0) return 'runtime';
    return context;
  }

  /** A constructor (and instance field initializers) run where the class is instantiated. */
  private construction(cls: ts.ClassLikeDeclaration): RunContext | undefined {
    const { ts } = this.facts;
    if (this.isLongLived(cls)) return 'load';
    if (!ts.isClassDeclaration(cls) || cls.name === undefined || isExported(ts, cls)) return 'runtime';
    return this.callers(cls.name, cls);
  }
}

export function isExported(ts: FileFacts['ts'], node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) ?? false)
  );
}

/** What `this` is at a node: a class (and whether statically), or an object literal with methods. */
export type ThisOwner =
  | { kind: 'class'; cls: ts.ClassLikeDeclaration; isStatic: boolean; member: ts.Node }
  | { kind: 'object'; object: ts.ObjectLiteralExpression };

export function thisOwner(ts: FileFacts['ts'], node: ts.Node): ThisOwner | undefined {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isArrowFunction(n)) continue;
    if (ts.isFunctionDeclaration(n) || ts.isSourceFile(n)) return undefined;
    if (ts.isFunctionExpression(n)) {
      const holder = n.parent;
      if (ts.isPropertyAssignment(holder) && ts.isObjectLiteralExpression(holder.parent)) return { kind: 'object', object: holder.parent };
      return undefined;
    }
    if (ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent)) return { kind: 'object', object: n.parent };
    if (
      (ts.isMethodDeclaration(n) ||
        ts.isConstructorDeclaration(n) ||
        ts.isGetAccessorDeclaration(n) ||
        ts.isSetAccessorDeclaration(n) ||
        ts.isPropertyDeclaration(n) ||
        ts.isClassStaticBlockDeclaration(n)) &&
      ts.isClassLike(n.parent)
    ) {
      return { kind: 'class', cls: n.parent, isStatic: ts.isClassStaticBlockDeclaration(n) || isStatic(ts, n), member: n };
    }
    if (ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) return undefined;
  }
  return undefined;
}
