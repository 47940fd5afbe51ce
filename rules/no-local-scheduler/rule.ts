/**
 * no-local-scheduler: work scheduled inside a web service runs in every replica. Three replicas
 * send the nightly digest three times, and a cleanup that deletes rows races itself. Reported at
 * the call (or decorator) that schedules, in a process that serves requests:
 *
 * - `setInterval`, and `setTimeout` loops that reschedule their own function, started at module
 *   level or in start-up code (`main`, `bootstrap`, `listen` callbacks, NestJS `onModuleInit`), whose
 *   job touches a shared store or the network;
 * - cron libraries (node-cron, cron, node-schedule, toad-scheduler, Bree) anywhere but a request;
 * - NestJS `@Cron` / `@Interval` methods;
 * - with `inProcessWorkers`, distributed job runners (Agenda) started in the web process.
 *
 * Not reported: timers inside a request; `unref()`'d timers (per-process housekeeping such as a
 * metrics flush); jobs that only refresh this process's own copy of something; jobs that take a
 * distributed lock; anything in a process that does not serve requests (a worker).
 */
import type * as ts from 'typescript';
import {
  defineRule,
  findRef,
  enclosingFunction,
  findProperty,
  isFunctionWithBody,
  objectLiteralOf,
  propertyValue,
  skipOuterExpressions,
  staticString,
  valueOrigin,
  type FunctionLikeWithBody,
  type ModuleRef,
  type RuleContext,
} from '@statelint/core';
import {
  CRON_CALLS,
  CRON_CONSTRUCTORS,
  DISTRIBUTED_RUNNERS,
  INTERVAL_TIMERS,
  IO_GLOBALS,
  IO_MODULES,
  IO_SCOPES,
  LOCK_MODULES,
  LOCK_REDIS_FLAG,
  LOCK_SQL,
  REQUEST_EVENTS,
  ROUTE_DECORATORS,
  ROUTE_METHODS,
  SCHEDULE_DECORATORS,
  SCHEDULER_SWITCH,
  SINGLETON_DECORATORS,
  STARTUP_CALLBACK_METHODS,
  STARTUP_FUNCTIONS,
  STARTUP_METHODS,
  TIMEOUT_TIMERS,
  UNREF_METHOD,
  type ApiRef,
  type Scheduler,
} from './catalogue.js';
import { runsInServer } from './serving.js';

export interface Options {
  /** Also report job runners that coordinate through a shared store (Agenda) started in the web process. */
  inProcessWorkers: boolean;
}

export type MessageId = 'timer' | 'cron' | 'inProcessWorker';

type Context = RuleContext<MessageId, Options>;
type Where = 'startup' | 'request' | 'other';

interface Candidate {
  node: ts.Node;
  messageId: MessageId;
  api: string;
  /** The job's code, when it is in this file (a function, or a method body). */
  job: ts.Node | undefined;
  /** Timers need evidence that the job does shared work; cron jobs are jobs by definition. */
  needsIo: boolean;
  /** Typed mode, a job defined elsewhere: it returns a promise. */
  asyncJob?: boolean;
}

export default defineRule<MessageId, Options>({
  id: 'no-local-scheduler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow timers and cron jobs that run inside every replica of a web service.',
      recommended: 'warn',
      strictOptions: { inProcessWorkers: true },
    },
    messages: {
      timer:
        '`{{api}}` starts a job in every replica of this service, and the job touches shared stores or the network, so N replicas do the work N times. Run it once (a Kubernetes CronJob or a job queue) or take a distributed lock in the job.',
      cron:
        '`{{api}}` schedules a job inside the web service, so every replica runs it. Move it to a job runner or a Kubernetes CronJob (or a single worker deployment), or take a distributed lock in the job.',
      inProcessWorker:
        '`{{api}}` processes queued jobs inside the web service: they run once, but on the web replicas, competing with requests. Run the worker as its own deployment.',
    },
    schema: {
      type: 'object',
      properties: {
        inProcessWorkers: {
          type: 'boolean',
          description:
            'Also report job runners that already coordinate through a shared store (Agenda) when the web process starts them: the jobs run once, but on the web replicas.',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { inProcessWorkers: false },
  create(context) {
    const { ts, facts } = context;
    const candidates: Candidate[] = [];

    return {
      CallExpression(call) {
        const ref = facts.modules.resolve(call.expression);
        if (ref !== undefined) {
          const interval = findRef(INTERVAL_TIMERS, ref);
          if (interval !== undefined) {
            if (where(context, call) === 'startup' && !isUnrefd(context, call)) {
              const job = jobOf(context, call, interval);
              const asyncJob = job === undefined && isAsyncFunctionValue(context, call.arguments[interval.jobArgument ?? 0]);
              candidates.push({ node: call, messageId: 'timer', api: interval.api, job, needsIo: true, asyncJob });
            }
            return;
          }
          const timeout = findRef(TIMEOUT_TIMERS, ref);
          if (timeout !== undefined) {
            const loop = loopFunction(context, call, timeout);
            if (loop !== undefined && where(context, loop) === 'startup' && !isUnrefd(context, call)) {
              const name = declaredName(ts, loop)?.text ?? (ts.isMethodDeclaration(loop) && ts.isIdentifier(loop.name) ? loop.name.text : undefined);
              candidates.push({ node: call, messageId: 'timer', api: name ? `${timeout.api}(${name})` : timeout.api, job: loop, needsIo: true });
            }
            return;
          }
          const cron = findRef(CRON_CALLS, ref);
          if (cron !== undefined) {
            if (where(context, call) !== 'request') {
              candidates.push({ node: call, messageId: 'cron', api: cron.api, job: jobOf(context, call, cron), needsIo: false });
            }
            return;
          }
        }
        if (context.options.inProcessWorkers) checkRunnerStart(context, call, candidates);
      },
      NewExpression(expression) {
        const ref = facts.modules.resolve(expression.expression);
        const cron = ref && findRef(CRON_CONSTRUCTORS, ref);
        if (cron !== undefined && where(context, expression) !== 'request') {
          candidates.push({ node: expression, messageId: 'cron', api: cron.api, job: jobOf(context, expression, cron), needsIo: false });
        }
      },
      Decorator(decorator) {
        const expression = skipOuterExpressions(ts, decorator.expression);
        const callee = ts.isCallExpression(expression) ? expression.expression : expression;
        const ref = facts.modules.resolve(callee);
        const scheduler = ref && findRef(SCHEDULE_DECORATORS, ref);
        if (scheduler === undefined) return;
        const method = decorator.parent;
        const job = ts.isMethodDeclaration(method) ? method : undefined;
        candidates.push({ node: decorator, messageId: 'cron', api: scheduler.api, job, needsIo: false });
      },
      'SourceFile:exit'() {
        if (candidates.length === 0 || !runsInServer(facts, context.project)) return;
        for (const candidate of candidates) {
          if (isBehindSchedulerSwitch(context, candidate.node)) continue;
          const job = candidate.job === undefined ? undefined : jobFacts(context, candidate.job);
          if (job?.locked || job?.refreshesLocalCopy) continue;
          if (candidate.needsIo && job?.io !== true && candidate.asyncJob !== true) continue;
          if (!candidate.needsIo && job !== undefined && !job.io && !job.unknownCalls) continue;
          context.report({ node: candidate.node, messageId: candidate.messageId, data: { api: candidate.api } });
        }
      },
    };
  },
});

function matchesAny(specs: readonly ApiRef[], ref: ModuleRef | undefined): boolean {
  return findRef(specs, ref) !== undefined;
}

/** `agenda.start()` on an Agenda instance (typed mode also knows an injected one by its type). */
function checkRunnerStart(context: Context, call: ts.CallExpression, candidates: Candidate[]): void {
  const { ts, facts } = context;
  const callee = skipOuterExpressions(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  if (!DISTRIBUTED_RUNNERS.some((r) => r.startMethods.includes(method))) return;
  const origin = valueOrigin(facts, callee.expression);
  let runner = origin?.callee && findRef(DISTRIBUTED_RUNNERS, origin.callee);
  if (runner === undefined && context.checker !== undefined) {
    const symbol = context.checker.getTypeAtLocation(callee.expression).getSymbol();
    const declared = symbol?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, '/');
    runner = DISTRIBUTED_RUNNERS.find((r) => declared !== undefined && declared.includes(`/node_modules/${r.module}/`));
  }
  if (runner !== undefined && where(context, call) !== 'request') {
    candidates.push({ node: call, messageId: 'inProcessWorker', api: runner.api, job: undefined, needsIo: false });
  }
}

// ---------------------------------------------------------------------------------------------
// Where code runs: start-up, a request, or somewhere else.

/**
 * Start-up code runs once per process: module level, a function that start-up code calls, a
 * `main` / `bootstrap` function, a `listen` / `then` callback registered at start-up, NestJS
 * lifecycle hooks and singleton constructors. Request code is a route handler or middleware, a
 * per-request or per-connection event handler, or a NestJS route method.
 */
function where(context: Context, node: ts.Node, seen = new Set<ts.Node>()): Where {
  const { ts } = context;
  for (let fn = enclosingFunction(ts, node); fn !== undefined; fn = enclosingFunction(ts, fn)) {
    if (ts.isClassStaticBlockDeclaration(fn)) continue;
    if (isRequestHandler(context, fn)) return 'request';
  }
  const fn = enclosingFunction(ts, node);
  if (fn === undefined) return isInInstanceMember(ts, node) ? 'other' : 'startup';
  if (ts.isClassStaticBlockDeclaration(fn)) return 'startup';
  if (seen.has(fn)) return 'other';
  seen.add(fn);
  return isStartupFunction(context, fn, seen) ? 'startup' : 'other';
}

/** A non-static property initializer runs per instance, not at module load. */
function isInInstanceMember(ts: Context['ts'], node: ts.Node): boolean {
  for (let n = node.parent; n !== undefined; n = n.parent) {
    if (ts.isPropertyDeclaration(n)) return !(ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false);
  }
  return false;
}

function isStartupFunction(context: Context, fn: FunctionLikeWithBody, seen: Set<ts.Node>): boolean {
  const { ts, facts } = context;
  const name = declaredName(ts, fn);
  if (ts.isMethodDeclaration(fn) && fn.name !== undefined && ts.isIdentifier(fn.name) && STARTUP_METHODS.includes(fn.name.text)) return true;
  if (ts.isConstructorDeclaration(fn) && hasDecorator(context, fn.parent, SINGLETON_DECORATORS)) return true;
  if (name !== undefined && STARTUP_FUNCTIONS.includes(name.text) && facts.scope.scopeAt(fn) === facts.scope.moduleScope) return true;
  // Called (or immediately invoked, or registered as a start-up callback) by start-up code.
  const use = climbParens(ts, fn);
  const parent = use.parent;
  if (parent !== undefined && ts.isCallExpression(parent)) {
    if (parent.expression === use) return where(context, parent, seen) === 'startup';
    const callee = skipOuterExpressions(ts, parent.expression);
    if (ts.isPropertyAccessExpression(callee) && STARTUP_CALLBACK_METHODS.includes(callee.name.text)) {
      return where(context, parent, seen) === 'startup';
    }
  }
  if (name === undefined) return false;
  const variable = facts.scope.variableOf(name);
  for (const reference of variable?.references ?? []) {
    const ref = climbParens(ts, reference.identifier);
    const call = ref.parent;
    if (call === undefined || !ts.isCallExpression(call)) continue;
    const callee = skipOuterExpressions(ts, call.expression);
    const invoked = call.expression === ref;
    const registered = ts.isPropertyAccessExpression(callee) && STARTUP_CALLBACK_METHODS.includes(callee.name.text) && call.arguments.includes(ref as ts.Expression);
    if ((invoked || registered) && where(context, call, seen) === 'startup') return true;
  }
  return false;
}

function climbParens(ts: Context['ts'], node: ts.Node): ts.Node {
  let n = node;
  while (n.parent !== undefined && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  return n;
}

/** `function poll()`, `const poll = () => …`, `poll() {}` (a method): the name start-up code calls it by. */
function declaredName(ts: Context['ts'], fn: FunctionLikeWithBody): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  const parent = climbParens(ts, fn).parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name;
  }
  return undefined;
}

function isRequestHandler(context: Context, fn: FunctionLikeWithBody): boolean {
  const { ts } = context;
  if (ts.isMethodDeclaration(fn)) return hasDecorator(context, fn, ROUTE_DECORATORS);
  const use = climbParens(ts, fn);
  const call = use.parent;
  if (call === undefined || !ts.isCallExpression(call) || !call.arguments.includes(use as ts.Expression)) return false;
  const callee = skipOuterExpressions(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (method === 'on' || method === 'once') return REQUEST_EVENTS.includes(staticString(ts, call.arguments[0]) ?? '');
  if (!ROUTE_METHODS.includes(method)) return false;
  // `app.get('/path', handler)`, `router.use(middleware)`; `config.get('key')` has no function argument.
  return call.arguments.some((a) => isFunctionWithBody(ts, skipOuterExpressions(ts, a)) || ts.isIdentifier(skipOuterExpressions(ts, a)));
}

function hasDecorator(context: Context, node: ts.Node, decorators: readonly ApiRef[]): boolean {
  const { ts, facts } = context;
  if (!ts.canHaveDecorators(node)) return false;
  return (ts.getDecorators(node) ?? []).some((d) => {
    const e = skipOuterExpressions(ts, d.expression);
    return matchesAny(decorators, facts.modules.resolve(ts.isCallExpression(e) ? e.expression : e));
  });
}

// ---------------------------------------------------------------------------------------------
// A switch that picks the replica that runs jobs.

/**
 * The scheduler runs only when a switch about jobs is on: inside `if (config.runJobs)`, after
 * `if (!isJobEnabled) return;`, behind `process.env.ENABLE_CRON === 'true' &&`.
 */
function isBehindSchedulerSwitch(context: Context, node: ts.Node): boolean {
  const { ts } = context;
  let child: ts.Node = node;
  for (let p = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isIfStatement(p) && p.thenStatement === child && mentionsSwitch(context, p.expression, 0)) return true;
    if (ts.isConditionalExpression(p) && p.whenTrue === child && mentionsSwitch(context, p.condition, 0)) return true;
    if (ts.isBinaryExpression(p) && p.right === child && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      if (mentionsSwitch(context, p.left, 0)) return true;
    }
    if (ts.isBlock(p) || ts.isSourceFile(p)) {
      // `if (!isJobEnabled) return;` before the scheduler.
      for (const statement of p.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && exits(ts, statement.thenStatement) && mentionsSwitch(context, statement.expression, 0)) return true;
      }
    }
    if (isFunctionWithBody(ts, p) && !ts.isArrowFunction(p) && !ts.isFunctionExpression(p)) break;
  }
  return false;
}

function exits(ts: Context['ts'], statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && exits(ts, statement.statements[statement.statements.length - 1]!);
}

/** The condition names a job switch: an identifier, property or string like `runJobs`, `ENABLE_CRON`, `isLeader`. */
function mentionsSwitch(context: Context, node: ts.Node, depth: number): boolean {
  const { ts, facts } = context;
  if (depth > 3) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteralLike(n)) {
      if (SCHEDULER_SWITCH.test(n.text)) {
        found = true;
        return;
      }
      if (ts.isIdentifier(n)) {
        const variable = facts.scope.variableOf(n);
        if (variable?.kind === 'const' && variable.initializer !== undefined && variable.path.length === 0) {
          found = mentionsSwitch(context, variable.initializer, depth + 1);
          if (found) return;
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

// ---------------------------------------------------------------------------------------------
// The timer: its job, whether it loops, whether it is unref()'d.

/** The job's code: a function argument, a function of this file passed by name, a `this.method`. */
function jobOf(context: Context, call: ts.CallExpression | ts.NewExpression, spec: Scheduler): ts.Node | undefined {
  const { ts, facts } = context;
  const args = call.arguments ?? [];
  let job: ts.Expression | undefined;
  if (spec.jobProperty !== undefined) {
    const options = objectLiteralOf(facts, args[spec.jobProperty.argument]);
    job = options && propertyValue(ts, findProperty(ts, options, spec.jobProperty.name));
  } else if (spec.jobArgument !== undefined) {
    job = args[spec.jobArgument < 0 ? args.length + spec.jobArgument : spec.jobArgument];
  }
  return job === undefined ? undefined : functionOf(context, job);
}

/** The function (or method) an expression denotes, when it is in this file. */
function functionOf(context: Context, node: ts.Expression): ts.Node | undefined {
  const { ts, facts } = context;
  let n = skipOuterExpressions(ts, node);
  // `this.tick.bind(this)`, `tick.bind(null)`
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'bind') {
    n = skipOuterExpressions(ts, n.expression.expression);
  }
  if (isFunctionWithBody(ts, n)) return n;
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable === undefined) return undefined;
    if (variable.kind === 'function') return variable.declaration;
    if (variable.kind === 'const' && variable.initializer !== undefined && variable.path.length === 0) {
      const init = skipOuterExpressions(ts, variable.initializer);
      return isFunctionWithBody(ts, init) ? init : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) return methodOf(ts, n);
  return undefined;
}

/** The method of the enclosing class that `this.name` denotes. */
function methodOf(ts: Context['ts'], access: ts.PropertyAccessExpression): ts.Node | undefined {
  let klass: ts.Node | undefined = access.parent;
  while (klass !== undefined && !ts.isClassLike(klass)) klass = klass.parent;
  if (klass === undefined) return undefined;
  for (const member of klass.members) {
    if (member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== access.name.text) continue;
    if (ts.isMethodDeclaration(member)) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
      const init = skipOuterExpressions(ts, member.initializer);
      if (isFunctionWithBody(ts, init)) return init;
    }
  }
  return undefined;
}

/**
 * `setTimeout(poll, ms)` (or `setTimeout(() => poll(), ms)`) inside `poll` itself: a loop. Returns
 * the looping function.
 */
function loopFunction(context: Context, call: ts.CallExpression, spec: Scheduler): FunctionLikeWithBody | undefined {
  const { ts } = context;
  const callback = call.arguments[spec.jobArgument ?? 0];
  if (callback === undefined) return undefined;
  let target = functionOf(context, callback);
  if (target !== undefined && isFunctionWithBody(ts, target) && !encloses(target, call)) {
    // An arrow that calls the enclosing function: `setTimeout(() => void poll(), ms)`.
    const body = target.body;
    const single = body !== undefined && ts.isBlock(body) && body.statements.length === 1 ? body.statements[0] : body;
    let expression = single !== undefined && ts.isExpressionStatement(single) ? single.expression : single;
    if (expression !== undefined && ts.isVoidExpression(expression)) expression = expression.expression;
    const inner = expression !== undefined ? skipOuterExpressions(ts, expression) : undefined;
    target = inner !== undefined && ts.isCallExpression(inner) ? functionOf(context, inner.expression) : undefined;
  }
  return target !== undefined && isFunctionWithBody(ts, target) && encloses(target, call) ? target : undefined;
}

function encloses(outer: ts.Node, inner: ts.Node): boolean {
  for (let n: ts.Node | undefined = inner.parent; n !== undefined; n = n.parent) if (n === outer) return true;
  return false;
}

/** `setInterval(…).unref()`, or `t.unref()` / `this.t.unref()` on the variable or property holding it. */
function isUnrefd(context: Context, call: ts.CallExpression): boolean {
  const { ts, facts } = context;
  const use = climbParens(ts, call);
  const parent = use.parent;
  if (parent === undefined) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === UNREF_METHOD) return true;
  let holder: ts.Node | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === use) holder = parent.name;
  else if (ts.isBinaryExpression(parent) && parent.right === use && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    holder = skipOuterExpressions(ts, parent.left);
  }
  if (holder === undefined) return false;
  if (ts.isIdentifier(holder)) {
    const variable = facts.scope.variableOf(holder);
    return (variable?.references ?? []).some((r) => {
      const p = climbParens(ts, r.identifier).parent;
      return p !== undefined && ts.isPropertyAccessExpression(p) && p.name.text === UNREF_METHOD;
    });
  }
  if (ts.isPropertyAccessExpression(holder)) {
    const text = holder.getText(context.sourceFile);
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isPropertyAccessExpression(n) && n.name.text === UNREF_METHOD && skipOuterExpressions(ts, n.expression).getText(context.sourceFile) === text) {
        found = true;
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(context.sourceFile);
    return found;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The job's code: does it do shared work, take a lock, or refresh this process's own copy?

interface JobFacts {
  /** It talks to a shared store or the network (or awaits something, which is I/O). */
  io: boolean;
  /** It calls functions this file does not define (they may do I/O). */
  unknownCalls: boolean;
  /** It takes a distributed lock. */
  locked: boolean;
  /** It stores what it fetched in this process's own variables (a per-process refresh). */
  refreshesLocalCopy: boolean;
}

function jobFacts(context: Context, job: ts.Node, depth = 0, seen = new Set<ts.Node>()): JobFacts {
  const { ts, facts } = context;
  const result: JobFacts = { io: false, unknownCalls: false, locked: false, refreshesLocalCopy: false };
  if (seen.has(job) || depth > 3) return result;
  seen.add(job);
  const merge = (other: JobFacts): void => {
    result.io ||= other.io;
    result.unknownCalls ||= other.unknownCalls;
    result.locked ||= other.locked;
    result.refreshesLocalCopy ||= other.refreshesLocalCopy;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) result.io = true;
    if (ts.isStringLiteralLike(node) && (LOCK_SQL.test(node.text) || node.text === LOCK_REDIS_FLAG)) result.locked = true;
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === LOCK_REDIS_FLAG) result.locked = true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && storesFetchedValue(context, job, node)) {
      result.refreshesLocalCopy = true;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = skipOuterExpressions(ts, node.expression);
      const ref = facts.modules.resolve(callee);
      if (isLock(context, callee, ref)) result.locked = true;
      else if (isIo(context, callee, ref)) result.io = true;
      else if (ts.isCallExpression(node)) {
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then') result.io = true;
        const local = functionOf(context, node.expression);
        if (local !== undefined) merge(jobFacts(context, local, depth + 1, seen));
        else if (ref?.module !== 'globalThis' && !isLocalValueMethod(context, callee)) {
          result.unknownCalls = true;
          if (context.checker !== undefined && !result.io && returnsPromise(context, node)) result.io = true;
        }
      }
    }
    if (node !== job && isFunctionWithBody(ts, node) && !ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(job);
  return result;
}

/** `cache.clear()` on a `new Map()`, `items.push()` on an array literal: this process's own values. */
function isLocalValueMethod(context: Context, callee: ts.Node): boolean {
  const { ts, facts } = context;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuterExpressions(ts, callee.expression);
  const origin = valueOrigin(facts, receiver);
  if (origin !== undefined) return origin.callee?.module === 'globalThis';
  const variable = ts.isIdentifier(receiver) ? facts.scope.variableOf(receiver) : undefined;
  const init = variable?.initializer && variable.path.length === 0 ? skipOuterExpressions(ts, variable.initializer) : undefined;
  return init !== undefined && (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init));
}

/** Typed mode: a function defined elsewhere (an import, an injected service's method) that returns a promise. */
function isAsyncFunctionValue(context: Context, node: ts.Expression | undefined): boolean {
  if (node === undefined || context.checker === undefined) return false;
  const signatures = context.checker.getTypeAtLocation(node).getCallSignatures();
  return signatures.length > 0 && signatures.every((s) => isPromiseType(s.getReturnType()));
}

function isPromiseType(type: ts.Type): boolean {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return symbol?.name === 'Promise' || symbol?.name === 'PromiseLike';
}

/** Typed mode: the call returns a promise (an unknown function that does I/O, most likely). */
function returnsPromise(context: Context, call: ts.CallExpression): boolean {
  return isPromiseType(context.checker!.getTypeAtLocation(call));
}

function isIo(context: Context, callee: ts.Node, ref: ModuleRef | undefined): boolean {
  const { ts, facts } = context;
  if (ref !== undefined) {
    if (ref.module === 'globalThis') return ref.path.length === 1 && IO_GLOBALS.includes(ref.path[0]!);
    if (isIoModule(ref.module)) return true;
  }
  // A method of a client created from an I/O module: `pool.query()`, `redis.del()`, `this.db.users.find()`.
  for (let n = callee; ts.isPropertyAccessExpression(n); n = skipOuterExpressions(ts, n.expression)) {
    const origin = valueOrigin(facts, n.expression, { derives: () => true });
    if (origin?.callee !== undefined && isIoModule(origin.callee.module)) return true;
  }
  return false;
}

function isIoModule(module: string): boolean {
  return IO_MODULES.includes(module) || IO_SCOPES.some((scope) => module.startsWith(scope));
}

function isLock(context: Context, callee: ts.Node, ref: ModuleRef | undefined): boolean {
  const { ts, facts } = context;
  if (ref !== undefined && LOCK_MODULES.includes(ref.module)) return true;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const origin = valueOrigin(facts, callee.expression);
  return origin?.callee !== undefined && LOCK_MODULES.includes(origin.callee.module);
}

/**
 * `config = await fetchConfig()`, `this.rates = rates` (a local the job fetched into): the job
 * keeps this process's own copy fresh, which every replica must do for itself.
 */
function storesFetchedValue(context: Context, job: ts.Node, assignment: ts.BinaryExpression): boolean {
  const { ts, facts } = context;
  const left = skipOuterExpressions(ts, assignment.left);
  let outside = false;
  if (ts.isIdentifier(left)) {
    const variable = facts.scope.variableOf(left);
    outside = variable !== undefined && !encloses(job, variable.identifier);
  } else if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
    outside = true;
  }
  if (!outside) return false;
  let fetched = false;
  const visit = (n: ts.Node): void => {
    if (fetched) return;
    if (ts.isAwaitExpression(n)) fetched = true;
    else if (ts.isIdentifier(n)) {
      const variable = facts.scope.variableOf(n);
      if (variable !== undefined && encloses(job, variable.identifier) && variable.kind !== 'parameter') fetched = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(assignment.right);
  return fetched;
}
