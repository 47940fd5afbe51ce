/**
 * Request-serving code: the functions a web service runs for each request. Rules that judge code by
 * whether it runs per request (a client created there, I/O without the request's signal, a timer
 * started there) share this one definition.
 *
 * Per file (`facts.memo(REQUEST_HANDLERS)`), without types: functions registered on an application
 * or router value tracked through imports (`express()`, `Router()`, `fastify()`, `new Koa()`,
 * `new Router()` of koa-router, `new Hono()`, `http.createServer`), decorated controller methods
 * (`@Get()` of `@nestjs/common` in a `@Controller()`), Nest middleware, guards and interceptors,
 * Next.js route handlers, `export default { fetch }`, AWS Lambda handlers, and functions whose
 * parameters are annotated with a framework's request types (`req: Request` of express, `ctx:
 * Context` of koa or hono). A parameter named `req` proves nothing and is not used.
 *
 * With a program (`requestServing(facts)` in typed mode): handlers registered anywhere in the
 * program (an imported router, a handler imported from a controller module), and every function of
 * the program they call, transitively.
 */
import type * as ts from 'typescript';
import { carriedOver } from './carry-over.js';
import { isRegistered } from './call-graph.js';
import { findProperty, isFunctionWithBody, propertyValue, staticString, type FunctionLikeWithBody } from '../lang/ast.js';
import { defineFact, type FileFacts } from '../lang/facts.js';
import { findAncestor, hasExportModifier, packageNameOf, sameSegments, type ModuleRef } from '../lang/modules.js';
import { defineProjectFact, type ProjectView } from '../lang/project.js';
import {
  APP_FACTORIES,
  APP_RETURNING_METHODS,
  APP_TYPES,
  CONTROLLERS,
  HANDLER_FUNCTIONS,
  LAMBDA_EVENT_PARAMETER,
  LAMBDA_EXPORT_NAMES,
  NEXT_API_FILE,
  NEXT_MIDDLEWARE_FILE,
  NEXT_MIDDLEWARE_MODULE,
  NEXT_ROUTE_EXPORTS,
  NEXT_ROUTE_FILE,
  PER_REQUEST_INTERFACES,
  PLUGIN_TYPES,
  PLUGIN_WRAPPERS,
  REGISTRATIONS,
  REQUEST_TYPES,
  type Framework,
  type TypeSpec,
  type ValueSpec,
} from './request-frameworks.js';
import type { TS } from '../engine/rule.js';
import { skipOuterExpressions, type Variable } from '../lang/scope.js';
import { walk } from '../engine/walk.js';

export type { Framework } from './request-frameworks.js';

/**
 * How a handler was recognised: registered on an application (`route`), a per-request hook
 * (`hook`), a decorated controller method (`controller`), passed to a server (`server`), exported
 * where a platform calls it per request (`export`), or typed with a request type (`signature`).
 */
export type HandlerKind = 'route' | 'hook' | 'controller' | 'server' | 'export' | 'signature';

export interface RequestHandler {
  /** The function that runs for each request. In typed mode it may be declared in another file. */
  readonly function: FunctionLikeWithBody;
  readonly framework: Framework;
  readonly kind: HandlerKind;
  /** What makes it a handler: the registering call, the decorator, the export, the type annotation. */
  readonly registration: ts.Node;
}

/** The handlers a file registers or declares. */
export class RequestHandlers {
  private readonly byFunction = new Map<ts.Node, RequestHandler>();

  constructor(readonly handlers: readonly RequestHandler[]) {
    for (const handler of handlers) if (!this.byFunction.has(handler.function)) this.byFunction.set(handler.function, handler);
  }

  /** The handler record of a function, if the function is one. */
  handlerFor(fn: ts.Node): RequestHandler | undefined {
    return this.byFunction.get(fn);
  }

  /** The innermost handler whose body contains the node. */
  enclosingHandler(node: ts.Node): RequestHandler | undefined {
    for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
      const handler = this.byFunction.get(n);
      if (handler !== undefined) return handler;
    }
    return undefined;
  }
}

/** Per-file fact: the request handlers this file registers or declares. */
export const REQUEST_HANDLERS = defineFact('request-handlers', (facts) => new RequestHandlers(findRequestHandlers(facts)));

export interface ServingFunction {
  /** The innermost enclosing function that runs per request (a handler, or typed: a function one calls). */
  readonly function: FunctionLikeWithBody;
  /** Set when that function is a handler itself. */
  readonly handler: RequestHandler | undefined;
}

export interface RequestServing {
  /** The innermost function around `node` that is request-serving, if any. */
  servingFunction(node: ts.Node): ServingFunction | undefined;
  isRequestServing(node: ts.Node): boolean;
  /** The handler record of a function (any file in typed mode). */
  handlerFor(fn: ts.Node): RequestHandler | undefined;
}

interface ProgramServing {
  handlers: Map<ts.Node, RequestHandler>;
  reachable: Set<ts.Node>;
}

/**
 * Program-wide (typed mode): every project file's handlers and every project function reachable
 * from them through calls, `new`, and functions passed as arguments. Computed once per program; a
 * file's handlers and its functions' callees depend on nothing but the file and what it imports, so
 * the next program of an editor session reuses them for every file whose imports did not change
 * (see carry-over.ts) and only the walk over the call graph is done again.
 */
export const REQUEST_SERVING_FUNCTIONS = defineProjectFact('request-serving-functions', (project): ProgramServing => {
  const handlers = new Map<ts.Node, RequestHandler>();
  for (const sf of project.projectFiles()) {
    for (const handler of carried(project, sf, 'request-handlers', () => project.factsOf(sf).memo(REQUEST_HANDLERS).handlers)) {
      if (!handlers.has(handler.function)) handlers.set(handler.function, handler);
    }
  }
  const reachable = new Set<ts.Node>(handlers.keys());
  const checker = project.checker;
  if (checker === undefined) return { handlers, reachable };
  const queue = [...reachable];
  while (queue.length > 0) {
    const fn = queue.pop()! as FunctionLikeWithBody;
    const callees = carried(project, fn.getSourceFile(), 'callees', () => new Map<ts.Node, readonly FunctionLikeWithBody[]>());
    let found = callees.get(fn);
    if (found === undefined) callees.set(fn, (found = calleesOf(project, checker, fn)));
    for (const callee of found) {
      if (reachable.has(callee)) continue;
      reachable.add(callee);
      queue.push(callee);
    }
  }
  return { handlers, reachable };
});

/** A value kept in the file's carried-over store (computed when the store has none). */
function carried<T>(project: ProjectView, sf: ts.SourceFile, name: string, compute: () => T): T {
  const store = carriedOver(project, sf);
  if (store === undefined) return compute();
  if (!store.has(name)) store.set(name, compute());
  return store.get(name) as T;
}

/**
 * Whether code runs per request. Untyped: inside a handler of this file. Typed: inside a handler of
 * the program or a function reachable from one.
 */
export function requestServing(facts: FileFacts): RequestServing {
  return facts.memo(REQUEST_SERVING);
}

const REQUEST_SERVING = defineFact('request-serving', (facts): RequestServing => {
  const { ts, project } = facts;
  const program = project.program !== undefined ? project.memo(REQUEST_SERVING_FUNCTIONS) : undefined;
  const local = facts.memo(REQUEST_HANDLERS);
  const handlerFor = (fn: ts.Node): RequestHandler | undefined => program?.handlers.get(fn) ?? local.handlerFor(fn);
  // Core's call graph also knows handlers this file's finder does not: routes registered on an
  // application the module receives (an untyped parameter, `this.app`), handlers exported by shape
  // (`module.exports = (req, res) => …`). What they call is followed by the effect summaries.
  const byModel = (fn: ts.Node): boolean => {
    try {
      return isRegistered(facts, fn as FunctionLikeWithBody, 'request');
    } catch {
      return false;
    }
  };
  const isServing = (fn: ts.Node): boolean =>
    (program !== undefined ? program.reachable.has(fn) : local.handlerFor(fn) !== undefined) || byModel(fn);
  const servingFunction = (node: ts.Node): ServingFunction | undefined => {
    for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
      if (isFunctionWithBody(ts, n) && isServing(n)) return { function: n, handler: handlerFor(n) };
    }
    return undefined;
  };
  return { servingFunction, isRequestServing: (node) => servingFunction(node) !== undefined, handlerFor };
});

// ---------------------------------------------------------------------------------------------
// Finding handlers in one file

function findRequestHandlers(facts: FileFacts): RequestHandler[] {
  const finder = new HandlerFinder(facts);
  finder.run();
  return finder.found;
}

const REGISTRATION_METHODS: ReadonlySet<string> = new Set(
  Object.values(REGISTRATIONS).flatMap((r) => [
    ...r.routes,
    ...(r.hooks?.methods ?? []),
    ...(r.routeOptions?.methods ?? []),
    ...(r.events?.methods ?? []),
  ]),
);

/** Annotation names worth a type query in typed mode (a local alias of a framework type). */
const REQUEST_TYPE_HINT = /Request|Response|Reply|Context|Ctx|Event|Handler|Middleware|Next/;

class HandlerFinder {
  readonly found: RequestHandler[] = [];
  private readonly ts: TS;
  private readonly seen = new Set<ts.Node>();
  private readonly appCache = new Map<ts.Node, Framework | null>();
  /** Whether the registration at hand is worth type queries (see `looksLikeRegistration`). */
  private typedLookup = true;

  constructor(private readonly facts: FileFacts) {
    this.ts = facts.ts;
  }

  private get checker(): ts.TypeChecker | undefined {
    return this.facts.project.program !== undefined ? this.facts.project.checker : undefined;
  }

  run(): void {
    const { ts } = this;
    const sf = this.facts.sourceFile;
    this.exportedHandlers();
    for (const node of this.facts.nodes) {
      if (node === sf) continue;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) this.call(node);
      else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) this.controller(node);
      else if (isFunctionWithBody(ts, node)) this.signature(node);
    }
  }

  private add(fn: FunctionLikeWithBody, framework: Framework, kind: HandlerKind, registration: ts.Node): void {
    if (fn.body === undefined) return;
    const key = fn;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.found.push({ function: fn, framework, kind, registration });
  }

  private addAll(expression: ts.Expression | undefined, framework: Framework, kind: HandlerKind, registration: ts.Node): void {
    if (expression === undefined) return;
    for (const fn of this.functionsOf(expression, 0)) this.add(fn, framework, kind, registration);
  }

  /** A handler held by an object literal: `{ fetch(request) { … } }` or `{ handler: fn }`. */
  private addMember(object: ts.ObjectLiteralExpression, key: string, framework: Framework, kind: HandlerKind, registration: ts.Node): void {
    const { ts } = this;
    const member = findProperty(ts, object, key);
    if (member !== undefined && ts.isMethodDeclaration(member)) this.add(member, framework, kind, registration);
    else this.addAll(propertyValue(ts, member), framework, kind, registration);
  }

  // --- registrations: app.get('/x', handler), createServer(handler), server.on('request', handler)

  private call(call: ts.CallExpression | ts.NewExpression): void {
    const { ts } = this;
    const args = call.arguments ?? [];
    const ref = this.facts.modules.resolve(call.expression);
    if (ref !== undefined) {
      const spec = matchValue(HANDLER_FUNCTIONS, ref);
      if (spec !== undefined) {
        for (const arg of args) {
          const inner = skipOuterExpressions(ts, arg);
          if (ts.isObjectLiteralExpression(inner)) {
            // Bun.serve({ fetch }), Deno.serve({ handler })
            for (const key of ['fetch', 'handler']) this.addMember(inner, key, spec.framework, 'server', call);
          } else {
            this.addAll(arg as ts.Expression, spec.framework, 'server', call);
          }
        }
        return;
      }
    }
    if (!ts.isCallExpression(call)) return;
    const callee = skipOuterExpressions(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!REGISTRATION_METHODS.has(method)) return;
    if (!args.some((a) => this.mayBeFunction(a))) return; // `app.get('etag')` reads a setting
    const framework = this.registrationFramework(callee.expression, this.looksLikeRegistration(args));
    if (framework === undefined) return;
    const registrations = REGISTRATIONS[framework];
    if (registrations === undefined) return;
    if (registrations.hooks?.methods.includes(method)) {
      const name = staticString(ts, args[0]);
      if (name !== undefined && registrations.hooks.names.includes(name)) this.addAll(args[1], framework, 'hook', call);
      return;
    }
    if (registrations.events?.methods.includes(method)) {
      const name = staticString(ts, args[0]);
      if (name !== undefined && registrations.events.names.includes(name)) this.addAll(args[1], framework, 'server', call);
      return;
    }
    if (registrations.routeOptions?.methods.includes(method)) {
      for (const arg of args) {
        const options = skipOuterExpressions(ts, arg);
        if (!ts.isObjectLiteralExpression(options)) continue;
        for (const key of registrations.routeOptions.keys) this.addMember(options, key, framework, key === 'handler' ? 'route' : 'hook', call);
      }
    }
    if (registrations.routes.includes(method)) {
      for (const arg of args) {
        if (!ts.isObjectLiteralExpression(skipOuterExpressions(ts, arg))) this.addAll(arg as ts.Expression, framework, 'route', call);
      }
    }
  }

  /** Cheap filter before any resolution: an argument that can be a function. */
  private mayBeFunction(arg: ts.Expression): boolean {
    const { ts } = this;
    const n = skipOuterExpressions(ts, arg);
    return !(ts.isStringLiteralLike(n) || ts.isTemplateExpression(n) || ts.isNumericLiteral(n) || ts.isRegularExpressionLiteral(n));
  }

  /**
   * Worth a type query (typed mode, receiver unknown to syntax): an inline function among the
   * arguments, or a path or event name followed by more arguments. `cache.get(key)` is not.
   */
  private looksLikeRegistration(args: readonly ts.Expression[]): boolean {
    const { ts } = this;
    const inline = (a: ts.Expression): boolean => {
      const n = skipOuterExpressions(ts, a);
      return ts.isArrowFunction(n) || ts.isFunctionExpression(n) || (ts.isCallExpression(n) && n.arguments.some(inline));
    };
    if (args.some(inline)) return true;
    const first = args[0] && skipOuterExpressions(ts, args[0]);
    return args.length >= 2 && first !== undefined && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first));
  }

  /** The framework of the receiver of `x.get(…)`: an application, or `app.route('/x')` of one. */
  private registrationFramework(receiver: ts.Expression, typedLookup: boolean): Framework | undefined {
    this.typedLookup = typedLookup;
    const { ts } = this;
    const r = skipOuterExpressions(ts, receiver);
    if (ts.isCallExpression(r)) {
      const inner = skipOuterExpressions(ts, r.expression);
      if (ts.isPropertyAccessExpression(inner)) {
        const framework = this.appFramework(inner.expression, 0);
        if (framework !== undefined && REGISTRATIONS[framework]?.routeObjects?.includes(inner.name.text)) return framework;
      }
    }
    return this.appFramework(receiver, 0);
  }

  /** Which framework's application or router an expression holds, tracked through variables and imports. */
  appFramework(expression: ts.Node, depth: number): Framework | undefined {
    const cached = this.appCache.get(expression);
    if (cached !== undefined) return cached ?? undefined;
    this.appCache.set(expression, null);
    const framework = depth > 8 ? undefined : this.computeApp(expression, depth);
    // Without type queries a miss is not final: a later registration may look the receiver up typed.
    if (framework === undefined && !this.typedLookup && this.checker !== undefined) this.appCache.delete(expression);
    else this.appCache.set(expression, framework ?? null);
    return framework;
  }

  private computeApp(expression: ts.Node, depth: number): Framework | undefined {
    const { ts, facts } = this;
    const n = skipOuterExpressions(ts, expression);
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const ref = facts.modules.resolve(n.expression);
      const factory = ref && matchValue(APP_FACTORIES, ref);
      if (factory !== undefined) return factory.framework;
      const callee = skipOuterExpressions(ts, n.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const base = this.appFramework(callee.expression, depth + 1);
        if (base !== undefined && APP_RETURNING_METHODS[base]?.includes(callee.name.text)) return base;
      }
      return undefined;
    }
    if (ts.isAwaitExpression(n)) return undefined;
    if (ts.isIdentifier(n)) {
      const variable = facts.scope.variableOf(n);
      const found = variable === undefined ? undefined : this.variableApp(variable, depth);
      return found ?? (variable === undefined ? undefined : this.typedApp(n));
    }
    if (ts.isPropertyAccessExpression(n)) {
      if (n.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const found = this.memberApp(n, depth);
        if (found !== undefined) return found;
      }
      return this.typedApp(n);
    }
    return undefined;
  }

  private variableApp(variable: Variable, depth: number): Framework | undefined {
    const { ts, facts } = this;
    if (variable.kind === 'parameter') return this.parameterApp(variable.declaration as ts.ParameterDeclaration);
    if (variable.kind !== 'const' && variable.kind !== 'let' && variable.kind !== 'var') return undefined;
    const declaration = variable.declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.type !== undefined && variable.path.length === 0) {
      const annotated = typeSpecOf(facts, declaration.type, APP_TYPES);
      if (annotated !== undefined) return annotated.framework;
    }
    if (variable.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return undefined;
    return this.appFramework(variable.initializer, depth + 1);
  }

  /** `this.app` of a class whose property is initialised with, or typed as, an application. */
  private memberApp(access: ts.PropertyAccessExpression, depth: number): Framework | undefined {
    const { ts, facts } = this;
    const cls = findAncestor(access, ts.isClassLike);
    if (cls === undefined) return undefined;
    const name = access.name.text;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === name) {
        if (member.type !== undefined) {
          const annotated = typeSpecOf(facts, member.type, APP_TYPES);
          if (annotated !== undefined) return annotated.framework;
        }
        if (member.initializer !== undefined) return this.appFramework(member.initializer, depth + 1);
      }
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) {
          if (ts.isIdentifier(parameter.name) && parameter.name.text === name && parameter.type !== undefined) {
            return typeSpecOf(facts, parameter.type, APP_TYPES)?.framework;
          }
        }
      }
    }
    return undefined;
  }

  /** `(app: Express) => …`, `fp(async (fastify) => …)`, `fastify.register(async (instance) => …)`. */
  private parameterApp(parameter: ts.ParameterDeclaration): Framework | undefined {
    const { ts, facts } = this;
    if (parameter.type !== undefined) {
      const annotated = typeSpecOf(facts, parameter.type, APP_TYPES);
      if (annotated !== undefined) return annotated.framework;
    }
    const fn = parameter.parent;
    if (!isFunctionWithBody(ts, fn) || fn.parameters[0] !== parameter) return undefined;
    const site = fn.parent;
    if (ts.isVariableDeclaration(site) && site.initializer === fn && site.type !== undefined) {
      return typeSpecOf(facts, site.type, PLUGIN_TYPES)?.framework;
    }
    if (!ts.isCallExpression(site) || site.arguments[0] !== fn) return undefined;
    const ref = facts.modules.resolve(site.expression);
    const wrapper = ref && matchValue(PLUGIN_WRAPPERS, ref);
    if (wrapper !== undefined) return wrapper.framework;
    const callee = skipOuterExpressions(ts, site.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const base = this.appFramework(callee.expression, 1);
    return base !== undefined && REGISTRATIONS[base]?.plugins?.includes(callee.name.text) ? base : undefined;
  }

  /** Typed mode: an application declared in another project file, or a value typed as one. */
  private typedApp(node: ts.Expression): Framework | undefined {
    const { ts } = this;
    const checker = this.checker;
    if (checker === undefined || !this.typedLookup) return undefined;
    for (const declaration of declarationsOf(ts, checker, node)) {
      const sf = declaration.getSourceFile();
      if (sf === this.facts.sourceFile || sf.isDeclarationFile) continue;
      if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && ts.isIdentifier(declaration.name)) {
        const other = this.facts.project.factsOf(sf);
        const finder = new HandlerFinder(other);
        const found = finder.appFramework(declaration.name, 1) ?? finder.appFramework(declaration.initializer, 1);
        if (found !== undefined) return found;
      }
    }
    return matchType(ts, checker.getTypeAtLocation(node), APP_TYPES)?.framework;
  }

  // --- decorated controllers and per-request interfaces

  private controller(cls: ts.ClassLikeDeclaration): void {
    const { ts, facts } = this;
    const classDecorators = decoratorRefs(ts, facts, cls);
    for (const spec of CONTROLLERS) {
      if (!classDecorators.some((d) => d.ref.module === spec.module && spec.classDecorators.includes(d.ref.path[0] ?? ''))) continue;
      for (const member of cls.members) {
        if (!ts.isMethodDeclaration(member)) continue;
        const marker = decoratorRefs(ts, facts, member).find(
          (d) => d.ref.module === spec.module && d.ref.path.length === 1 && spec.methodDecorators.includes(d.ref.path[0]!),
        );
        if (marker !== undefined) this.add(member, spec.framework, 'controller', marker.decorator);
      }
    }
    for (const clause of cls.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
      for (const type of clause.types) {
        const ref = resolveTypeName(facts, type.expression);
        const spec = ref && PER_REQUEST_INTERFACES.find((i) => i.module === ref.module && ref.path.length === 1 && ref.path[0] === i.name);
        if (spec === undefined) continue;
        for (const member of cls.members) {
          if (ts.isMethodDeclaration(member) && member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === spec.method) {
            this.add(member, spec.framework, 'controller', type);
          }
        }
      }
    }
  }

  // --- functions typed as handlers: (req: Request, res: Response), (ctx: Context), const h: RequestHandler = …

  private signature(fn: FunctionLikeWithBody): void {
    const { ts, facts } = this;
    for (const parameter of fn.parameters) {
      if (parameter.type === undefined) continue;
      const spec = typeSpecOf(facts, parameter.type, REQUEST_TYPES) ?? this.typedRequestType(parameter.type);
      if (spec !== undefined) {
        this.add(fn, spec.framework, 'signature', parameter.type);
        return;
      }
    }
    const site = fn.parent;
    if (ts.isVariableDeclaration(site) && site.initializer === fn && site.type !== undefined) {
      const spec = typeSpecOf(facts, site.type, REQUEST_TYPES) ?? this.typedRequestType(site.type);
      if (spec !== undefined) this.add(fn, spec.framework, 'signature', site.type);
    }
  }

  /** Typed mode: a local alias or interface of a framework's request type (`ctx: APIContext`). */
  private typedRequestType(type: ts.TypeNode): TypeSpec | undefined {
    const { ts } = this;
    const checker = this.checker;
    if (checker === undefined || !ts.isTypeReferenceNode(type)) return undefined;
    if (!REQUEST_TYPE_HINT.test(entityText(ts, type.typeName))) return undefined;
    return matchType(ts, checker.getTypeFromTypeNode(type), REQUEST_TYPES);
  }

  // --- handlers by export: Next.js, fetch-style modules, Lambda

  private exportedHandlers(): void {
    const { ts, facts } = this;
    const sf = facts.sourceFile;
    const fileName = sf.fileName;
    const nextRoute = NEXT_ROUTE_FILE.test(fileName);
    const nextApi = NEXT_API_FILE.test(fileName);
    const nextMiddleware =
      NEXT_MIDDLEWARE_FILE.test(fileName) &&
      sf.statements.some((s) => ts.isImportDeclaration(s) && staticString(ts, s.moduleSpecifier) === NEXT_MIDDLEWARE_MODULE);
    for (const { name, value, node } of exportedValues(ts, facts)) {
      if (nextRoute && NEXT_ROUTE_EXPORTS.has(name)) this.addAll(value, 'nextjs', 'export', node);
      else if (nextApi && name === 'default') this.addAll(value, 'nextjs', 'export', node);
      else if (nextMiddleware && (name === 'middleware' || name === 'default')) this.addAll(value, 'nextjs', 'export', node);
      else if (name === 'default') {
        // export default { fetch(request, env, ctx) { … } }
        const object = skipOuterExpressions(ts, value);
        if (ts.isObjectLiteralExpression(object)) this.addMember(object, 'fetch', 'fetch', 'export', node);
      } else if (LAMBDA_EXPORT_NAMES.has(name)) {
        for (const fn of this.functionsOf(value, 0)) {
          const first = fn.parameters[0];
          if (first !== undefined && ts.isIdentifier(first.name) && LAMBDA_EVENT_PARAMETER.test(first.name.text)) {
            this.add(fn, 'lambda', 'export', node);
          }
        }
      }
    }
  }

  // --- what a handler argument is: the functions an expression denotes

  functionsOf(expression: ts.Expression, depth: number): FunctionLikeWithBody[] {
    const { ts, facts } = this;
    if (depth > 4) return [];
    const n = skipOuterExpressions(ts, expression);
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return [n];
    if (ts.isFunctionDeclaration(n)) return n.body !== undefined ? [n] : [];
    if (ts.isArrayLiteralExpression(n)) return n.elements.flatMap((e) => this.functionsOf(e, depth + 1));
    if (ts.isCallExpression(n)) {
      // `handler.bind(this)`, and wrappers: asyncHandler(async (req, res) => …), catchAsync(fn)
      const callee = skipOuterExpressions(ts, n.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return this.functionsOf(callee.expression, depth + 1);
      if (depth > 1) return [];
      return n.arguments.flatMap((a) => {
        const inner = skipOuterExpressions(ts, a);
        return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)
          ? this.functionsOf(inner, depth + 1)
          : [];
      });
    }
    if (ts.isIdentifier(n)) {
      const variable = facts.scope.variableOf(n);
      if (variable === undefined) return [];
      if (variable.kind === 'function' && ts.isFunctionDeclaration(variable.declaration)) return [variable.declaration];
      if ((variable.kind === 'const' || variable.kind === 'let' || variable.kind === 'var') && variable.path.length === 0) {
        if (variable.initializer === undefined || facts.scope.isReassigned(variable)) return [];
        return this.functionsOf(variable.initializer, depth + 1);
      }
      if (variable.kind === 'import' || variable.kind === 'import-equals') return this.typedFunctions(n);
      return [];
    }
    if (ts.isPropertyAccessExpression(n)) {
      const local = this.memberFunctions(n, depth);
      return local.length > 0 ? local : this.typedFunctions(n);
    }
    return [];
  }

  /** `controller.list` of an object literal or a `new LocalClass()` in this file; `this.handle` of the enclosing class. */
  private memberFunctions(access: ts.PropertyAccessExpression, depth: number): FunctionLikeWithBody[] {
    const { ts, facts } = this;
    const name = access.name.text;
    let cls: ts.ClassLikeDeclaration | undefined;
    const object = skipOuterExpressions(ts, access.expression);
    if (object.kind === ts.SyntaxKind.ThisKeyword) cls = findAncestor(access, ts.isClassLike);
    else if (ts.isIdentifier(object)) {
      const variable = facts.scope.variableOf(object);
      if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return [];
      const init = skipOuterExpressions(ts, variable.initializer);
      if (ts.isObjectLiteralExpression(init)) {
        const property = findProperty(ts, init, name);
        if (property !== undefined && ts.isMethodDeclaration(property)) return [property];
        const value = propertyValue(ts, property);
        return value === undefined ? [] : this.functionsOf(value, depth + 1);
      }
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
        const classVariable = facts.scope.variableOf(init.expression);
        if (classVariable?.kind === 'class' && ts.isClassLike(classVariable.declaration)) cls = classVariable.declaration;
      }
    }
    if (cls === undefined) return [];
    for (const member of cls.members) {
      if (member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
      if (ts.isMethodDeclaration(member)) return [member];
      if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) return this.functionsOf(member.initializer, depth + 1);
    }
    return [];
  }

  /** Typed mode: the project functions an imported name or a member access denotes. */
  private typedFunctions(node: ts.Expression): FunctionLikeWithBody[] {
    const checker = this.checker;
    if (checker === undefined) return [];
    return declarationsOf(this.ts, checker, node).flatMap((d) => functionOfDeclaration(this.ts, d));
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function matchValue<T extends ValueSpec>(specs: readonly T[], ref: ModuleRef): T | undefined {
  if (ref.local) return undefined;
  return specs.find((s) => s.module === ref.module && sameSegments(s.path, ref.path));
}

/**
 * The module value a type annotation names, through imports of every form including `import type`:
 * `req: Request` after `import type { Request } from 'express'`, `ctx: Koa.Context`.
 */
function typeSpecOf<T extends ValueSpec>(facts: FileFacts, type: ts.TypeNode, specs: readonly T[]): T | undefined {
  const { ts } = facts;
  if (!ts.isTypeReferenceNode(type)) return undefined;
  const ref = resolveTypeName(facts, type.typeName);
  return ref && matchValue(specs, ref);
}

/**
 * The module value a type name denotes (`Request`, `express.Request`, an `implements` clause), through
 * imports of every form including `import type`, which `facts.modules.resolve` leaves out because
 * a type-only import is no value.
 */
export function resolveTypeName(facts: FileFacts, name: ts.Node): ModuleRef | undefined {
  const { ts } = facts;
  if (ts.isQualifiedName(name) || ts.isPropertyAccessExpression(name)) {
    const left = ts.isQualifiedName(name) ? name.left : name.expression;
    const base = resolveTypeName(facts, left);
    const right = ts.isQualifiedName(name) ? name.right.text : name.name.text;
    return base && { ...base, path: [...base.path, right] };
  }
  if (!ts.isIdentifier(name)) return undefined;
  const variable = lookup(facts, name);
  if (variable === undefined) return undefined;
  const decl = variable.declaration;
  if (variable.kind === 'import-equals') {
    const d = decl as ts.ImportEqualsDeclaration;
    if (!ts.isExternalModuleReference(d.moduleReference)) return undefined;
    const specifier = staticString(ts, d.moduleReference.expression);
    return specifier === undefined ? undefined : packageRef(facts, specifier, []);
  }
  if (variable.kind !== 'import') return undefined;
  const importDecl = findAncestor(decl, ts.isImportDeclaration);
  const specifier = importDecl && staticString(ts, importDecl.moduleSpecifier);
  if (specifier === undefined) return undefined;
  if (ts.isImportClause(decl)) return packageRef(facts, specifier, []);
  if (ts.isNamespaceImport(decl)) return packageRef(facts, specifier, []);
  if (ts.isImportSpecifier(decl)) return packageRef(facts, specifier, [(decl.propertyName ?? decl.name).text]);
  return undefined;
}

function packageRef(facts: FileFacts, specifier: string, path: readonly string[]): ModuleRef | undefined {
  const ref = facts.modules.resolveSpecifier(specifier, path);
  if (ref === undefined || ref.local) return ref;
  return { module: ref.module, path: ref.path.filter((s) => s !== 'default') };
}

/** The variable a name refers to in its scope, for names the scope analysis does not record (types). */
function lookup(facts: FileFacts, name: ts.Identifier): Variable | undefined {
  for (let scope: ReturnType<FileFacts['scope']['scopeAt']> | undefined = facts.scope.scopeAt(name); scope !== undefined; scope = scope.parent) {
    const variable = scope.variables.get(name.text);
    if (variable !== undefined) return variable;
  }
  return undefined;
}

function entityText(ts: TS, name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : name.right.text;
}

function decoratorRefs(ts: TS, facts: FileFacts, node: ts.Node): { decorator: ts.Decorator; ref: ModuleRef }[] {
  if (!ts.canHaveDecorators(node)) return [];
  const found: { decorator: ts.Decorator; ref: ModuleRef }[] = [];
  for (const decorator of ts.getDecorators(node) ?? []) {
    const expression = skipOuterExpressions(ts, decorator.expression);
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    const ref = facts.modules.resolve(callee);
    if (ref !== undefined && !ref.local) found.push({ decorator, ref });
  }
  return found;
}

/** A type (or one of its union / intersection members, or its alias) declared by a framework package as one of `specs`. */
function matchType<T extends ValueSpec>(ts: TS, type: ts.Type, specs: readonly T[]): T | undefined {
  const candidates: ts.Symbol[] = [];
  const collect = (t: ts.Type, depth: number): void => {
    if (t.aliasSymbol !== undefined) candidates.push(t.aliasSymbol);
    const symbol = t.getSymbol();
    if (symbol !== undefined) candidates.push(symbol);
    if (depth < 2 && (t.isUnion() || t.isIntersection())) for (const member of t.types) collect(member, depth + 1);
  };
  collect(type, 0);
  for (const symbol of candidates) {
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) continue;
    const packageName = packageNameOf(declaration.getSourceFile().fileName) ?? ambientModuleName(ts, declaration);
    if (packageName === undefined) continue;
    const spec = specs.find(
      (s) => (s.module === packageName || s.module === `${packageName}-serve-static-core`) && s.path[s.path.length - 1] === symbol.name,
    );
    if (spec !== undefined) return spec;
    if (packageName === 'express-serve-static-core') {
      const express = specs.find((s) => s.module === 'express-serve-static-core' && s.path[s.path.length - 1] === symbol.name);
      if (express !== undefined) return express;
    }
  }
  return undefined;
}

function ambientModuleName(ts: TS, declaration: ts.Node): string | undefined {
  for (let p: ts.Node | undefined = declaration.parent; p !== undefined; p = p.parent) {
    if (ts.isModuleDeclaration(p) && ts.isStringLiteral(p.name)) return p.name.text.replace(/^node:/, '');
  }
  return undefined;
}

/** The declarations a name or member access denotes (aliases followed). */
function declarationsOf(ts: TS, checker: ts.TypeChecker, node: ts.Node): readonly ts.Declaration[] {
  const n = skipOuterExpressions(ts, node);
  const target = ts.isPropertyAccessExpression(n) ? n.name : ts.isIdentifier(n) ? n : undefined;
  if (target === undefined) return [];
  let symbol = checker.getSymbolAtLocation(target);
  if (symbol === undefined) return [];
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol.declarations ?? [];
}

/** The function with a body that a declaration gives: a function, a method, or a variable or property initialised with one. */
function functionOfDeclaration(ts: TS, declaration: ts.Node): FunctionLikeWithBody[] {
  const sf = declaration.getSourceFile();
  if (sf.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sf.fileName)) return [];
  if (isFunctionWithBody(ts, declaration)) return declaration.body !== undefined ? [declaration] : [];
  const initializer =
    ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)
      ? declaration.initializer
      : undefined;
  if (initializer === undefined) return [];
  const inner = skipOuterExpressions(ts, initializer);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) ? [inner] : [];
}

/** Exports of a file by name: `export function GET`, `export const GET = …`, `export default …`, `exports.handler = …`. */
function exportedValues(ts: TS, facts: FileFacts): { name: string; value: ts.Expression; node: ts.Node }[] {
  const found: { name: string; value: ts.Expression; node: ts.Node }[] = [];
  const sf = facts.sourceFile;
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(ts, statement)) {
      const isDefault = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
      const name = isDefault ? 'default' : statement.name?.text;
      if (name !== undefined && statement.body !== undefined) {
        found.push({ name, value: statement as unknown as ts.Expression, node: statement });
      }
    } else if (ts.isVariableStatement(statement) && hasExportModifier(ts, statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer !== undefined) found.push({ name: d.name.text, value: d.initializer, node: d });
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      found.push({ name: 'default', value: statement.expression, node: statement });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause !== undefined) {
      if (!ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        const local = element.propertyName ?? element.name;
        if (ts.isIdentifier(local)) found.push({ name: element.name.text, value: local, node: element });
      }
    } else if (ts.isExpressionStatement(statement)) {
      // exports.handler = …, module.exports.handler = …
      const e = statement.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = skipOuterExpressions(ts, e.left);
      if (!ts.isPropertyAccessExpression(target)) continue;
      const object = skipOuterExpressions(ts, target.expression);
      const isExports =
        (ts.isIdentifier(object) && object.text === 'exports' && facts.scope.isFree(object)) ||
        (ts.isPropertyAccessExpression(object) &&
          object.name.text === 'exports' &&
          ts.isIdentifier(object.expression) &&
          object.expression.text === 'module' &&
          facts.scope.isFree(object.expression));
      if (isExports) found.push({ name: target.name.text, value: e.right, node: statement });
    }
  }
  return found;
}

/**
 * The value is assigned only when its target is still empty: `x ??= make()`, `x ||= make()`,
 * `x || (x = make())`, `if (!x) x = make()`, `if (x === undefined) { x = make(); }`.
 */
export function isLazyInitialization(ts: TS, expression: ts.Expression): boolean {
  let n: ts.Node = expression;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) {
    n = n.parent;
  }
  const assignment = n.parent;
  if (assignment === undefined || !ts.isBinaryExpression(assignment) || assignment.right !== n) return false;
  const operator = assignment.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
  if (operator !== ts.SyntaxKind.EqualsToken) return false;
  const target = skipOuterExpressions(ts, assignment.left).getText();
  for (let a: ts.Node = assignment; a.parent !== undefined && !isFunctionWithBody(ts, a.parent); a = a.parent) {
    const p = a.parent;
    if (ts.isIfStatement(p) && p.thenStatement === a && mentions(ts, p.expression, target)) return true;
    if (
      ts.isBinaryExpression(p) &&
      p.right === a &&
      (p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
      skipOuterExpressions(ts, p.left).getText() === target
    ) {
      return true;
    }
  }
  return false;
}

function mentions(ts: TS, condition: ts.Node, target: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && node.getText() === target) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(condition);
  return found;
}

/** Methods of arrays, promises, strings and collections: never a project function, not worth a symbol query. */
const BUILT_IN_METHODS: ReadonlySet<string> = new Set(
  ('then catch finally map filter forEach reduce some every find findIndex flatMap flat push pop shift unshift slice splice ' +
    'concat join split trim includes indexOf startsWith endsWith replace replaceAll toLowerCase toUpperCase toString ' +
    'toISOString toFixed padStart padEnd match test exec keys values entries sort reverse fill at charAt').split(' '),
);

/**
 * A member call worth a symbol query: `this.users.list()`, `Model.findAll()`, `new Trail().write()` —
 * a chain of names, not the result of a call (`(await q()).rows.map()`), and not a built-in method.
 */
function isResolvableMember(ts: TS, callee: ts.Node): callee is ts.PropertyAccessExpression {
  if (!ts.isPropertyAccessExpression(callee) || BUILT_IN_METHODS.has(callee.name.text)) return false;
  let object: ts.Expression = callee.expression;
  while (ts.isPropertyAccessExpression(object)) object = object.expression;
  object = skipOuterExpressions(ts, object) as ts.Expression;
  if (ts.isNewExpression(object)) object = object.expression; // new AuditTrail().write()
  return ts.isIdentifier(object) || object.kind === ts.SyntaxKind.ThisKeyword || object.kind === ts.SyntaxKind.SuperKeyword;
}

/** Typed: the project functions a function calls, constructs, or passes on as a callback. */
function calleesOf(project: ProjectView, checker: ts.TypeChecker, fn: FunctionLikeWithBody): FunctionLikeWithBody[] {
  const { ts } = project;
  const found: FunctionLikeWithBody[] = [];
  const body = fn.body;
  if (body === undefined) return found;
  const scope = project.factsOf(fn.getSourceFile()).scope;
  const add = (target: ts.Node, asArgument: boolean): void => {
    // Names the file declares resolve without the checker; parameters and plain values are no functions.
    if (ts.isIdentifier(target)) {
      const variable = scope.variableOf(target);
      if (variable !== undefined && variable.kind !== 'import' && variable.kind !== 'import-equals') {
        const declaration = variable.declaration;
        if (variable.kind === 'function' || variable.kind === 'class') target = declaration;
        else if (ts.isVariableDeclaration(declaration) && variable.path.length === 0) target = declaration;
        else return;
        if (ts.isClassLike(target)) addClass(target);
        else found.push(...functionOfDeclaration(ts, target));
        return;
      }
      if (variable === undefined && asArgument) return; // a global passed as a value
    }
    for (const declaration of declarationsOf(ts, checker, target)) {
      if (ts.isClassLike(declaration)) addClass(declaration);
      else found.push(...functionOfDeclaration(ts, declaration));
    }
  };
  const addClass = (declaration: ts.ClassLikeDeclaration): void => {
    if (!isProjectNode(declaration)) return;
    for (const member of declaration.members) {
      if (ts.isConstructorDeclaration(member) && member.body !== undefined) found.push(member);
    }
  };
  walk(ts, body, {
    enter(node) {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = skipOuterExpressions(ts, node.expression);
        // `if (!shared) shared = new Service()`: a lazy singleton is made once, not per request.
        if ((ts.isIdentifier(callee) || isResolvableMember(ts, callee)) && !isLazyInitialization(ts, node)) add(callee, false);
        for (const arg of node.arguments ?? []) {
          const inner = skipOuterExpressions(ts, arg);
          if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) add(inner, true);
        }
      } else if (ts.isDecorator(node)) {
        return false;
      }
      return true;
    },
  });
  return found;

  function isProjectNode(node: ts.Node): boolean {
    const sf = node.getSourceFile();
    return !sf.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(sf.fileName);
  }
}
