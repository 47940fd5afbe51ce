/**
 * The call graph of a program and the lifecycle of each function: when it runs.
 *
 * - `load`: while its module loads (top-level code and what it calls);
 * - `startup`: once, when the service starts (a `listen` callback, `onModuleInit`);
 * - `request`: per request or message (routes, middleware, socket and `ws` handlers, controllers,
 *   handler files and exports, and what they call);
 * - `background`: timers, cron jobs, queue workers;
 * - `shutdown`: signal handlers, `onModuleDestroy`, shutdown hooks.
 *
 * Edges: calls and `new` of local functions and classes, of imported functions (followed through
 * the module graph of program-model.ts, ESM and CommonJS, with and without types), `this.method()`,
 * methods of injected services (typed: by the checker; untyped: by a method name unique in the
 * program), and callbacks given to synchronous APIs (`map`, `then`, `new Promise`). A callback given
 * to a registration API (lifecycle-catalogue.ts) starts its own lifecycle instead; one given to an
 * unknown API is not followed (its lifecycle is unknown, and rules fall back to their own view).
 * A registration under a test or development switch (`if (process.env.NODE_ENV === 'test')`) is no
 * production entry and is left out.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { isFunctionWithBody, type FunctionLikeWithBody } from '../lang/ast.js';
import type { FileFacts } from '../lang/facts.js';
import { findAncestor } from '../lang/modules.js';
import { checkerFor } from '../lang/project.js';
import { REQUEST_HANDLERS, isLazyInitialization } from './request-handlers.js';
import { skipOuterExpressions, type Variable } from '../lang/scope.js';
import { walk } from '../engine/walk.js';
import { hasUseServerDirective } from './entry-points.js';
import { APP_RECEIVER, CALLBACK_APIS, CALLBACK_METHODS, LIFECYCLE_METHODS, ROUTE_METHODS, SYNC_CALLBACKS, TEST_SWITCH } from './lifecycle-catalogue.js';
import { lineColumn, programModel, timeModel, type ModelFile, type ProgramModel, type TraceStep } from './program-model.js';

export type Lifecycle = 'load' | 'startup' | 'request' | 'background' | 'shutdown';
export const LIFECYCLES: readonly Lifecycle[] = ['load', 'startup', 'request', 'background', 'shutdown'];

/** A unit of code: a function with a body, or a module's top level. */
export type Unit = FunctionLikeWithBody | ts.SourceFile;

export interface CallEdge {
  readonly callee: Unit;
  /** The call (or the argument) that makes the edge. */
  readonly site: ts.Node;
}

export interface LifecycleRoot {
  readonly unit: Unit;
  readonly lifecycle: Lifecycle;
  /** The registration: `router.post`, `setInterval`, `process.on('SIGTERM')`, `onModuleInit`. */
  readonly site: ts.Node;
  readonly what: string;
}

interface Reached {
  readonly from: Unit | undefined;
  readonly site: ts.Node;
  readonly what: string;
}

/** Methods of built-in values: never worth a lookup by name. */
const BUILT_IN: ReadonlySet<string> = new Set(
  ('then catch finally map filter forEach reduce some every find findIndex flatMap flat push pop shift unshift slice splice ' +
    'concat join split trim includes indexOf startsWith endsWith replace replaceAll toLowerCase toUpperCase toString toJSON ' +
    'toISOString toFixed padStart padEnd match test exec keys values entries sort reverse fill at charAt get set has add delete ' +
    'clear emit on once off call apply bind log info warn error debug send json status end write next resolve reject').split(' '),
);

/** What a file's roots or a unit's callees were computed from: files resolved into, method names looked up. */
interface Dependencies {
  readonly files: Set<string>;
  readonly names: Set<string>;
}

/**
 * The graph of an earlier model of the same untyped root whose records are the same objects except
 * for `changed` (the buffers the two models hold): a file's roots and a unit's callees that depended
 * on none of them, nor on a method name they declare, are taken over instead of computed again.
 */
export interface EarlierGraph {
  readonly graph: CallGraph;
  readonly changed: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
}

export class CallGraph {
  private readonly edges = new Map<Unit, CallEdge[]>();
  /** Per file: its roots and what they depended on (for a later graph of the same root). */
  private readonly rootsByFile = new Map<string, { roots: LifecycleRoot[]; deps: Dependencies }>();
  /** Per unit: the dependencies of its callees and the functions it let escape. */
  private readonly calleeDeps = new Map<Unit, { deps: Dependencies; escaped: Unit[] }>();
  private recording: Dependencies | undefined;
  /** Functions handed to an API the graph does not know (they may run at any time). */
  private readonly escaped = new Set<Unit>();
  private rootList: LifecycleRoot[] | undefined;
  private lifecycles: Map<Unit, Map<Lifecycle, Reached>> | undefined;
  private methodIndex: Map<string, FunctionLikeWithBody[]> | undefined;
  private readonly ts: FileFacts['ts'];

  constructor(
    readonly model: ProgramModel,
    private earlier?: EarlierGraph,
  ) {
    this.ts = model.ts;
  }

  /** What a unit calls, constructs or hands to a synchronous callback API. */
  calleesOf(unit: Unit): readonly CallEdge[] {
    let list = this.edges.get(unit);
    if (list !== undefined) return list;
    const carried = this.carriedCallees(unit);
    if (carried !== undefined) {
      list = carried;
    } else {
      const deps: Dependencies = { files: new Set(), names: new Set() };
      const escaped: Unit[] = [];
      const outer = this.recording;
      this.recording = deps;
      const before = this.escapedLog;
      this.escapedLog = escaped;
      try {
        list = this.computeCallees(unit);
      } finally {
        this.recording = outer;
        this.escapedLog = before;
      }
      if (outer !== undefined) for (const f of deps.files) outer.files.add(f);
      if (outer !== undefined) for (const n of deps.names) outer.names.add(n);
      this.calleeDeps.set(unit, { deps, escaped });
    }
    this.edges.set(unit, list);
    return list;
  }

  private escapedLog: Unit[] | undefined;

  /** The earlier graph's callees of a unit, when nothing they depended on changed. */
  private carriedCallees(unit: Unit): CallEdge[] | undefined {
    const earlier = this.earlier;
    if (earlier === undefined) return undefined;
    const file = path.resolve(unit.getSourceFile().fileName);
    if (earlier.changed.has(file)) return undefined;
    const list = earlier.graph.edges.get(unit);
    const known = earlier.graph.calleeDeps.get(unit);
    if (list === undefined || known === undefined || !this.unaffected(known.deps)) return undefined;
    for (const fn of known.escaped) this.escaped.add(fn);
    this.calleeDeps.set(unit, known);
    return list;
  }

  private unaffected(deps: Dependencies): boolean {
    const earlier = this.earlier!;
    for (const f of deps.files) if (earlier.changed.has(f)) return false;
    for (const n of deps.names) if (earlier.names.has(n)) return false;
    return true;
  }

  /** Every registration that starts a lifecycle, over the whole program. */
  roots(): readonly LifecycleRoot[] {
    return (this.rootList ??= timeModel(() => this.computeRoots()));
  }

  private rootUnits: Map<Lifecycle, Set<Unit>> | undefined;
  /** Whether a registration starts this lifecycle at the unit itself (a handler, not a function one calls). */
  isRoot(unit: Unit, lifecycle: Lifecycle): boolean {
    if (this.rootUnits === undefined) {
      this.rootUnits = new Map();
      for (const root of this.roots()) {
        let set = this.rootUnits.get(root.lifecycle);
        if (set === undefined) this.rootUnits.set(root.lifecycle, (set = new Set()));
        set.add(root.unit);
      }
    }
    return this.rootUnits.get(lifecycle)?.has(unit) ?? false;
  }

  /** The lifecycles a unit runs in; undefined when no known root reaches it. */
  lifecycleOf(unit: Unit): ReadonlySet<Lifecycle> | undefined {
    const map = this.propagate().get(unit);
    return map === undefined ? undefined : new Set(map.keys());
  }

  /** Whether the unit is handed to an API the graph does not know, so it may also run at other times. */
  escapes(unit: Unit): boolean {
    this.propagate();
    return this.escaped.has(unit);
  }

  /** Units reachable from these through calls (themselves included). */
  reachableFrom(units: readonly Unit[]): Set<Unit> {
    const seen = new Set<Unit>(units);
    const queue = [...units];
    while (queue.length > 0) {
      for (const edge of this.calleesOf(queue.pop()!)) {
        if (seen.has(edge.callee)) continue;
        seen.add(edge.callee);
        queue.push(edge.callee);
      }
    }
    return seen;
  }

  /** The chain from the registration to the unit, for a lifecycle it runs in. */
  traceOf(unit: Unit, lifecycle: Lifecycle): TraceStep[] {
    const reached = this.propagate();
    const steps: TraceStep[] = [];
    const seen = new Set<Unit>();
    for (let current: Unit | undefined = unit; current !== undefined && !seen.has(current); ) {
      seen.add(current);
      const step: Reached | undefined = reached.get(current)?.get(lifecycle);
      if (step === undefined) break;
      steps.unshift(this.step(step.site, step.what));
      current = step.from;
    }
    return steps;
  }

  step(site: ts.Node, what: string): TraceStep {
    const sf = site.getSourceFile();
    const lc = lineColumn(sf.text, site.getStart(sf));
    return { file: path.resolve(sf.fileName), line: lc.line, column: lc.column, what };
  }

  // --- propagation

  private propagate(): Map<Unit, Map<Lifecycle, Reached>> {
    if (this.lifecycles !== undefined) return this.lifecycles;
    return timeModel(() => this.computePropagation());
  }

  private computePropagation(): Map<Unit, Map<Lifecycle, Reached>> {
    const reached = new Map<Unit, Map<Lifecycle, Reached>>();
    this.lifecycles = reached;
    const mark = (unit: Unit, lifecycle: Lifecycle, how: Reached): boolean => {
      let map = reached.get(unit);
      if (map === undefined) reached.set(unit, (map = new Map()));
      if (map.has(lifecycle)) return false;
      map.set(lifecycle, how);
      return true;
    };
    const queue: [Unit, Lifecycle][] = [];
    for (const root of this.roots()) if (mark(root.unit, root.lifecycle, { from: undefined, site: root.site, what: root.what })) queue.push([root.unit, root.lifecycle]);
    for (let next = 0; next < queue.length; next++) {
      const [unit, lifecycle] = queue[next]!;
      for (const edge of this.calleesOf(unit)) {
        if (mark(edge.callee, lifecycle, { from: unit, site: edge.site, what: `calls ${shortText(this.ts, edge.site)}` })) queue.push([edge.callee, lifecycle]);
      }
    }
    // Every reached unit's callees are this graph's own now: the next model of the root takes over
    // from this graph, and this one lets go of its earlier one (no chain of graphs stays alive).
    this.earlier = undefined;
    if (this.model.sharing !== undefined) lastGraphs.set(this.model.sharing.store, this);
    return reached;
  }

  // --- roots

  private computeRoots(): LifecycleRoot[] {
    const roots: LifecycleRoot[] = [];
    for (const name of this.model.fileNames()) {
      // Tools, tests and browser code register nothing a service runs.
      const reach = this.model.reachOf(name);
      if (reach !== undefined && reach.kind !== 'service') continue;
      const file = this.model.file(name);
      if (file === undefined) continue;
      const known = this.earlier?.changed.has(name) === false ? this.earlier.graph.rootsByFile.get(name) : undefined;
      if (known !== undefined && this.unaffected(known.deps)) {
        roots.push(...known.roots);
        this.rootsByFile.set(name, known);
        continue;
      }
      const deps: Dependencies = { files: new Set(), names: new Set() };
      const start = roots.length;
      this.recording = deps;
      try {
        this.fileRoots(file, roots);
      } finally {
        this.recording = undefined;
      }
      this.rootsByFile.set(name, { roots: roots.slice(start), deps });
    }
    return roots;
  }

  private fileRoots(file: ModelFile, roots: LifecycleRoot[]): void {
    const { ts } = this;
    const sf = file.sourceFile;
    const facts = file.facts;
    roots.push({ unit: sf, lifecycle: 'load', site: sf, what: 'module load' });
    for (const handler of facts.memo(REQUEST_HANDLERS).handlers) {
      if (inTestBranch(ts, handler.registration)) continue;
      roots.push({ unit: handler.function, lifecycle: 'request', site: handler.registration, what: describeSite(ts, handler.registration) });
    }
    const add = (expression: ts.Expression, lifecycle: Lifecycle, site: ts.Node): void => {
      for (const fn of this.functionsOf(file, expression, 0)) roots.push({ unit: fn, lifecycle, site, what: describeSite(ts, site) });
    };
    walk(ts, sf, {
      enter: (node) => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const lifecycle = this.registrationLifecycle(file, node);
          if (lifecycle !== undefined && !inTestBranch(ts, node)) {
            for (const arg of node.arguments ?? []) {
              const inner = skipOuterExpressions(ts, arg) as ts.Expression;
              if (ts.isObjectLiteralExpression(inner)) {
                for (const p of inner.properties) {
                  if (ts.isMethodDeclaration(p)) roots.push({ unit: p, lifecycle, site: node, what: describeSite(ts, node) });
                  else if (ts.isPropertyAssignment(p)) add(p.initializer, lifecycle, node);
                }
              } else add(inner, lifecycle, node);
            }
          }
        } else if ((ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node)) && node.name !== undefined && ts.isIdentifier(node.name)) {
          const lifecycle = LIFECYCLE_METHODS[node.name.text];
          const fn = ts.isMethodDeclaration(node) ? node : node.initializer && skipOuterExpressions(ts, node.initializer);
          if (lifecycle !== undefined && fn !== undefined && isFunctionWithBody(ts, fn)) roots.push({ unit: fn, lifecycle, site: node.name, what: node.name.text });
        }
        return true;
      },
    });
    // A `'use server'` module: every exported function is a server action, called per request.
    if (hasUseServerDirective(ts, file)) {
      for (const statement of sf.statements) {
        const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported) continue;
        if (ts.isFunctionDeclaration(statement) && statement.body !== undefined) roots.push({ unit: statement, lifecycle: 'request', site: statement, what: 'server action' });
        else if (ts.isVariableStatement(statement)) {
          for (const d of statement.declarationList.declarations) if (d.initializer !== undefined) add(d.initializer, 'request', d);
        }
      }
    }
    // `export default function (req, res)`, `module.exports = (req, res, next) => …`: a handler by its shape.
    for (const fn of this.exportedFunctions(file, 'default', 0)) {
      if (looksLikeHandler(ts, fn)) roots.push({ unit: fn, lifecycle: 'request', site: fn, what: 'exported handler' });
    }
  }

  /** The lifecycle a call's function arguments start, if it is a registration. */
  private registrationLifecycle(file: ModelFile, call: ts.CallExpression | ts.NewExpression): Lifecycle | undefined {
    const { ts } = this;
    const callee = skipOuterExpressions(ts, call.expression);
    const args = call.arguments ?? [];
    const first = args[0] && skipOuterExpressions(ts, args[0]);
    const firstString = first !== undefined && ts.isStringLiteralLike(first) ? first.text : undefined;
    const ref = file.facts.modules.resolve(callee);
    if (ref !== undefined && !ref.local) {
      const api = CALLBACK_APIS.find((a) => a.module === ref.module && a.path.length === ref.path.length && a.path.every((s, i) => ref.path[i] === s));
      if (api !== undefined && (api.firstArgument === undefined || (firstString !== undefined && api.firstArgument.includes(firstString)))) return api.lifecycle;
      if (api !== undefined) return undefined;
    }
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    for (const spec of CALLBACK_METHODS) {
      if (!spec.names.includes(method)) continue;
      if (spec.firstArgument !== undefined && (firstString === undefined || !spec.firstArgument.includes(firstString))) continue;
      if (spec.onApplication === true && !onApplication(ts, callee.expression)) continue;
      if (method === 'listen' || method === 'on' || method === 'once' || spec.lifecycle !== 'background' || args.length <= 3) return spec.lifecycle;
    }
    // Routes on an application or router the module received (an untyped parameter, `this.app`).
    if (ROUTE_METHODS.has(method) && args.length >= 1) {
      const receiver = skipOuterExpressions(ts, callee.expression);
      const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
      const pathFirst = firstString !== undefined && firstString.startsWith('/');
      if (name !== undefined && APP_RECEIVER.test(name) && (pathFirst || method === 'use')) return 'request';
    }
    return undefined;
  }

  // --- callees

  private computeCallees(unit: Unit): CallEdge[] {
    const { ts } = this;
    const sf = unit.getSourceFile();
    const file = this.model.file(path.resolve(sf.fileName));
    if (file === undefined || file.sourceFile !== sf) return [];
    const found: CallEdge[] = [];
    const add = (fns: readonly Unit[], site: ts.Node): void => {
      for (const callee of fns) if (callee !== unit && !found.some((e) => e.callee === callee)) found.push({ callee, site });
    };
    const body = ts.isSourceFile(unit) ? unit : unit.body;
    if (body === undefined) return found;
    walk(ts, body, {
      enter: (node) => {
        if (node !== body && isFunctionWithBody(ts, node)) return false; // a unit of its own
        if (ts.isClassLike(node) && node !== body) return false;
        if (ts.isDecorator(node)) return false;
        if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return true;
        if (this.registrationLifecycle(file, node) !== undefined) return true; // its callbacks are roots
        const callee = skipOuterExpressions(ts, node.expression);
        if (isLazyInitialization(ts, node)) return true;
        const targets = this.functionsOf(file, callee as ts.Expression, 0);
        if (ts.isNewExpression(node)) add(this.constructorsOf(file, callee as ts.Expression), node);
        add(targets, node);
        // Callbacks run by the callee: synchronous APIs, `new Promise`, and the program's own functions.
        const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        const runsCallbacks =
          targets.length > 0 || (method !== undefined && SYNC_CALLBACKS.has(method)) || (ts.isNewExpression(node) && ts.isIdentifier(callee) && callee.text === 'Promise');
        for (const arg of node.arguments ?? []) {
          const inner = skipOuterExpressions(ts, arg);
          if (ts.isStringLiteralLike(inner) || ts.isNumericLiteral(inner) || ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) continue;
          const fns = this.functionsOf(file, arg, 1);
          if (runsCallbacks) add(fns, arg);
          else
            for (const fn of fns) {
              this.escaped.add(fn);
              this.escapedLog?.push(fn);
            }
        }
        return true;
      },
    });
    return found;
  }

  /** The functions an expression denotes (local, imported, `this.m`, an injected service's method). */
  functionsOf(file: ModelFile, expression: ts.Expression, depth: number): FunctionLikeWithBody[] {
    const { ts } = this;
    if (depth > 6) return [];
    const n = skipOuterExpressions(ts, expression);
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return [n];
    if (ts.isFunctionDeclaration(n)) return n.body !== undefined ? [n] : [];
    if (ts.isCallExpression(n)) {
      const callee = skipOuterExpressions(ts, n.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return this.functionsOf(file, callee.expression, depth + 1);
      const loaded = file.facts.modules.loadedModule(n);
      if (loaded !== undefined) return this.moduleExports(file, loaded, 'default', depth);
      // Wrappers: asyncHandler(fn), catchAsync(fn)
      if (depth === 0) return n.arguments.flatMap((a) => (ts.isStringLiteralLike(a) ? [] : this.functionsOf(file, a, depth + 1)));
      return [];
    }
    if (ts.isIdentifier(n)) {
      const variable = file.facts.scope.variableOf(n);
      if (variable === undefined) return [];
      return this.variableFunctions(file, variable, depth);
    }
    if (ts.isPropertyAccessExpression(n)) {
      const name = n.name.text;
      const object = skipOuterExpressions(ts, n.expression);
      if (object.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = findAncestor(n, ts.isClassLike);
        const own = cls === undefined ? [] : this.memberOf(file, cls, name, depth);
        if (own.length > 0) return own;
      }
      // `new Movies().movie(id)`: a method of a program class, its own or inherited.
      if (ts.isNewExpression(object) && ts.isIdentifier(object.expression)) {
        const cls = this.classOf(file, object.expression);
        if (cls !== undefined) return this.memberOf(cls.file, cls.node, name, depth);
      }
      if (ts.isIdentifier(object)) {
        const variable = file.facts.scope.variableOf(object);
        if (variable !== undefined) {
          const members = this.variableMember(file, variable, name, depth);
          if (members !== undefined) return members;
        }
      }
      return this.byChecker(file, n) ?? this.uniqueMethod(name, n);
    }
    return [];
  }

  private variableFunctions(file: ModelFile, variable: Variable, depth: number): FunctionLikeWithBody[] {
    const { ts } = this;
    const decl = variable.declaration;
    if (variable.kind === 'function' && ts.isFunctionDeclaration(decl)) return decl.body !== undefined ? [decl] : [];
    if (variable.kind === 'import') {
      const importDecl = findAncestor(decl, ts.isImportDeclaration);
      const specifier = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : undefined;
      if (specifier === undefined) return [];
      if (ts.isImportSpecifier(decl)) return this.moduleExports(file, specifier, (decl.propertyName ?? decl.name).text, depth);
      if (ts.isImportClause(decl)) return this.moduleExports(file, specifier, 'default', depth);
      return [];
    }
    if (variable.kind === 'const' || variable.kind === 'let' || variable.kind === 'var') {
      if (variable.initializer === undefined || file.facts.scope.isReassigned(variable)) return [];
      const init = skipOuterExpressions(ts, variable.initializer) as ts.Expression;
      const loaded = file.facts.modules.loadedModule(init);
      if (loaded !== undefined) {
        if (variable.path.length === 0) return this.moduleExports(file, loaded, 'default', depth);
        const step = variable.path[0]!;
        return variable.path.length === 1 && 'property' in step ? this.moduleExports(file, loaded, step.property, depth) : [];
      }
      if (variable.path.length > 0) return [];
      return this.functionsOf(file, init, depth + 1);
    }
    return [];
  }

  /** `ns.f` of an import or require, `obj.f` of a local object literal, `svc.f` of `new LocalClass()`. */
  private variableMember(file: ModelFile, variable: Variable, name: string, depth: number): FunctionLikeWithBody[] | undefined {
    const { ts } = this;
    const decl = variable.declaration;
    if (variable.kind === 'import') {
      const importDecl = findAncestor(decl, ts.isImportDeclaration);
      const specifier = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : undefined;
      if (specifier === undefined) return [];
      if (ts.isNamespaceImport(decl)) return this.moduleExports(file, specifier, name, depth);
      if (ts.isImportClause(decl)) return this.defaultMember(file, specifier, name, depth);
      return undefined;
    }
    if ((variable.kind === 'const' || variable.kind === 'let' || variable.kind === 'var') && variable.initializer !== undefined && variable.path.length === 0) {
      const init = skipOuterExpressions(ts, variable.initializer) as ts.Expression;
      const loaded = file.facts.modules.loadedModule(init);
      if (loaded !== undefined) {
        const direct = this.moduleExports(file, loaded, name, depth);
        return direct.length > 0 ? direct : this.defaultMember(file, loaded, name, depth);
      }
      if (ts.isObjectLiteralExpression(init)) return this.objectMember(file, init, name, depth);
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
        const cls = this.classOf(file, init.expression);
        if (cls !== undefined) return this.memberOf(cls.file, cls.node, name, depth);
      }
    }
    return undefined;
  }

  private objectMember(file: ModelFile, object: ts.ObjectLiteralExpression, name: string, depth: number): FunctionLikeWithBody[] {
    const { ts } = this;
    for (const p of object.properties) {
      if (p.name === undefined || !ts.isIdentifier(p.name) || p.name.text !== name) continue;
      if (ts.isMethodDeclaration(p)) return [p];
      if (ts.isPropertyAssignment(p)) return this.functionsOf(file, p.initializer, depth + 1);
      if (ts.isShorthandPropertyAssignment(p)) return this.functionsOf(file, p.name, depth + 1);
    }
    return [];
  }

  /** A class's member by name, its own or inherited (`this.get()` in a subclass of the class that declares `get`). */
  private memberOf(file: ModelFile, cls: ts.ClassLikeDeclaration, name: string, depth: number): FunctionLikeWithBody[] {
    const { ts } = this;
    let current: { file: ModelFile; node: ts.ClassLikeDeclaration } | undefined = { file, node: cls };
    for (let level = 0; current !== undefined && level < 8; level++) {
      for (const member of current.node.members) {
        if (member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
        if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) return member.body !== undefined ? [member] : [];
        if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) return this.functionsOf(current.file, member.initializer, depth + 1);
      }
      current = this.baseClassOf(current.file, current.node);
    }
    return [];
  }

  /** The class a class extends, when it is a class of the program (`class Movies extends ExternalApi`, imported or local). */
  baseClassOf(file: ModelFile, cls: ts.ClassLikeDeclaration): { file: ModelFile; node: ts.ClassLikeDeclaration } | undefined {
    const { ts } = this;
    for (const clause of cls.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      const base = clause.types[0] && skipOuterExpressions(ts, clause.types[0].expression);
      if (base !== undefined && ts.isIdentifier(base)) return this.classOf(file, base);
    }
    return undefined;
  }

  /** The class an identifier names: declared in the file, or imported from a program module (`import Api from './api'`, `require`). */
  private classOf(file: ModelFile, id: ts.Identifier, depth = 0): { file: ModelFile; node: ts.ClassLikeDeclaration } | undefined {
    const { ts } = this;
    if (depth > 4) return undefined;
    const variable = file.facts.scope.variableOf(id);
    if (variable === undefined) return undefined;
    if (variable.kind === 'class' && ts.isClassLike(variable.declaration)) return { file, node: variable.declaration };
    let specifier: string | undefined;
    let name: string | undefined;
    if (variable.kind === 'import') {
      const importDecl = findAncestor(variable.declaration, ts.isImportDeclaration);
      specifier = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : undefined;
      const decl = variable.declaration;
      name = ts.isImportSpecifier(decl) ? (decl.propertyName ?? decl.name).text : ts.isImportClause(decl) ? 'default' : undefined;
    } else if (variable.initializer !== undefined && !file.facts.scope.isReassigned(variable)) {
      const init = skipOuterExpressions(ts, variable.initializer) as ts.Expression;
      specifier = file.facts.modules.loadedModule(init);
      const step = variable.path[0];
      name = variable.path.length === 0 ? 'default' : variable.path.length === 1 && step !== undefined && 'property' in step ? step.property : undefined;
      if (specifier === undefined && variable.path.length === 0 && ts.isClassExpression(init)) return { file, node: init };
    }
    if (specifier === undefined || name === undefined) return undefined;
    const target = this.targetOf(file, specifier);
    return target === undefined ? undefined : this.exportedClass(target, name, depth + 1);
  }

  /** The class a module exports under a name (`export class X`, `export default class`, `export default X`, `module.exports = X`). */
  private exportedClass(file: ModelFile, name: string, depth: number): { file: ModelFile; node: ts.ClassLikeDeclaration } | undefined {
    const { ts } = this;
    for (const statement of file.sourceFile.statements) {
      if (!ts.isClassDeclaration(statement)) continue;
      const modifiers = ts.getModifiers(statement) ?? [];
      if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if ((isDefault && name === 'default') || (!isDefault && statement.name?.text === name)) return { file, node: statement };
    }
    const value = this.exportedValue(file, name);
    if (value === undefined) return undefined;
    const n = skipOuterExpressions(ts, value);
    if (ts.isClassExpression(n)) return { file, node: n };
    return ts.isIdentifier(n) ? this.classOf(file, n, depth + 1) : undefined;
  }

  private constructorsOf(file: ModelFile, callee: ts.Expression): FunctionLikeWithBody[] {
    const { ts } = this;
    if (!ts.isIdentifier(callee)) return [];
    const cls = this.classOf(file, callee);
    if (cls === undefined) return [];
    return cls.node.members.filter((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
  }

  /** `x.f` where `x` is a module's default export (CommonJS `module.exports = { f }`). */
  private defaultMember(file: ModelFile, specifier: string, name: string, depth: number): FunctionLikeWithBody[] {
    const target = this.targetOf(file, specifier);
    if (target === undefined) return [];
    const value = this.exportedValue(target, 'default');
    if (value === undefined) return this.exportedFunctions(target, name, depth + 1);
    const { ts } = this;
    const n = skipOuterExpressions(ts, value);
    if (ts.isObjectLiteralExpression(n)) return this.objectMember(target, n, name, depth + 1);
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression)) {
      const cls = this.classOf(target, n.expression);
      if (cls !== undefined) return this.memberOf(target, cls.node, name, depth + 1);
    }
    if (ts.isIdentifier(n)) {
      const variable = target.facts.scope.variableOf(n);
      if (variable?.initializer !== undefined) {
        const init = skipOuterExpressions(ts, variable.initializer);
        if (ts.isObjectLiteralExpression(init)) return this.objectMember(target, init, name, depth + 1);
        if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
          const cls = this.classOf(target, init.expression);
          if (cls !== undefined) return this.memberOf(target, cls.node, name, depth + 1);
        }
      }
    }
    return [];
  }

  private targetOf(file: ModelFile, specifier: string): ModelFile | undefined {
    const target = this.model.resolve(file.fileName, specifier, file.facts.project);
    if (target !== undefined) this.recording?.files.add(target);
    return target === undefined ? undefined : this.model.file(target);
  }

  /** The functions a module exports under a name (`default` for `export default` / `module.exports`). */
  private moduleExports(file: ModelFile, specifier: string, name: string, depth: number): FunctionLikeWithBody[] {
    const target = this.targetOf(file, specifier);
    return target === undefined ? [] : this.exportedFunctions(target, name, depth + 1);
  }

  /** The functions `file` exports as `name`. */
  exportedFunctions(file: ModelFile, name: string, depth: number): FunctionLikeWithBody[] {
    if (depth > 6) return [];
    const { ts } = this;
    const value = this.exportedValue(file, name);
    if (value !== undefined) return isFunctionWithBody(ts, value) ? (value.body !== undefined ? [value] : []) : this.functionsOf(file, value as ts.Expression, depth + 1);
    // Re-exports: `export { f } from './x'`, `export * from './x'`.
    for (const statement of file.sourceFile.statements) {
      if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const from = statement.moduleSpecifier.text;
      if (statement.exportClause === undefined) {
        const found = this.moduleExports(file, from, name, depth);
        if (found.length > 0) return found;
      } else if (ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === name);
        if (element !== undefined) return this.moduleExports(file, from, (element.propertyName ?? element.name).text, depth);
      }
    }
    return [];
  }

  /** The expression (or declaration) a module exports under a name. */
  private exportedValue(file: ModelFile, name: string): ts.Node | undefined {
    const { ts } = this;
    const sf = file.sourceFile;
    let commonJsDefault: ts.Expression | undefined;
    for (const statement of sf.statements) {
      const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
      const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && exported) {
        if ((isDefault && name === 'default') || (!isDefault && statement.name?.text === name)) return ts.isFunctionDeclaration(statement) ? statement : undefined;
      } else if (ts.isVariableStatement(statement) && exported) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer !== undefined) return d.initializer;
      } else if (ts.isExportAssignment(statement) && name === 'default') {
        return statement.expression;
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === name);
        if (element !== undefined) return element.propertyName ?? element.name;
      } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = skipOuterExpressions(ts, statement.expression.left);
        const right = statement.expression.right;
        if (isModuleExports(ts, left)) {
          if (name === 'default') commonJsDefault = right;
          else {
            const object = skipOuterExpressions(ts, right);
            if (ts.isObjectLiteralExpression(object)) {
              for (const p of object.properties) {
                if (p.name === undefined || !ts.isIdentifier(p.name) || p.name.text !== name) continue;
                if (ts.isMethodDeclaration(p)) return p;
                if (ts.isPropertyAssignment(p)) return p.initializer;
                if (ts.isShorthandPropertyAssignment(p)) return p.name;
              }
            }
          }
        } else if (ts.isPropertyAccessExpression(left) && left.name.text === name && (isModuleExports(ts, left.expression) || (ts.isIdentifier(left.expression) && left.expression.text === 'exports'))) {
          return right;
        }
      }
    }
    return commonJsDefault;
  }

  /** Typed mode: the project functions a member access denotes. */
  private byChecker(file: ModelFile, access: ts.PropertyAccessExpression): FunctionLikeWithBody[] | undefined {
    const checker = checkerFor(file.facts.project, access);
    if (checker === undefined) return undefined;
    const { ts } = this;
    let symbol = checker.getSymbolAtLocation(access.name);
    if (symbol === undefined) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const out: FunctionLikeWithBody[] = [];
    for (const d of symbol.declarations ?? []) {
      const sf = d.getSourceFile();
      if (sf.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sf.fileName)) continue;
      if (isFunctionWithBody(ts, d) && d.body !== undefined) out.push(d);
      else if ((ts.isPropertyDeclaration(d) || ts.isPropertyAssignment(d)) && d.initializer !== undefined) {
        const init = skipOuterExpressions(ts, d.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) out.push(init);
      }
    }
    return out;
  }

  /** Untyped: `this.users.create()` / `service.create()` of an injected service, by a method name only one class declares. */
  private uniqueMethod(name: string, access: ts.PropertyAccessExpression): FunctionLikeWithBody[] {
    const { ts } = this;
    if (BUILT_IN.has(name)) return [];
    // Only receivers that look like a held service: `this.x`, a parameter, a constructor-injected field.
    const object = skipOuterExpressions(ts, access.expression);
    const held = (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) || ts.isIdentifier(object);
    if (!held) return [];
    this.recording?.names.add(name);
    const index = (this.methodIndex ??= this.buildMethodIndex());
    const found = index.get(name);
    return found !== undefined && found.length === 1 ? found : [];
  }

  private buildMethodIndex(): Map<string, FunctionLikeWithBody[]> {
    const index = new Map<string, FunctionLikeWithBody[]>();
    for (const name of this.model.fileNames()) {
      const file = this.model.file(name);
      if (file === undefined || !/\bclass\s/.test(file.text)) continue;
      for (const node of classMethods(this.ts, file.sourceFile)) {
        const list = index.get(node.name.text);
        if (list === undefined) index.set(node.name.text, [node]);
        else list.push(node);
      }
    }
    return index;
  }

  /** The model's own node for a node of the linted file (untyped: the model may hold its own parse of the same text). */
  counterpart(facts: FileFacts, node: ts.Node): ts.Node | undefined {
    const file = this.model.file(path.resolve(facts.sourceFile.fileName));
    if (file === undefined) return undefined;
    if (file.sourceFile === facts.sourceFile) return node;
    if (file.text !== facts.sourceFile.text) return undefined;
    const { ts } = this;
    const pos = node.pos;
    const end = node.end;
    let current: ts.Node = file.sourceFile;
    for (;;) {
      if (current.pos === pos && current.end === end && current.kind === node.kind) return current;
      let next: ts.Node | undefined;
      ts.forEachChild(current, (child) => {
        if (next === undefined && child.pos <= pos && child.end >= end) next = child;
      });
      if (next === undefined) return undefined;
      current = next;
    }
  }
}

/** Class methods with a body, named by an identifier, per source file (the text alone decides). */
const methodsBySourceFile = new WeakMap<ts.SourceFile, (ts.MethodDeclaration & { name: ts.Identifier })[]>();

function classMethods(ts: FileFacts['ts'], sf: ts.SourceFile): readonly (ts.MethodDeclaration & { name: ts.Identifier })[] {
  let found = methodsBySourceFile.get(sf);
  if (found !== undefined) return found;
  const list: (ts.MethodDeclaration & { name: ts.Identifier })[] = [];
  if (/\bclass\s/.test(sf.text)) {
    walk(ts, sf, {
      enter(node) {
        if (ts.isMethodDeclaration(node) && ts.isClassLike(node.parent) && node.body !== undefined && node.name !== undefined && ts.isIdentifier(node.name)) list.push(node as ts.MethodDeclaration & { name: ts.Identifier });
        return true;
      },
    });
  }
  methodsBySourceFile.set(sf, (found = list));
  return found;
}

function isModuleExports(ts: FileFacts['ts'], node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'exports' && ts.isIdentifier(node.expression) && node.expression.text === 'module';
}

/** `(req, res)`, `(req, res, next)`, `(request, reply)`, `(ctx, next)`, `(context, req)` (Azure). */
function looksLikeHandler(ts: FileFacts['ts'], fn: FunctionLikeWithBody): boolean {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const [a, b] = names;
  return (
    (/^req(uest)?$/.test(a ?? '') && /^(res|response|reply|h)$/.test(b ?? '')) ||
    (/^(ctx|context)$/.test(a ?? '') && /^(next|req|request)$/.test(b ?? '')) ||
    (/^(err|error)$/.test(a ?? '') && /^req(uest)?$/.test(b ?? ''))
  );
}

/** A receiver that holds an application: a name like `app` / `fastify`, through a chain of calls on it (`app.register(a).register(b)`). */
function onApplication(ts: FileFacts['ts'], receiver: ts.Expression): boolean {
  let n = skipOuterExpressions(ts, receiver);
  for (let depth = 0; depth < 16 && ts.isCallExpression(n) && ts.isPropertyAccessExpression(skipOuterExpressions(ts, n.expression)); depth++) {
    n = skipOuterExpressions(ts, (skipOuterExpressions(ts, n.expression) as ts.PropertyAccessExpression).expression);
  }
  if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  const name = ts.isIdentifier(n) ? n.text : ts.isPropertyAccessExpression(n) ? n.name.text : undefined;
  return name !== undefined && APP_RECEIVER.test(name);
}

/** Inside the branch a test or development switch selects. */
export function inTestBranch(ts: FileFacts['ts'], node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent !== undefined; n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && p.thenStatement === n && selectsTest(ts, p.expression)) return true;
    if (ts.isIfStatement(p) && p.elseStatement === n && selectsProduction(ts, p.expression)) return true;
    if (ts.isConditionalExpression(p) && p.whenTrue === n && selectsTest(ts, p.condition)) return true;
    if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && selectsTest(ts, p.left)) return true;
  }
  return false;
}

function selectsTest(ts: FileFacts['ts'], condition: ts.Expression): boolean {
  const text = condition.getText();
  if (/!==|!=/.test(text) || /^\s*!/.test(text)) return false;
  return TEST_SWITCH.test(text);
}

function selectsProduction(ts: FileFacts['ts'], condition: ts.Expression): boolean {
  const text = condition.getText();
  return /\bNODE_ENV\b\s*===?\s*['"`]production['"`]/.test(text) && !/!==|!=/.test(text);
}

function describeSite(ts: FileFacts['ts'], site: ts.Node): string {
  if (ts.isCallExpression(site) || ts.isNewExpression(site)) {
    const callee = skipOuterExpressions(ts, site.expression);
    const first = site.arguments?.[0];
    const name = shortText(ts, callee);
    const arg = first !== undefined && ts.isStringLiteralLike(first) ? `('${first.text}')` : '';
    return `${ts.isNewExpression(site) ? 'new ' : ''}${name}${arg}`;
  }
  if (ts.isDecorator(site)) return `@${shortText(ts, site.expression)}`;
  return shortText(ts, site);
}

function shortText(ts: FileFacts['ts'], node: ts.Node): string {
  const target = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.expression : node;
  const text = target.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const graphs = new WeakMap<ProgramModel, CallGraph>();
/** Untyped: per record store, the last graph that propagated lifecycles (see `EarlierGraph`). */
const lastGraphs = new WeakMap<object, CallGraph>();

/** The call graph of the program a file belongs to (built once per program model). */
export function callGraph(facts: FileFacts): CallGraph {
  const model = programModel(facts);
  let graph = graphs.get(model);
  if (graph === undefined) {
    graph = new CallGraph(model, earlierGraph(model));
    graphs.set(model, graph);
    // The first graph of a root is the one to take over from until one has propagated lifecycles.
    if (model.sharing !== undefined && !lastGraphs.has(model.sharing.store)) lastGraphs.set(model.sharing.store, graph);
  }
  return graph;
}

/** An earlier graph of the same records whose work this model's graph can take over, file by file. */
function earlierGraph(model: ProgramModel): EarlierGraph | undefined {
  const sharing = model.sharing;
  if (sharing === undefined) return undefined;
  const last = lastGraphs.get(sharing.store);
  const before = last?.model.sharing;
  if (last === undefined || before === undefined || before.generation !== sharing.generation) return undefined;
  const changed = new Set<string>();
  if (sharing.own !== undefined) changed.add(sharing.own);
  if (before.own !== undefined) changed.add(before.own);
  const names = new Set<string>();
  for (const file of changed) {
    for (const m of [last.model, model]) {
      const record = m.file(file);
      if (record !== undefined && /\bclass\s/.test(record.text)) for (const node of classMethods(model.ts, record.sourceFile)) names.add(node.name.text);
    }
  }
  return { graph: last, changed, names };
}

/** What calls a function of the linted file (its direct callees, through the program's call graph). */
export function calleesOf(facts: FileFacts, fn: Unit): readonly CallEdge[] {
  const graph = callGraph(facts);
  const own = graph.counterpart(facts, fn) as Unit | undefined;
  return own === undefined ? [] : graph.calleesOf(own);
}

export interface LifecycleInfo {
  readonly lifecycles: ReadonlySet<Lifecycle>;
  /** Also handed to an API the graph does not know: it may run at other times too. */
  readonly escapes: boolean;
  /** Per lifecycle: the chain from its registration to the function. */
  trace(lifecycle: Lifecycle): TraceStep[];
}

/**
 * When a function (or a module's top level) of the linted file runs: its lifecycles, or undefined
 * when no known root reaches it (rules then keep their own view).
 */
export function lifecycleOf(facts: FileFacts, fn: Unit): LifecycleInfo | undefined {
  const graph = callGraph(facts);
  const own = graph.counterpart(facts, fn) as Unit | undefined;
  if (own === undefined) return undefined;
  const lifecycles = graph.lifecycleOf(own);
  if (lifecycles === undefined) return undefined;
  return { lifecycles, escapes: graph.escapes(own), trace: (lifecycle) => graph.traceOf(own, lifecycle) };
}

/** The function (or the module's top level) a node of the linted file runs in. */
export function enclosingUnit(ts: FileFacts['ts'], node: ts.Node): Unit {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) if (isFunctionWithBody(ts, n)) return n;
  return node.getSourceFile();
}

/**
 * Whether a node of the linted file runs in a start-up hook and nowhere else: its function is
 * reached from a start-up root (`listen` callbacks, `onModuleInit`, a Fastify plugin body) and
 * otherwise only at module load, never per request, in the background or at shutdown, and is not
 * handed to an API the graph does not know. A module's top-level code is not in a start-up hook
 * (it runs whenever the module loads). False when no known root reaches it.
 */
export function runsOnlyAtStartup(facts: FileFacts, node: ts.Node): boolean {
  const info = lifecycleOf(facts, enclosingUnit(facts.ts, node));
  if (info === undefined || info.escapes || !info.lifecycles.has('startup')) return false;
  for (const lifecycle of info.lifecycles) if (lifecycle !== 'load' && lifecycle !== 'startup') return false;
  return true;
}

/** Whether a function of the linted file is registered to run in this lifecycle (a route handler, a timer callback), not only called from one. */
export function isRegistered(facts: FileFacts, fn: Unit, lifecycle: Lifecycle): boolean {
  const graph = callGraph(facts);
  const own = graph.counterpart(facts, fn) as Unit | undefined;
  return own !== undefined && graph.isRoot(own, lifecycle);
}
