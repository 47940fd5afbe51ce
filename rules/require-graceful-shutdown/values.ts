/**
 * Where a value comes from, for require-graceful-shutdown: which server (or shutdown helper) an
 * expression denotes, traced through variables, reassignments, `this.x` fields, destructuring and,
 * in typed mode, imports of the project's own modules. A server's identity is the call that created
 * it (`http.createServer()`, `express()`, `app.listen()`), so `server.close()` closes the server
 * that `const server = app.listen()` started, and not another one.
 *
 * An origin the rule cannot see (a parameter, an import it cannot follow) is `unknown`: the rule
 * gives it the benefit of the doubt (it may be any server). A value known to be something else (a
 * package's client, a number) has no ids and is not unknown.
 */
import type * as ts from 'typescript';
import {
  findProperty,
  isFunctionWithBody,
  isPassthroughWrapper,
  packageNameOf,
  propertyValue,
  SERVER_BUILDER_METHODS,
  skipOuterExpressions,
  type FileFacts,
  type FunctionLikeWithBody,
  type ModuleRef,
  type ProjectView,
  type TS,
  type Variable,
} from '@statelint/core';
import {
  SERVER_FACTORIES,
  SERVE_FUNCTIONS,
  SERVER_PROPERTIES,
  SERVER_WRAPPERS,
  TERMINATORS,
  LIGHTSHIP,
  LISTEN_METHOD,
  type ApiSpec,
  type ServerKind,
} from './catalogue.js';

export type ValueKind = ServerKind | 'lightship';

export interface Origin {
  /** The calls that created the value (and what each created). */
  readonly ids: ReadonlyMap<ts.Node, ValueKind>;
  /** The value may be anything (the rule cannot see where it comes from). */
  readonly unknown: boolean;
  /** Instances of the project's own classes (their methods are followed). */
  readonly classes: ReadonlySet<ts.ClassLikeDeclaration>;
}

export const OTHER: Origin = { ids: new Map(), unknown: false, classes: new Set() };
export const UNKNOWN: Origin = { ids: new Map(), unknown: true, classes: new Set() };

export function union(a: Origin, b: Origin): Origin {
  if (a === OTHER) return b;
  if (b === OTHER) return a;
  return {
    ids: new Map([...a.ids, ...b.ids]),
    unknown: a.unknown || b.unknown,
    classes: new Set([...a.classes, ...b.classes]),
  };
}

function classOrigin(cls: ts.ClassLikeDeclaration): Origin {
  return { ids: new Map(), unknown: false, classes: new Set([cls]) };
}

function created(node: ts.Node, kind: ValueKind, inner: Origin = OTHER): Origin {
  return union({ ids: new Map([[node, kind]]), unknown: false, classes: new Set() }, inner);
}

/** Parameters bound to the origins of the arguments of the call being followed. */
export type Env = ReadonlyMap<Variable, Origin>;
export const EMPTY_ENV: Env = new Map();

const MAX_DEPTH = 12;

export function matchesSpec(ref: ModuleRef | undefined, spec: { module: string; path: readonly string[] }): boolean {
  return (
    ref !== undefined &&
    !ref.local &&
    ref.module === spec.module &&
    ref.path.length === spec.path.length &&
    spec.path.every((p, i) => ref.path[i] === p)
  );
}

export function findSpec<T extends { module: string; path: readonly string[] }>(
  specs: readonly T[],
  ref: ModuleRef | undefined,
): T | undefined {
  return specs.find((spec) => matchesSpec(ref, spec));
}

/** A call's callee resolved to a package or global API (never a project module). */
export function isPackageRef(ref: ModuleRef | undefined): boolean {
  return ref !== undefined && !ref.local;
}

export class ValueTracer {
  private readonly memberCache = new WeakMap<ts.ClassLikeDeclaration, Map<string, ts.Expression[]>>();

  constructor(
    readonly ts: TS,
    readonly project: ProjectView,
  ) {}

  get typed(): boolean {
    return this.project.program !== undefined;
  }

  factsOf(node: ts.Node): FileFacts {
    return this.project.factsOf(node.getSourceFile());
  }

  resolveRef(node: ts.Node): ModuleRef | undefined {
    return this.factsOf(node).modules.resolve(node);
  }

  /** Where the value of an expression comes from. */
  originOf(expression: ts.Node, env: Env = EMPTY_ENV, depth = 0): Origin {
    const { ts } = this;
    if (depth > MAX_DEPTH) return UNKNOWN;
    const n = skipOuterExpressions(ts, expression);
    if (ts.isAwaitExpression(n)) return this.originOf(n.expression, env, depth + 1);
    if (ts.isIdentifier(n)) return this.identifierOrigin(n, env, depth);
    if (n.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(ts, n);
      return cls === undefined ? UNKNOWN : classOrigin(cls);
    }
    if (ts.isPropertyAccessExpression(n)) return this.propertyOrigin(n, env, depth);
    if (ts.isCallExpression(n)) return this.callOrigin(n, env, depth);
    if (ts.isNewExpression(n)) return this.newOrigin(n, depth);
    if (ts.isConditionalExpression(n)) {
      return union(this.originOf(n.whenTrue, env, depth + 1), this.originOf(n.whenFalse, env, depth + 1));
    }
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        return union(this.originOf(n.left, env, depth + 1), this.originOf(n.right, env, depth + 1));
      }
      if (op === ts.SyntaxKind.EqualsToken) return this.originOf(n.right, env, depth + 1);
      return OTHER;
    }
    if (
      ts.isLiteralExpression(n) ||
      ts.isObjectLiteralExpression(n) ||
      ts.isArrayLiteralExpression(n) ||
      ts.isFunctionLike(n) ||
      ts.isTemplateExpression(n) ||
      n.kind === ts.SyntaxKind.NullKeyword ||
      n.kind === ts.SyntaxKind.UndefinedKeyword
    ) {
      return OTHER;
    }
    return UNKNOWN;
  }

  private identifierOrigin(id: ts.Identifier, env: Env, depth: number): Origin {
    const { ts } = this;
    const facts = this.factsOf(id);
    const variable = facts.scope.variableOf(id);
    if (variable === undefined) return id.text === 'undefined' ? OTHER : UNKNOWN;
    const bound = env.get(variable);
    if (bound !== undefined) return bound;
    switch (variable.kind) {
      case 'parameter':
      case 'catch':
        return UNKNOWN;
      case 'function':
      case 'enum':
      case 'namespace':
        return OTHER;
      case 'class':
        // The class itself: its static methods are followed (`ShutdownHelper.execute()`).
        return ts.isClassLike(variable.declaration) ? classOrigin(variable.declaration) : OTHER;
      case 'import':
      case 'import-equals': {
        const ref = facts.modules.resolveVariable(variable);
        if (ref !== undefined && !ref.local) return OTHER; // a package's export is not a server we started
        return this.typed ? this.declarationOrigin(id, depth) : UNKNOWN;
      }
      default: {
        let origin: Origin = OTHER;
        if (isLoopVariable(ts, variable.declaration)) return UNKNOWN;
        if (variable.initializer !== undefined) {
          const init = this.originOf(variable.initializer, EMPTY_ENV, depth + 1);
          // `const { server } = await start()`: a part of something; known only when it is a server's.
          origin = variable.path.length === 0 ? init : init.ids.size > 0 || init.unknown ? UNKNOWN : init;
        }
        for (const reference of variable.references) {
          if (!reference.isWrite) continue;
          origin = union(origin, this.assignedOrigin(reference.identifier, depth));
        }
        return origin;
      }
    }
  }

  /** The value written by an assignment whose target is this identifier. */
  private assignedOrigin(target: ts.Identifier, depth: number): Origin {
    const { ts } = this;
    let n: ts.Node = target;
    while (ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
    const parent = n.parent;
    if (ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return this.originOf(parent.right, EMPTY_ENV, depth + 1);
    }
    return UNKNOWN;
  }

  /** Typed mode: follow an identifier to its declaration in another module. */
  private declarationOrigin(node: ts.Node, depth: number): Origin {
    const declaration = this.declarationOf(node);
    if (declaration === undefined) return UNKNOWN;
    return this.declaredValueOrigin(declaration, depth);
  }

  private declaredValueOrigin(declaration: ts.Node, depth: number): Origin {
    const { ts } = this;
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
      return this.identifierOrigin(declaration.name, EMPTY_ENV, depth + 1);
    }
    if (ts.isExportAssignment(declaration)) return this.originOf(declaration.expression, EMPTY_ENV, depth + 1);
    if (ts.isPropertyDeclaration(declaration) && ts.isClassLike(declaration.parent) && ts.isIdentifier(declaration.name)) {
      return this.memberOrigin(declaration.parent, declaration.name.text, depth);
    }
    if (ts.isClassDeclaration(declaration)) return classOrigin(declaration);
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return OTHER;
    return UNKNOWN;
  }

  /** Typed mode: the project declaration a name refers to (through imports and re-exports). */
  declarationOf(node: ts.Node): ts.Declaration | undefined {
    const { ts } = this;
    const checker = this.project.checker;
    if (checker === undefined) return undefined;
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol === undefined) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (declaration === undefined) return undefined;
    const sf = declaration.getSourceFile();
    if (sf.isDeclarationFile || this.project.fileByName(sf.fileName) !== sf || packageNameOf(sf.fileName) !== undefined) {
      return undefined;
    }
    return declaration;
  }

  private propertyOrigin(n: ts.PropertyAccessExpression, env: Env, depth: number): Origin {
    const { ts } = this;
    const name = n.name.text;
    const base = skipOuterExpressions(ts, n.expression);
    if (base.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(ts, base);
      if (cls === undefined) return UNKNOWN;
      return this.memberOrigin(cls, name, depth);
    }
    const ref = this.resolveRef(n);
    if (ref !== undefined && !ref.local) return OTHER; // `mongoose.connection`, `process.env.PORT`
    const origin = this.originOf(base, env, depth + 1);
    if (origin.classes.size > 0) {
      let found: Origin = OTHER;
      for (const cls of origin.classes) found = union(found, this.memberOrigin(cls, name, depth));
      return found;
    }
    if (origin.ids.size > 0) {
      if (SERVER_PROPERTIES.has(name)) return { ...origin, unknown: origin.unknown };
      return origin.unknown ? UNKNOWN : OTHER; // `fastify.pg`, `app.locals`: not the server
    }
    if (origin.unknown && this.typed) {
      const declaration = this.declarationOf(n.name);
      if (declaration !== undefined && ts.isPropertyDeclaration(declaration)) return this.declaredValueOrigin(declaration, depth);
    }
    return origin.unknown ? UNKNOWN : OTHER;
  }

  /** Every value a class gives its member `name`: its initializer and `this.name = …` assignments. */
  memberOrigin(cls: ts.ClassLikeDeclaration, name: string, depth: number): Origin {
    const values = this.memberValues(cls).get(name);
    if (values === undefined) return this.methodOf(cls, name) !== undefined ? OTHER : UNKNOWN;
    let origin: Origin = OTHER;
    for (const value of values) origin = union(origin, this.originOf(value, EMPTY_ENV, depth + 1));
    return origin;
  }

  private memberValues(cls: ts.ClassLikeDeclaration): Map<string, ts.Expression[]> {
    const cached = this.memberCache.get(cls);
    if (cached !== undefined) return cached;
    const { ts } = this;
    const values = new Map<string, ts.Expression[]>();
    const add = (name: string, value: ts.Expression): void => {
      const list = values.get(name);
      if (list === undefined) values.set(name, [value]);
      else list.push(value);
    };
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.initializer !== undefined) {
        add(member.name.text, member.initializer);
      }
    }
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        thisClass(ts, node.left.expression) === cls
      ) {
        add(node.left.name.text, node.right);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(cls, visit);
    this.memberCache.set(cls, values);
    return values;
  }

  /** A class's own method (or arrow-function field) by name. */
  methodOf(cls: ts.ClassLikeDeclaration, name: string): FunctionLikeWithBody | undefined {
    const { ts } = this;
    for (const member of cls.members) {
      if (member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
      if (ts.isMethodDeclaration(member) && member.body !== undefined) return member;
      if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
        const init = skipOuterExpressions(ts, member.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
      }
    }
    return undefined;
  }

  private callOrigin(call: ts.CallExpression, env: Env, depth: number): Origin {
    const { ts } = this;
    // Typed: `require('./app')` of a CommonJS module is what it assigns to `module.exports`.
    const loaded = this.typed ? this.resolveRef(call) : undefined;
    if (loaded?.local && loaded.path.length === 0) {
      const exported = this.commonJsExport(loaded.module);
      return exported === undefined ? UNKNOWN : this.originOf(exported, EMPTY_ENV, depth + 1);
    }
    const callee = skipOuterExpressions(ts, call.expression);
    const ref = this.resolveRef(callee);
    const factory = findSpec(SERVER_FACTORIES, ref) ?? findSpec(SERVE_FUNCTIONS, ref);
    if (factory !== undefined) return created(call, factory.kind);
    // `websockify(new Koa())`: the app it was given, with more abilities.
    if (isPassthroughWrapper(ref) && call.arguments[0] !== undefined) return this.originOf(call.arguments[0], env, depth + 1);
    const wrapper = findSpec(SERVER_WRAPPERS, ref);
    if (wrapper !== undefined) {
      const inner = call.arguments[0] === undefined ? OTHER : this.originOf(call.arguments[0], env, depth + 1);
      return created(call, wrapper.kind, inner);
    }
    const terminator = findSpec(TERMINATORS, ref);
    if (terminator !== undefined) {
      const options = objectLiteral(ts, this, call.arguments[0]);
      const server = options && propertyValue(ts, findProperty(ts, options, terminator.serverProperty));
      return created(call, terminator.kind, server === undefined ? UNKNOWN : this.originOf(server, env, depth + 1));
    }
    if (matchesSpec(ref, { module: LIGHTSHIP.module, path: LIGHTSHIP.create })) return created(call, 'lightship');
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === LISTEN_METHOD) {
      // `app.listen()` returns the server (Express, Koa, Node); Fastify's and Nest's are the app.
      const receiver = this.originOf(callee.expression, env, depth + 1);
      return created(call, kindOfServer(receiver) ?? 'http', receiver);
    }
    // express.oi's `express().https(options).io()`: the same app, configured.
    if (ts.isPropertyAccessExpression(callee) && SERVER_BUILDER_METHODS.has(callee.name.text)) {
      const receiver = this.originOf(callee.expression, env, depth + 1);
      if (kindOfServer(receiver) !== undefined) return receiver;
    }
    if (ref !== undefined && !ref.local) return OTHER; // a package's or a global's result
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') {
      return this.originOf(callee.expression, env, depth + 1);
    }
    return UNKNOWN;
  }

  private newOrigin(expression: ts.NewExpression, depth: number): Origin {
    const { ts } = this;
    const ref = this.resolveRef(expression.expression);
    const factory = findSpec(SERVER_FACTORIES, ref);
    if (factory !== undefined) return created(expression, factory.kind);
    if (ref !== undefined && !ref.local) return OTHER; // `new PrismaClient()`, `new Pool()`
    const cls = this.classOf(expression.expression, depth);
    return cls === undefined ? UNKNOWN : classOrigin(cls);
  }

  /** The value a CommonJS module assigns to `module.exports` (the last top-level assignment). */
  private commonJsExport(fileName: string): ts.Expression | undefined {
    const { ts } = this;
    const sf = this.project.fileByName(fileName);
    let found: ts.Expression | undefined;
    for (const statement of sf?.statements ?? []) {
      if (!ts.isExpressionStatement(statement)) continue;
      const e = statement.expression;
      if (
        ts.isBinaryExpression(e) &&
        e.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(e.left) &&
        e.left.name.text === 'exports' &&
        ts.isIdentifier(e.left.expression) &&
        e.left.expression.text === 'module'
      ) {
        found = e.right;
      }
    }
    return found;
  }

  /** A class member's initializer (`static readonly timeout = 60 * 1000`). */
  memberInitializer(cls: ts.ClassLikeDeclaration, name: string): ts.Expression | undefined {
    const values = this.memberValues(cls).get(name);
    return values?.length === 1 ? values[0] : undefined;
  }

  /** The project class an expression names (`new App()`), in this file or, typed, another. */
  classOf(expression: ts.Expression, _depth: number): ts.ClassLikeDeclaration | undefined {
    const { ts } = this;
    const n = skipOuterExpressions(ts, expression);
    if (!ts.isIdentifier(n)) return undefined;
    const variable = this.factsOf(n).scope.variableOf(n);
    if (variable?.kind === 'class' && ts.isClassLike(variable.declaration)) return variable.declaration;
    if (variable !== undefined && variable.kind !== 'import') return undefined;
    const declaration = this.declarationOf(n);
    return declaration !== undefined && ts.isClassLike(declaration) ? declaration : undefined;
  }

  /** The function a callee or handler expression denotes, when the rule can see its body. */
  functionOf(expression: ts.Node, depth = 0): { fn: FunctionLikeWithBody } | 'package' | 'unknown' {
    const { ts } = this;
    if (depth > MAX_DEPTH) return 'unknown';
    const n = skipOuterExpressions(ts, expression);
    if (isFunctionWithBody(ts, n)) return n.body === undefined ? 'unknown' : { fn: n };
    if (ts.isIdentifier(n)) {
      const facts = this.factsOf(n);
      const variable = facts.scope.variableOf(n);
      if (variable === undefined) return 'package'; // a global: setTimeout, require, …
      if (variable.kind === 'function' && ts.isFunctionDeclaration(variable.declaration)) {
        return variable.declaration.body === undefined ? 'unknown' : { fn: variable.declaration };
      }
      if ((variable.kind === 'const' || variable.kind === 'let' || variable.kind === 'var') && variable.path.length === 0) {
        if (variable.initializer !== undefined && !facts.scope.isReassigned(variable)) {
          return this.functionOf(variable.initializer, depth + 1);
        }
        return 'unknown';
      }
      if (variable.kind === 'import' || variable.kind === 'import-equals') {
        const ref = facts.modules.resolveVariable(variable);
        if (ref !== undefined && !ref.local) return 'package';
        return this.declaredFunction(n);
      }
      return 'unknown';
    }
    if (ts.isPropertyAccessExpression(n)) {
      const name = n.name.text;
      if (name === 'bind') {
        const bound = this.functionOf(n.expression, depth + 1);
        if (bound !== 'unknown') return bound;
      }
      const ref = this.resolveRef(n);
      if (ref !== undefined && !ref.local) return 'package';
      const receiver = this.originOf(n.expression, EMPTY_ENV, depth + 1);
      for (const cls of receiver.classes) {
        const method = this.methodOf(cls, name);
        if (method !== undefined) return { fn: method };
      }
      if (receiver.unknown || receiver.classes.size > 0) return this.declaredFunction(n.name);
      return 'package';
    }
    if (ts.isCallExpression(n)) return 'unknown';
    return 'unknown';
  }

  private declaredFunction(name: ts.Node): { fn: FunctionLikeWithBody } | 'unknown' {
    const { ts } = this;
    const declaration = this.declarationOf(name);
    if (declaration === undefined) return 'unknown';
    if (isFunctionWithBody(ts, declaration) && declaration.body !== undefined) return { fn: declaration };
    if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer !== undefined) {
      const init = skipOuterExpressions(ts, declaration.initializer);
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && init.body !== undefined) return { fn: init };
    }
    return 'unknown';
  }
}

/** The first server kind among an origin's ids (a wrapper's server counts). */
export function kindOfServer(origin: Origin): ServerKind | undefined {
  for (const kind of origin.ids.values()) {
    if (kind !== 'stoppable' && kind !== 'terminator' && kind !== 'lightship') return kind;
  }
  return undefined;
}

/** The class `this` refers to at a node: methods, constructors, fields; arrows keep the outer `this`. */
export function thisClass(ts: TS, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (ts.isArrowFunction(n)) continue;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
    if (ts.isClassLike(n)) return n;
  }
  return undefined;
}

function isLoopVariable(ts: TS, declaration: ts.Node): boolean {
  const list = declaration.parent;
  return list !== undefined && ts.isVariableDeclarationList(list) && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
}

/** An object literal given directly or through a `const` (of this file). */
export function objectLiteral(ts: TS, tracer: ValueTracer, node: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
  if (node === undefined) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isObjectLiteralExpression(n)) return n;
  if (ts.isIdentifier(n)) {
    const facts = tracer.factsOf(n);
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return undefined;
    const init = skipOuterExpressions(ts, variable.initializer);
    return ts.isObjectLiteralExpression(init) ? init : undefined;
  }
  return undefined;
}

export type { ApiSpec };
