/**
 * When code runs: while the module loads (top-level code, immediately invoked functions, callbacks
 * of synchronous iteration, functions and methods only ever called from there), in a lifecycle
 * handler (a signal handler, a server's `listen` callback, a NestJS lifecycle hook, the constructor
 * of a process-wide singleton), or at runtime — per request, per message, per call. Only runtime
 * changes make a value state; building a table at import time or registering handlers at startup
 * does not.
 *
 * Functions and methods that other modules can call are asked about through `ContextHooks.external`
 * (typed mode follows the program's imports; without types their callers are unknown: runtime).
 */
import type * as ts from 'typescript';
import { enclosingFunction, findProperty, isStatic, propertyValue, staticString } from '../../lang/ast.js';
import type { FileFacts } from '../../lang/facts.js';
import type { ModuleRef } from '../../lang/modules.js';
import { skipOuterExpressions, staticPropertyName, type Variable } from '../../lang/scope.js';
import { isLazyInitialization } from '../request-handlers.js';
import { findRef, objectLiteralOf } from '../../lang/values.js';
import { lifecycleOf, type LifecycleInfo } from '../call-graph.js';
import {
  LIFECYCLE_EVENTS,
  LIFECYCLE_HOOKS,
  ONCE_CALLBACK_FUNCTIONS,
  PROCESS_LISTENERS,
  PROMISE_CALLBACK_METHODS,
  SINGLETON_DECORATORS,
  STARTUP_CALLBACK_METHODS,
  SYNC_CALLBACK_METHODS,
  SYNC_EXECUTORS,
  type ModuleFunction,
} from './catalogue.js';

export type RunContext = 'load' | 'lifecycle' | 'runtime';

export type FunctionNode = NonNullable<ReturnType<typeof enclosingFunction>>;

/** 'runtime' wins over 'lifecycle', which wins over 'load'. */
export function later(a: RunContext | undefined, b: RunContext | undefined): RunContext | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === 'runtime' || b === 'runtime') return 'runtime';
  return a === 'lifecycle' || b === 'lifecycle' ? 'lifecycle' : 'load';
}

/** Does the reference denote one of these functions? (core's `findRef`, as a test) */
export function matchesFunction(ref: ModuleRef | undefined, list: readonly ModuleFunction[]): boolean {
  return findRef(list, ref) !== undefined;
}

export interface ContextHooks {
  /**
   * Where another module calls a function or method this module exposes: the latest context of
   * those calls, undefined when no other module calls it (or while that is being worked out).
   */
  external(fn: ts.Node, exposure: Exposure): RunContext | undefined;
}

/** A function, or a method of a class, other modules can reach, and the export names they use. */
export interface Exposure {
  /** Export name and property path to the function (`['allow']` on an exported singleton). */
  handles: { name: string; steps: readonly string[] }[];
  /**
   * For an instance method of an exported class: the class's export names. Other modules that use
   * the class as a value may create instances and call the method in ways that cannot be followed.
   */
  classExports: string[];
}

export class RunContexts {
  private readonly byFunction = new Map<ts.Node, RunContext>();
  private readonly visiting = new Set<ts.Node>();
  private readonly lifetimes = new Map<ts.ClassLikeDeclaration, string | null>();
  private exportNamesCache: Map<Variable, string[]> | undefined;
  private thisAccessCache: Map<ts.ClassLikeDeclaration, ts.PropertyAccessExpression[]> | undefined;

  constructor(
    readonly facts: FileFacts,
    private readonly hooks: ContextHooks,
  ) {}

  /** When the code at `node` runs. */
  of(node: ts.Node): RunContext {
    return this.at(node) ?? 'runtime';
  }

  /** Undefined while the answer depends on itself (recursion): such a use adds nothing. */
  at(node: ts.Node): RunContext | undefined {
    const { ts } = this.facts;
    const fn = enclosingFunction(ts, node);
    if (fn !== undefined) return this.isInDiscardedFunction(fn) ? 'load' : this.ofFunction(fn);
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

  /**
   * Inside a function expression whose value is discarded (`;(inputs) => { … }`, code evaluated
   * elsewhere, in a sandbox): nothing there runs in this module.
   */
  private isInDiscardedFunction(fn: ts.Node): boolean {
    const { ts } = this.facts;
    for (let n: ts.Node | undefined = fn; n !== undefined; n = n.parent) {
      if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) continue;
      let e: ts.Node = n;
      while (ts.isParenthesizedExpression(e.parent)) e = e.parent;
      if (ts.isExpressionStatement(e.parent)) return true;
    }
    return false;
  }

  /** Why instances of this class live as long as the process, if they do. */
  lifetimeOf(cls: ts.ClassLikeDeclaration): string | undefined {
    if (this.lifetimes.has(cls)) return this.lifetimes.get(cls) ?? undefined;
    this.lifetimes.set(cls, null);
    const lifetime = this.computeLifetime(cls);
    this.lifetimes.set(cls, lifetime ?? null);
    return lifetime;
  }

  /** Export names of the module's variables (`export const x`, `export { x as y }`, `export default x`). */
  exportNames(): Map<Variable, string[]> {
    return (this.exportNamesCache ??= collectExportNames(this.facts));
  }

  /** Module-level variables holding an instance of `cls` created while the module loads. */
  singletonsOf(cls: ts.ClassLikeDeclaration): Variable[] {
    const { ts, scope } = this.facts;
    if (!ts.isClassDeclaration(cls) || cls.name === undefined) return [];
    const found: Variable[] = [];
    for (const reference of scope.variableOf(cls.name)?.references ?? []) {
      const created = reference.identifier.parent;
      if (!ts.isNewExpression(created) || created.expression !== reference.identifier) continue;
      let holder: ts.Node = created;
      while (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent)) holder = holder.parent;
      const declaration = holder.parent;
      if (ts.isVariableDeclaration(declaration) && declaration.initializer === holder && ts.isIdentifier(declaration.name)) {
        const variable = scope.variableOf(declaration.name);
        if (variable !== undefined && variable.scope === scope.moduleScope && !scope.isReassigned(variable)) found.push(variable);
      }
    }
    return found;
  }

  /** How other modules can reach a function or method of this module. */
  exposure(fn: ts.Node): Exposure | undefined {
    const { ts, scope } = this.facts;
    const names = this.exportNames();
    const handles: Exposure['handles'] = [];
    const named = (variable: Variable | undefined, steps: readonly string[]): void => {
      for (const name of (variable && names.get(variable)) ?? []) handles.push({ name, steps });
    };
    const member = methodOf(ts, fn);
    if (member === undefined) {
      const name = functionName(ts, fn);
      const variable = name && scope.variableOf(name);
      if (variable === undefined || variable.scope !== scope.moduleScope) return undefined;
      named(variable, []);
      return handles.length > 0 ? { handles, classExports: [] } : undefined;
    }
    const { cls, name, isStaticMember, isPrivate } = member;
    if (isPrivate || !ts.isClassDeclaration(cls) || cls.name === undefined) return undefined;
    const classVariable = scope.variableOf(cls.name);
    const classExports = (classVariable && names.get(classVariable)) ?? [];
    if (isStaticMember) {
      named(classVariable, [name]);
      return handles.length > 0 ? { handles, classExports: [] } : undefined;
    }
    for (const singleton of this.singletonsOf(cls)) {
      named(singleton, [name]);
      for (const alias of this.methodAliases(singleton, name)) named(alias, []);
    }
    return handles.length > 0 || classExports.length > 0 ? { handles, classExports } : undefined;
  }

  private ofFunction(fn: FunctionNode): RunContext | undefined {
    const known = this.byFunction.get(fn);
    if (known !== undefined) return known;
    if (this.visiting.has(fn)) return undefined;
    this.visiting.add(fn);
    const context = this.withModel(fn, this.compute(fn));
    this.visiting.delete(fn);
    if (context !== undefined) this.byFunction.set(fn, context);
    return context;
  }

  /**
   * Core's call graph knows callers this module cannot see: a handler in another file that reaches
   * the function through helpers or an injected service makes it runtime; a function other modules
   * call only while starting up or shutting down (and hand to no unknown API) is lifecycle code.
   */
  private withModel(fn: FunctionNode, computed: RunContext | undefined): RunContext | undefined {
    const { ts } = this.facts;
    if (ts.isClassStaticBlockDeclaration(fn)) return computed;
    let info: LifecycleInfo | undefined;
    try {
      info = lifecycleOf(this.facts, fn);
    } catch {
      info = undefined;
    }
    if (info === undefined || info.lifecycles.size === 0) return computed;
    if (info.lifecycles.has('request') || info.lifecycles.has('background')) return 'runtime';
    if (computed === 'runtime' && !info.escapes) {
      return info.lifecycles.has('startup') || info.lifecycles.has('shutdown') ? 'lifecycle' : 'load';
    }
    return computed;
  }

  private compute(fn: FunctionNode): RunContext | undefined {
    const { ts } = this.facts;
    if (ts.isClassStaticBlockDeclaration(fn)) return this.at(fn.parent);
    if (ts.isConstructorDeclaration(fn)) return this.construction(fn.parent);
    if (methodOf(ts, fn) !== undefined) return this.method(fn);
    if (ts.isFunctionDeclaration(fn)) return fn.name === undefined ? 'runtime' : later(this.callers(fn.name, fn), this.externalCalls(fn));
    if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return 'runtime';
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
    if (ts.isNewExpression(parent) && parent.arguments?.includes(expression as ts.Expression)) {
      return matchesFunction(this.facts.modules.resolve(parent.expression), SYNC_EXECUTORS) ? this.at(parent) : 'runtime';
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === expression && ts.isIdentifier(parent.name)) {
      return later(this.callers(parent.name, fn), this.externalCalls(fn));
    }
    return 'runtime';
  }

  /** Functions other modules can call: when those calls run (typed), or runtime. */
  private externalCalls(fn: ts.Node): RunContext | undefined {
    const exposure = this.exposure(fn);
    return exposure === undefined ? undefined : this.hooks.external(fn, exposure);
  }

  /** A callback runs when the function it is given to calls it. */
  private callback(call: ts.CallExpression): RunContext | undefined {
    const { ts } = this.facts;
    const callee = skipOuterExpressions(ts, call.expression);
    const ref = this.facts.modules.resolve(callee);
    if (matchesFunction(ref, ONCE_CALLBACK_FUNCTIONS)) return this.at(call);
    if (!ts.isPropertyAccessExpression(callee)) return 'runtime';
    const name = callee.name.text;
    if (PROMISE_CALLBACK_METHODS.has(name) || SYNC_CALLBACK_METHODS.has(name)) return this.at(call);
    if (matchesFunction(ref, PROCESS_LISTENERS)) return 'lifecycle';
    if (STARTUP_CALLBACK_METHODS.has(name)) return 'lifecycle';
    if ((name === 'on' || name === 'once') && LIFECYCLE_EVENTS.has(staticString(ts, call.arguments[0]) ?? '')) return 'lifecycle';
    return 'runtime';
  }

  /**
   * A named function runs where it is called. Used as a value (a handler given to a router), it may
   * run at any time. Never used here: an entry point for other modules (or dead).
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
      if (ts.isExportSpecifier(id.parent) || ts.isExportAssignment(id.parent)) continue; // see externalCalls
      uses++;
      context = later(context, this.use(id));
      if (context === 'runtime') return context;
    }
    if (uses === 0 && this.exposure(fn) === undefined) return 'runtime';
    return context;
  }

  /** The context a reference to a function runs it in: a call, `new`, a decorator; else runtime. */
  private use(id: ts.Node): RunContext | undefined {
    const { ts } = this.facts;
    let use: ts.Node = id;
    while (ts.isParenthesizedExpression(use.parent) || ts.isNonNullExpression(use.parent)) use = use.parent;
    const parent = use.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === use) return this.at(parent);
    if (ts.isDecorator(parent)) return this.at(parent);
    return 'runtime';
  }

  /**
   * A method runs where it is called: `this.m()` and `Class.m()` in its class, `singleton.m()` and
   * aliases (`export const { allow } = cancan`) in its module, and other modules through exports.
   */
  private method(fn: ts.Node): RunContext | undefined {
    const { ts, scope } = this.facts;
    const member = methodOf(ts, fn)!;
    const { cls, name, isStaticMember } = member;
    if (!isStaticMember && LIFECYCLE_HOOKS.has(name)) return 'lifecycle';
    let context: RunContext | undefined;
    let uses = 0;
    const access = (node: ts.Node): void => {
      if (node.pos >= fn.pos && node.end <= fn.end) return; // recursion
      uses++;
      context = later(context, this.use(node));
    };
    for (const node of this.thisAccesses(cls)) {
      if (node.name.text !== name) continue;
      const owner = thisOwner(ts, node.expression);
      if (owner?.kind === 'class' && owner.cls === cls && owner.isStatic === isStaticMember) access(node);
    }
    const viaVariable = (variable: Variable): void => {
      for (const reference of variable.references) {
        const parent = reference.identifier.parent;
        if (ts.isPropertyAccessExpression(parent) && parent.expression === reference.identifier && parent.name.text === name) access(parent);
      }
    };
    const classVariable = ts.isClassDeclaration(cls) && cls.name !== undefined ? scope.variableOf(cls.name) : undefined;
    if (isStaticMember) {
      if (classVariable !== undefined) viaVariable(classVariable);
    } else {
      for (const singleton of this.singletonsOf(cls)) {
        viaVariable(singleton);
        for (const alias of this.methodAliases(singleton, name)) for (const reference of alias.references) access(reference.identifier);
      }
    }
    const external = this.externalCalls(fn);
    if (uses === 0 && external === undefined) return 'runtime'; // called by a framework, or by anyone
    return later(context, external);
  }

  /** `const { allow } = cancan`, `const authorize = cancan.authorize`: module-level aliases of a method. */
  private methodAliases(singleton: Variable, name: string): Variable[] {
    const { ts, scope } = this.facts;
    const aliases: Variable[] = [];
    for (const variable of scope.moduleScope.variables.values()) {
      if (variable.kind !== 'const' || variable.initializer === undefined) continue;
      const init = skipOuterExpressions(ts, variable.initializer);
      const base = ts.isPropertyAccessExpression(init) && variable.path.length === 0 ? init.expression : init;
      if (!ts.isIdentifier(base) || scope.variableOf(base) !== singleton) continue;
      const step = variable.path.length === 1 ? variable.path[0]! : undefined;
      const property = ts.isPropertyAccessExpression(init) && variable.path.length === 0 ? init.name.text : step && 'property' in step ? step.property : undefined;
      if (property === name) aliases.push(variable);
    }
    return aliases;
  }

  private thisAccesses(cls: ts.ClassLikeDeclaration): ts.PropertyAccessExpression[] {
    if (this.thisAccessCache === undefined) {
      const { ts } = this.facts;
      const byClass = new Map<ts.ClassLikeDeclaration, ts.PropertyAccessExpression[]>();
      for (const node of this.facts.nodes) {
        if (!ts.isPropertyAccessExpression(node) || node.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
        const owner = thisOwner(ts, node.expression);
        if (owner?.kind !== 'class') continue;
        const list = byClass.get(owner.cls);
        if (list === undefined) byClass.set(owner.cls, [node]);
        else list.push(node);
      }
      this.thisAccessCache = byClass;
    }
    return this.thisAccessCache.get(cls) ?? [];
  }

  /** A constructor (and instance field initializers) run where the class is instantiated. */
  private construction(cls: ts.ClassLikeDeclaration): RunContext | undefined {
    const { ts } = this.facts;
    if (this.lifetimeOf(cls) !== undefined) return 'load';
    if (!ts.isClassDeclaration(cls) || cls.name === undefined || isExported(ts, cls)) return 'runtime';
    return this.callers(cls.name, cls);
  }

  private computeLifetime(cls: ts.ClassLikeDeclaration): string | undefined {
    const { ts, scope } = this.facts;
    for (const decorator of ts.canHaveDecorators(cls) ? (ts.getDecorators(cls) ?? []) : []) {
      const lifetime = this.decoratorLifetime(decorator);
      if (lifetime !== undefined) return lifetime ?? undefined;
    }
    if (!ts.isClassDeclaration(cls) || cls.name === undefined) return undefined;
    const variable = scope.variableOf(cls.name);
    let created: ts.NewExpression | undefined;
    let lazy: ts.NewExpression | undefined;
    for (const reference of variable?.references ?? []) {
      const parent = reference.identifier.parent;
      if (!ts.isNewExpression(parent) || parent.expression !== reference.identifier) continue;
      if (isLazyStaticInstance(ts, cls, parent) || this.isLazyModuleInstance(parent)) {
        lazy ??= parent;
        continue;
      }
      // Instantiated anywhere but while the module loads: not one shared instance.
      if (this.of(parent) !== 'load') return undefined;
      created ??= parent;
    }
    if (created !== undefined) return `an instance created once when the module loads (line ${lineOf(this.facts.sourceFile, created)})`;
    return lazy && `a singleton created on first use (line ${lineOf(this.facts.sourceFile, lazy)})`;
  }

  /**
   * `let settings; export const getSettings = () => { if (!settings) settings = new Settings(); return settings; }`
   * (or `settings ??= new Settings()`): one instance, created on first use and kept in a module binding.
   */
  private isLazyModuleInstance(created: ts.NewExpression): boolean {
    const { ts, scope } = this.facts;
    if (!isLazyInitialization(ts, created)) return false;
    let n: ts.Node = created;
    while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
    const assignment = n.parent;
    if (!ts.isBinaryExpression(assignment) || assignment.right !== n) return false;
    const target = skipOuterExpressions(ts, assignment.left);
    if (!ts.isIdentifier(target)) return false;
    const variable = scope.variableOf(target);
    return variable !== undefined && variable.scope === scope.moduleScope;
  }

  /** A singleton decorator's lifetime, null for a decorator that gives another scope. */
  private decoratorLifetime(decorator: ts.Decorator): string | null | undefined {
    const { ts } = this.facts;
    const expression = skipOuterExpressions(ts, decorator.expression);
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    const spec = SINGLETON_DECORATORS.find((d) => matchesFunction(this.facts.modules.resolve(callee), [d]));
    if (spec === undefined) return undefined;
    const args = ts.isCallExpression(expression) ? expression.arguments : [];
    const options = spec.optionsArgument < 0 ? undefined : objectLiteralOf(this.facts, args[spec.optionsArgument]);
    if (options === undefined) return spec.lifetime;
    if (spec.transientOption !== undefined) {
      const transient = propertyValue(ts, findProperty(ts, options, spec.transientOption));
      if (transient !== undefined && transient.kind !== ts.SyntaxKind.FalseKeyword) return null;
    }
    if (spec.scopeOption === undefined) return spec.lifetime;
    const scope = propertyValue(ts, findProperty(ts, options, spec.scopeOption));
    if (scope === undefined) return spec.lifetime;
    const value = skipOuterExpressions(ts, scope);
    const name = ts.isPropertyAccessExpression(value) ? value.name.text : staticString(ts, value);
    return name !== undefined && spec.singletonScopes?.has(name) ? spec.lifetime : null;
  }
}

/** `static instance = …; … Foo.instance = new Foo()` (or `this.instance ??= new Foo()`) inside `Foo`. */
function isLazyStaticInstance(ts: FileFacts['ts'], cls: ts.ClassLikeDeclaration, created: ts.NewExpression): boolean {
  let n: ts.Node = created;
  while (ts.isParenthesizedExpression(n.parent) || ts.isBinaryExpression(n.parent)) {
    const parent: ts.Node = n.parent;
    if (ts.isBinaryExpression(parent) && parent.right === n && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = skipOuterExpressions(ts, parent.left);
      if (!ts.isPropertyAccessExpression(target)) return false;
      const member = cls.members.find((m) => ts.isPropertyDeclaration(m) && isStatic(ts, m) && staticPropertyName(ts, m.name) === target.name.text);
      return member !== undefined && created.pos > cls.pos && created.end < cls.end;
    }
    n = parent;
  }
  return false;
}

interface MethodInfo {
  cls: ts.ClassLikeDeclaration;
  name: string;
  isStaticMember: boolean;
  isPrivate: boolean;
}

/** A class method, accessor, or arrow-function property: its class and name. */
export function methodOf(ts: FileFacts['ts'], fn: ts.Node): MethodInfo | undefined {
  let member: ts.Node = fn;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    let n: ts.Node = fn;
    while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent)) n = n.parent;
    if (!ts.isPropertyDeclaration(n.parent) || n.parent.initializer !== n) return undefined;
    member = n.parent;
  } else if (!ts.isMethodDeclaration(fn) && !ts.isGetAccessorDeclaration(fn) && !ts.isSetAccessorDeclaration(fn)) {
    return undefined;
  }
  const cls = member.parent;
  if (!ts.isClassLike(cls)) return undefined;
  const named = member as ts.ClassElement;
  const name = named.name === undefined ? undefined : staticPropertyName(ts, named.name);
  if (name === undefined) return undefined;
  const isPrivate =
    (named.name !== undefined && ts.isPrivateIdentifier(named.name)) ||
    (ts.getModifiers(member as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) ?? false);
  return { cls, name, isStaticMember: isStatic(ts, member), isPrivate };
}

function functionName(ts: FileFacts['ts'], fn: ts.Node): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  let n: ts.Node = fn;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent)) n = n.parent;
  return ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name) ? n.parent.name : undefined;
}

export function isExported(ts: FileFacts['ts'], node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) ?? false)
  );
}

function isDefaultExport(ts: FileFacts['ts'], node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

/** `export const x`, `export function f`, `export class C`, `export { x as y }`, `export default x`. */
function collectExportNames(facts: FileFacts): Map<Variable, string[]> {
  const { ts, scope, sourceFile } = facts;
  const names = new Map<Variable, string[]>();
  const add = (variable: Variable | undefined, name: string): void => {
    if (variable !== undefined) names.set(variable, [...(names.get(variable) ?? []), name]);
  };
  const declared = (id: ts.Identifier | undefined, statement: ts.Node): void => {
    if (id !== undefined) add(scope.variableOf(id), isDefaultExport(ts, statement) ? 'default' : id.text);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement) && isExported(ts, statement)) {
      const leaves = (name: ts.BindingName): ts.Identifier[] =>
        ts.isIdentifier(name) ? [name] : name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : leaves(e.name)));
      for (const declaration of statement.declarationList.declarations) for (const id of leaves(declaration.name)) declared(id, statement);
    } else if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && isExported(ts, statement)) {
      declared(statement.name, statement);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const local = element.propertyName ?? element.name;
        if (ts.isIdentifier(local)) add(scope.moduleScope.variables.get(local.text), element.name.text);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const expression = skipOuterExpressions(ts, statement.expression);
      if (ts.isIdentifier(expression)) add(scope.variableOf(expression), 'default');
    }
  }
  return names;
}

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
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
