/**
 * The shutdown side of require-graceful-shutdown, per file: the servers a file starts, the signal
 * handlers it registers (directly or through a helper library), and what each handler does when it
 * runs — which servers it closes, whether it closes keep-alive connections, which forced-exit
 * timers bound it, and which `process.exit` calls it reaches. Handlers are followed into the
 * functions they call (in typed mode across modules), with the arguments they pass.
 */
import type * as ts from 'typescript';
import {
  checkerFor,
  findProperty,
  inTestBranch,
  packageNameOf,
  propertyValue,
  skipOuterExpressions,
  staticNumber,
  staticString,
  type FunctionLikeWithBody,
  type TS,
  type Variable,
} from '@statelint/core';
import {
  CALLBACK_TIMERS,
  CLOSE_METHODS,
  CLOSES_KEEP_ALIVE,
  KEEP_ALIVE_METHODS,
  LIGHTSHIP,
  LISTEN_METHOD,
  START_METHODS,
  NEST_FORCE_CLOSE_OPTION,
  NEST_SHUTDOWN_HOOKS,
  NEUTRAL_METHODS,
  PROMISE_TIMERS,
  SERVE_FUNCTIONS,
  SIGINT,
  SIGNAL_LIBRARIES,
  SIGNAL_METHODS,
  SIGTERM,
  SLEEP_NAMES,
  CLIENT_CLOSE_METHODS,
  type ServerKind,
} from './catalogue.js';
import {
  EMPTY_ENV,
  OTHER,
  UNKNOWN,
  findSpec,
  kindOfServer,
  matchesSpec,
  objectLiteral,
  union,
  type Env,
  type Origin,
  type ValueTracer,
} from './values.js';

/** A server started in a file: `listen()` or `serve()`. */
export interface ServerStart {
  call: ts.CallExpression;
  kind: ServerKind;
  /** Every value that is this server (the listen call, the app, the createServer call). */
  ids: ReadonlySet<ts.Node>;
  /** How the call reads, for messages: `app.listen()`. */
  api: string;
  /** The framework closes keep-alive connections itself (Fastify; Nest with forceCloseConnections). */
  closesKeepAlive: boolean;
}

/** A forced-exit bound in milliseconds, or one the rule cannot evaluate. */
export type Bound = number | 'unknown';

/** A registered shutdown handler: `process.once('SIGTERM', fn)`, or a library that registers one. */
export interface Registration {
  call: ts.CallExpression;
  /** Signals handled; '*' when the rule cannot tell which (then it counts as every one). */
  signals: ReadonlySet<string>;
  /** The handler function or expression, when there is one. */
  handler: ts.Node | undefined;
  /** What the library closes by itself (terminus, http-graceful-shutdown, Nest). */
  closes: Origin;
  keepAlive: boolean;
  bound: Bound | undefined;
}

/** What a handler does when it runs. */
export interface Summary {
  closes: Origin;
  keepAlive: boolean;
  bounds: Bound[];
  /** `process.exit` calls it reaches outside forced-exit timers. */
  exits: ts.CallExpression[];
  /** It calls code the rule cannot see (given the benefit of the doubt: it may close anything). */
  opaque: boolean;
  /** Handlers it registers while running: the "second signal exits at once" escape hatch. */
  registers: Set<ts.CallExpression>;
}

export interface FileShutdownFacts {
  starts: readonly ServerStart[];
  registrations: readonly Registration[];
}

const MAX_CALL_DEPTH = 6;
const MAX_FOLLOWED_CALLS = 400;

export class ShutdownFacts {
  private readonly files = new WeakMap<ts.SourceFile, FileShutdownFacts>();
  private readonly summaries = new WeakMap<ts.Node, Summary>();

  constructor(
    readonly ts: TS,
    readonly tracer: ValueTracer,
  ) {}

  of(sf: ts.SourceFile): FileShutdownFacts {
    let found = this.files.get(sf);
    if (found === undefined) this.files.set(sf, (found = this.scan(sf)));
    return found;
  }

  private scan(sf: ts.SourceFile): FileShutdownFacts {
    const { ts } = this;
    const starts: ServerStart[] = [];
    const registrations: Registration[] = [];
    // Cheap filter: files that mention none of the APIs need no walk.
    const text = sf.text;
    const mayStart = /\.listen\b|\bserve\s*\(|\.start\s*\(/.test(text);
    const mayRegister = /SIG|createTerminus|gracefulShutdown|graceful-shutdown|closeWithGrace|close-with-grace|registerShutdownHandler|enableShutdownHooks|process\.(on|once|addListener|prepend)/.test(
      text,
    );
    if (mayStart || mayRegister) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          if (mayStart) {
            const start = this.startOf(node);
            if (start !== undefined) starts.push(start);
          }
          if (mayRegister) {
            const registration = this.registrationOf(node);
            // A handler installed only in a test or development run is no production shutdown path.
            if (registration !== undefined && !inTestBranch(ts, node)) registrations.push(registration);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    return { starts, registrations };
  }

  /** `x.listen(…)` on a server or app, `serve(…)` of @hono/node-server. */
  startOf(call: ts.CallExpression): ServerStart | undefined {
    const { ts, tracer } = this;
    const callee = skipOuterExpressions(ts, call.expression);
    const serve = findSpec(SERVE_FUNCTIONS, tracer.resolveRef(callee));
    if (serve !== undefined) {
      return { call, kind: serve.kind, ids: new Set([call]), api: `${calleeText(ts, callee)}()`, closesKeepAlive: false };
    }
    if (!ts.isPropertyAccessExpression(callee) || !START_METHODS.has(callee.name.text)) return undefined;
    const receiver = tracer.originOf(callee.expression);
    const kind = kindOfServer(receiver) ?? this.annotatedKind(callee.expression) ?? this.typedKind(callee.expression);
    if (kind === undefined) return undefined;
    // `start()` starts only the servers whose catalogue entry says so (hapi).
    if (callee.name.text !== LISTEN_METHOD && kind !== 'hapi') return undefined;
    const ids = new Set<ts.Node>([call, ...receiver.ids.keys()]);
    return {
      call,
      kind,
      ids,
      api: `${calleeText(ts, callee)}()`,
      closesKeepAlive: kind === 'fastify' || [...receiver.ids.keys()].some((id) => this.nestForcesClose(id)),
    };
  }

  private nestForcesClose(id: ts.Node): boolean {
    const { ts } = this;
    if (!ts.isCallExpression(id)) return false;
    return id.arguments.some((argument) => {
      const options = objectLiteral(ts, this.tracer, argument);
      const value = options && propertyValue(ts, findProperty(ts, options, NEST_FORCE_CLOSE_OPTION));
      return value !== undefined && skipOuterExpressions(ts, value).kind === ts.SyntaxKind.TrueKeyword;
    });
  }

  /** Without types: a parameter or field annotated with a server type (`server: http.Server`). */
  private annotatedKind(receiver: ts.Expression): ServerKind | undefined {
    const { ts, tracer } = this;
    const n = skipOuterExpressions(ts, receiver);
    let declaration: ts.Node | undefined;
    if (ts.isIdentifier(n)) declaration = tracer.factsOf(n).scope.variableOf(n)?.declaration;
    else if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = ts.findAncestor(n, ts.isClassLike);
      declaration = cls?.members.find(
        (m) => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === n.name.text,
      );
      if (declaration === undefined) {
        const ctor = cls?.members.find(ts.isConstructorDeclaration);
        declaration = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === n.name.text);
      }
    }
    if (declaration === undefined) return undefined;
    const type = (declaration as ts.Node & { type?: ts.TypeNode }).type;
    if (type === undefined || !ts.isTypeReferenceNode(type)) return undefined;
    const names: string[] = [];
    let entity: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(entity)) {
      names.unshift(entity.right.text);
      entity = entity.left;
    }
    const facts = tracer.factsOf(entity);
    let variable: Variable | undefined;
    for (let scope: ReturnType<typeof facts.scope.scopeAt> | undefined = facts.scope.scopeAt(entity); scope; scope = scope.parent) {
      variable = scope.variables.get(entity.text);
      if (variable !== undefined) break;
    }
    if (variable === undefined || variable.kind !== 'import') return undefined;
    // Type-only imports name types too: read the import itself.
    const imported = variable.declaration;
    const importDecl = ts.findAncestor(imported, ts.isImportDeclaration);
    const specifier = importDecl && staticString(ts, importDecl.moduleSpecifier);
    if (specifier === undefined || specifier.startsWith('.')) return undefined;
    const module = specifier.replace(/^node:/, '');
    if (ts.isImportSpecifier(imported)) return serverTypeKind(module, [(imported.propertyName ?? imported.name).text, ...names]);
    if (ts.isImportClause(imported)) return serverTypeKind(module, names.length > 0 ? names : ['default']);
    return serverTypeKind(module, names);
  }

  /** Typed mode: the receiver's type is a server or app declared by a server package. */
  private typedKind(receiver: ts.Expression): ServerKind | undefined {
    const { ts } = this;
    const checker = checkerFor(this.tracer.project, receiver);
    if (checker === undefined) return undefined;
    const type = checker.getTypeAtLocation(receiver);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (symbol === undefined || declaration === undefined) return undefined;
    for (let p: ts.Node | undefined = declaration.parent; p !== undefined; p = p.parent) {
      if (ts.isModuleDeclaration(p) && ts.isStringLiteral(p.name)) return serverTypeKind(p.name.text.replace(/^node:/, ''), [symbol.name]);
    }
    const pkg = packageNameOf(declaration.getSourceFile().fileName);
    return pkg === undefined ? undefined : serverTypeKind(pkg, [symbol.name]);
  }

  /** A signal registration, or a library or framework call that registers one. */
  registrationOf(call: ts.CallExpression): Registration | undefined {
    const { ts, tracer } = this;
    const callee = skipOuterExpressions(ts, call.expression);
    const ref = tracer.resolveRef(callee);
    if (
      ref !== undefined &&
      ref.module === 'globalThis' &&
      ref.path.length === 2 &&
      ref.path[0] === 'process' &&
      SIGNAL_METHODS.has(ref.path[1]!)
    ) {
      const signals = this.signalsOf(call.arguments[0]);
      if (!signals.has(SIGTERM) && !signals.has(SIGINT) && !signals.has('*')) return undefined;
      return { call, signals, handler: call.arguments[1], closes: OTHER, keepAlive: false, bound: undefined };
    }
    const library = findSpec(SIGNAL_LIBRARIES, ref);
    if (library !== undefined) {
      const options = objectLiteral(ts, tracer, call.arguments[library.optionsArgument]);
      const option = (name: string): ts.Expression | undefined => options && propertyValue(ts, findProperty(ts, options, name));
      let signals = new Set<string>();
      for (const name of library.signalOptions) for (const s of this.signalList(option(name))) signals.add(s);
      if (signals.size === 0) signals = new Set(library.defaultSignals);
      const server = library.serverArgument >= 0 ? call.arguments[library.serverArgument] : undefined;
      const handler =
        library.handlerArgument === 'last'
          ? call.arguments[call.arguments.length - 1]
          : library.handlerArgument >= 0
            ? call.arguments[library.handlerArgument]
            : undefined;
      const forceExit = library.forceExitOption && option(library.forceExitOption);
      const forced = forceExit === undefined || forceExit === '' || skipOuterExpressions(ts, forceExit).kind !== ts.SyntaxKind.FalseKeyword;
      return {
        call,
        signals,
        handler: handler !== undefined && mayBeFunction(ts, handler) ? handler : undefined,
        closes: server === undefined ? OTHER : tracer.originOf(server),
        keepAlive: library.closesKeepAlive,
        bound: forced ? this.boundOf(library.boundOptions.map(option), library.defaultBoundMs) : undefined,
      };
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (method === NEST_SHUTDOWN_HOOKS) {
      const app = tracer.originOf(callee.expression);
      const listed = this.signalList(call.arguments[0]);
      return {
        call,
        signals: listed.length > 0 ? new Set(listed) : new Set(['*']),
        handler: undefined,
        closes: app,
        keepAlive: false,
        bound: undefined,
      };
    }
    if (method === LIGHTSHIP.registerMethod) {
      const lightship = tracer.originOf(callee.expression);
      const created = [...lightship.ids].find(([, kind]) => kind === 'lightship')?.[0];
      if (created === undefined || !ts.isCallExpression(created)) return undefined;
      const options = objectLiteral(ts, tracer, created.arguments[0]);
      const option = (name: string): ts.Expression | undefined => options && propertyValue(ts, findProperty(ts, options, name));
      const listed = this.signalList(option(LIGHTSHIP.signalOption));
      const number = (name: keyof typeof LIGHTSHIP.defaults): Bound => {
        const value = option(name);
        return value === undefined ? LIGHTSHIP.defaults[name] : (staticNumber(ts, value) ?? 'unknown');
      };
      const whole = number('gracefulShutdownTimeout');
      const delay = number('shutdownDelay');
      const handlers = number('shutdownHandlerTimeout');
      const staged = delay === 'unknown' || handlers === 'unknown' ? 'unknown' : delay + handlers;
      return {
        call,
        signals: new Set(listed.length > 0 ? listed : LIGHTSHIP.defaultSignals),
        handler: call.arguments[0],
        closes: OTHER,
        keepAlive: false,
        bound: whole === 'unknown' || staged === 'unknown' ? 'unknown' : Math.min(whole, staged),
      };
    }
    return undefined;
  }

  private boundOf(values: readonly (ts.Expression | undefined)[], fallback: number | undefined): Bound | undefined {
    const given = values.filter((v): v is ts.Expression => v !== undefined);
    if (given.length === 0) return fallback;
    const numbers = given.map((v) => staticNumber(this.ts, v));
    if (numbers.some((n) => n === undefined)) return 'unknown';
    return Math.min(...(numbers as number[]));
  }

  /** The signals named by `process.on`'s first argument ('*' when the rule cannot tell). */
  signalsOf(argument: ts.Expression | undefined): Set<string> {
    const { ts, tracer } = this;
    if (argument === undefined) return new Set();
    const text = staticString(ts, argument);
    if (text !== undefined) return new Set([text]);
    const n = skipOuterExpressions(ts, argument);
    if (ts.isIdentifier(n)) {
      const variable = tracer.factsOf(n).scope.variableOf(n);
      const declaration = variable?.declaration;
      // for (const signal of ['SIGTERM', 'SIGINT']) / signals.forEach((signal) => …)
      let list: ts.Expression | undefined;
      if (declaration !== undefined && ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent)) {
        const loop = declaration.parent.parent;
        if (ts.isForOfStatement(loop)) list = loop.expression;
        else if (variable?.initializer !== undefined && variable.path.length === 0) {
          const listed = this.signalList(variable.initializer);
          if (listed.length === 1) return new Set(listed);
        }
      } else if (declaration !== undefined && ts.isParameter(declaration)) {
        const fn = declaration.parent;
        const call = fn.parent;
        if (
          call !== undefined &&
          ts.isCallExpression(call) &&
          ts.isPropertyAccessExpression(call.expression) &&
          (call.expression.name.text === 'forEach' || call.expression.name.text === 'map') &&
          fn.parameters[0] === declaration
        ) {
          list = call.expression.expression;
        }
      }
      if (list !== undefined) {
        const listed = this.signalList(list);
        if (listed.length > 0) return new Set(listed);
      }
    }
    if (ts.isPropertyAccessExpression(n) && /^SIG[A-Z0-9]+$/.test(n.name.text)) return new Set([n.name.text]);
    return new Set(['*']);
  }

  /** `['SIGTERM', 'SIGINT']`, `'SIGINT SIGTERM'`, a `const` holding one, `ShutdownSignal.SIGTERM`. */
  private signalList(node: ts.Expression | undefined): string[] {
    const { ts, tracer } = this;
    if (node === undefined) return [];
    const n = skipOuterExpressions(ts, node);
    const text = staticString(ts, n);
    if (text !== undefined) return text.split(/[\s,]+/).filter(Boolean);
    if (ts.isArrayLiteralExpression(n)) {
      return n.elements.flatMap((e) => {
        const s = staticString(ts, e);
        if (s !== undefined) return [s];
        const inner = skipOuterExpressions(ts, e);
        return ts.isPropertyAccessExpression(inner) ? [inner.name.text] : [];
      });
    }
    if (ts.isIdentifier(n)) {
      const facts = tracer.factsOf(n);
      const variable = facts.scope.variableOf(n);
      if (variable?.initializer !== undefined && variable.path.length === 0 && !facts.scope.isReassigned(variable)) {
        return this.signalList(variable.initializer);
      }
    }
    return [];
  }

  /** What a handler does; memoised per function when no arguments are bound. */
  summaryOf(handler: ts.Node | undefined): Summary {
    if (handler === undefined) return emptySummary();
    const target = this.tracer.functionOf(handler);
    if (target === 'package') return emptySummary();
    if (target === 'unknown') return { ...emptySummary(), closes: UNKNOWN, opaque: true };
    const cached = this.summaries.get(target.fn);
    if (cached !== undefined) return cached;
    const summary = emptySummary();
    new HandlerWalk(this, summary).function(target.fn, EMPTY_ENV, 0);
    this.summaries.set(target.fn, summary);
    return summary;
  }
}

function emptySummary(): Summary {
  return { closes: OTHER, keepAlive: false, bounds: [], exits: [], opaque: false, registers: new Set() };
}

/** Follows one handler through what it calls, filling its summary. */
class HandlerWalk {
  private followed = 0;
  private readonly active = new Set<ts.Node>();

  constructor(
    private readonly facts: ShutdownFacts,
    private readonly summary: Summary,
  ) {}

  private get ts(): TS {
    return this.facts.ts;
  }

  function(fn: FunctionLikeWithBody, env: Env, depth: number, inTimer = false): void {
    if (fn.body === undefined || this.active.has(fn)) return;
    if (depth > MAX_CALL_DEPTH || ++this.followed > MAX_FOLLOWED_CALLS) {
      this.opaque();
      return;
    }
    this.active.add(fn);
    this.visit(fn.body, env, depth, inTimer);
    this.active.delete(fn);
  }

  private opaque(): void {
    this.summary.opaque = true;
    this.summary.closes = union(this.summary.closes, UNKNOWN);
  }

  private visit(node: ts.Node, env: Env, depth: number, inTimer: boolean): void {
    const { ts } = this;
    if (ts.isCallExpression(node) && this.call(node, env, depth, inTimer)) return;
    ts.forEachChild(node, (child) => this.visit(child, env, depth, inTimer));
  }

  /** Handles a call; true when its arguments were already visited (or must not be). */
  private call(call: ts.CallExpression, env: Env, depth: number, inTimer: boolean): boolean {
    const { ts } = this;
    const { tracer } = this.facts;
    const callee = skipOuterExpressions(ts, call.expression);
    const ref = tracer.resolveRef(callee);
    if (isProcessMember(ref, 'exit')) {
      if (!inTimer) this.summary.exits.push(call);
      return false;
    }
    // A second handler registered while shutting down: the "second signal exits at once" hatch.
    if (this.facts.registrationOf(call) !== undefined) {
      this.summary.registers.add(call);
      return true;
    }
    if (CALLBACK_TIMERS.some((t) => matchesSpec(ref, t))) {
      const [callback, delay, ...rest] = call.arguments;
      if (callback !== undefined) this.timer(callback, delay, env, depth);
      for (const argument of rest) this.visit(argument, env, depth, inTimer);
      return true;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if ((method === 'then' || method === 'finally') && this.isSleep(callee.expression)) {
        const sleep = skipOuterExpressions(ts, callee.expression) as ts.CallExpression;
        if (call.arguments[0] !== undefined) this.timer(call.arguments[0], sleep.arguments[0], env, depth);
        return true;
      }
      if (KEEP_ALIVE_METHODS.has(method)) {
        this.summary.keepAlive = true;
        return false;
      }
      if (CLOSE_METHODS.has(method)) {
        const receiver = tracer.originOf(callee.expression, env);
        if (receiver.ids.size > 0 || receiver.unknown) {
          this.summary.closes = union(this.summary.closes, { ...receiver, classes: new Set() });
          if ([...receiver.ids.values()].some((kind) => CLOSES_KEEP_ALIVE.has(kind as ServerKind))) this.summary.keepAlive = true;
        }
        if (receiver.classes.size > 0) this.follow(call, env, depth, inTimer);
        return false;
      }
      if (CLIENT_CLOSE_METHODS.has(method) || NEUTRAL_METHODS.has(method)) return false;
    }
    this.follow(call, env, depth, inTimer);
    return false;
  }

  /** Follows a call into the function it calls, with its parameters bound to the arguments. */
  private follow(call: ts.CallExpression, env: Env, depth: number, inTimer: boolean): void {
    const { ts } = this;
    const { tracer } = this.facts;
    const callee = skipOuterExpressions(ts, call.expression);
    if (ts.isIdentifier(callee) && this.isPromiseResolver(callee)) return;
    const target = tracer.functionOf(callee);
    if (target === 'package') return;
    if (target === 'unknown') {
      this.opaque();
      return;
    }
    const bound = new Map(env);
    target.fn.parameters.forEach((parameter, i) => {
      const argument = call.arguments[i];
      if (argument === undefined || !ts.isIdentifier(parameter.name)) return;
      const variable = tracer.factsOf(parameter).scope.variableOf(parameter.name);
      if (variable !== undefined) bound.set(variable, tracer.originOf(argument, env));
    });
    this.function(target.fn, bound, depth + 1, inTimer);
  }

  /** A timer's callback that exits is a forced-exit bound of `delay` ms. */
  private timer(callback: ts.Expression, delay: ts.Expression | undefined, env: Env, depth: number): void {
    const probe: Summary = emptySummary();
    const walk = new HandlerWalk(this.facts, probe);
    const target = this.facts.tracer.functionOf(callback);
    if (typeof target === 'object') walk.function(target.fn, env, depth + 1, false);
    if (probe.exits.length > 0) {
      const ms = delay === undefined ? 0 : (staticNumber(this.ts, delay) ?? this.constantNumber(delay));
      this.summary.bounds.push(ms ?? 'unknown');
    }
  }

  /** A delay given as a `const` or a class constant (`this.forceQuitTimeout`). */
  private constantNumber(node: ts.Expression): number | undefined {
    const { ts } = this;
    const { tracer } = this.facts;
    const n = skipOuterExpressions(ts, node);
    if (ts.isPropertyAccessExpression(n)) {
      const base = skipOuterExpressions(ts, n.expression);
      const origin = base.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(base) ? tracer.originOf(base) : undefined;
      for (const cls of origin?.classes ?? []) {
        const value = tracer.memberInitializer(cls, n.name.text);
        if (value !== undefined) return staticNumber(ts, value);
      }
      return undefined;
    }
    if (!ts.isIdentifier(n)) return undefined;
    const facts = this.facts.tracer.factsOf(n);
    const variable = facts.scope.variableOf(n);
    if (variable?.kind !== 'const' || variable.initializer === undefined || variable.path.length > 0) return undefined;
    return staticNumber(ts, variable.initializer);
  }

  private isSleep(node: ts.Expression): boolean {
    const { ts } = this;
    const n = skipOuterExpressions(ts, node);
    if (!ts.isCallExpression(n)) return false;
    const ref = this.facts.tracer.resolveRef(n.expression);
    if (PROMISE_TIMERS.some((t) => matchesSpec(ref, t))) return true;
    const callee = skipOuterExpressions(ts, n.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return SLEEP_NAMES.test(name);
  }

  /** `resolve` / `reject` of a `new Promise((resolve, reject) => …)` executor. */
  private isPromiseResolver(id: ts.Identifier): boolean {
    const { ts } = this;
    const variable = this.facts.tracer.factsOf(id).scope.variableOf(id);
    if (variable?.kind !== 'parameter') return false;
    const fn = variable.declaration.parent;
    const outer = fn?.parent;
    return (
      outer !== undefined &&
      ts.isNewExpression(outer) &&
      ts.isIdentifier(outer.expression) &&
      outer.expression.text === 'Promise'
    );
  }
}

export function isProcessMember(ref: { module: string; path: readonly string[] } | undefined, member: string): boolean {
  return ref !== undefined && ref.module === 'globalThis' && ref.path.length === 2 && ref.path[0] === 'process' && ref.path[1] === member;
}

/** Not an options object or a literal: a handler argument (inline, or a name for one). */
function mayBeFunction(ts: TS, node: ts.Node): boolean {
  const n = skipOuterExpressions(ts, node);
  return !ts.isObjectLiteralExpression(n) && !ts.isStringLiteralLike(n) && !ts.isNumericLiteral(n);
}

/** `app.listen` → `app.listen`; `http.createServer(app).listen` → `http.createServer(…).listen`. */
export function calleeText(ts: TS, callee: ts.Node): string {
  const n = skipOuterExpressions(ts, callee);
  if (ts.isIdentifier(n)) return n.text;
  if (n.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(n)) return `${calleeText(ts, n.expression)}.${n.name.text}`;
  if (ts.isCallExpression(n)) return `${calleeText(ts, n.expression)}(…)`;
  if (ts.isAwaitExpression(n)) return `(await ${calleeText(ts, n.expression)})`;
  return '…';
}

/** Server and app types by the module that declares them. */
const SERVER_TYPES: Readonly<Record<string, { names: readonly string[]; kind: ServerKind }>> = {
  http: { names: ['Server'], kind: 'http' },
  https: { names: ['Server'], kind: 'http' },
  http2: { names: ['Http2Server', 'Http2SecureServer'], kind: 'http' },
  express: { names: ['Express', 'Application'], kind: 'express' },
  'express-serve-static-core': { names: ['Express', 'Application'], kind: 'express' },
  koa: { names: ['Koa', 'Application', 'default'], kind: 'koa' },
  fastify: { names: ['FastifyInstance'], kind: 'fastify' },
  '@nestjs/common': { names: ['INestApplication', 'INestMicroservice'], kind: 'nest' },
  '@nestjs/core': { names: ['NestApplication'], kind: 'nest' },
  '@nestjs/platform-express': { names: ['NestExpressApplication'], kind: 'nest' },
  '@nestjs/platform-fastify': { names: ['NestFastifyApplication'], kind: 'nest' },
};

function serverTypeKind(module: string, path: readonly string[]): ServerKind | undefined {
  const entry = SERVER_TYPES[module];
  const name = path.length === 0 ? 'default' : path[path.length - 1]!;
  return entry !== undefined && entry.names.includes(name) ? entry.kind : undefined;
}
