/**
 * require-graceful-shutdown: Kubernetes (and every orchestrator) stops a replica with SIGTERM, waits
 * the grace period, then kills it. A server started without a SIGTERM path that closes it drops the
 * requests in flight on every deploy and scale-in; a handler that calls `process.exit()` before the
 * server has closed does the same. Reported at the `listen`/`serve` call, or at the abrupt exit.
 *
 * Gather, then decide: the file's servers, handlers and exits are known after one scan; the decision
 * is made for "the program" (the file and the modules its entry points load, see program.ts), so a
 * `lifecycle.ts` that closes the server counts, and another entry point's handler does not.
 */
import type * as ts from 'typescript';
import { defineProjectFact, defineRule, inTestBranch, scriptReason, skipOuterExpressions, type ProjectView, type RuleContext } from '@statelint/core';
import { CLOSE_METHODS, SIGINT, SIGTERM, type ServerKind } from './catalogue.js';
import { ProgramGraph, type ShutdownProgram } from './program.js';
import { ShutdownFacts, type Bound, type Registration, type ServerStart, type Summary } from './shutdown.js';
import { ValueTracer } from './values.js';

export interface Options {
  /** strict: the shutdown path must force the exit on a timer of at most `maxGraceMs`. */
  requireForcedExit: boolean;
  /** The longest forced-exit bound accepted, in milliseconds. */
  maxGraceMs: number;
  /** strict: keep-alive connections must be closed (`closeIdleConnections`, a library that does it). */
  requireKeepAliveClose: boolean;
  /** strict: SIGINT must be handled too. */
  requireSigint: boolean;
}

export type MessageId =
  | 'noShutdown'
  | 'notClosed'
  | 'sigtermMissing'
  | 'noShutdownPartial'
  | 'notClosedPartial'
  | 'sigtermMissingPartial'
  | 'abruptExit'
  | 'noForcedExit'
  | 'graceTooLong'
  | 'keepAliveOpen'
  | 'sigintUnhandled';

/** How to close each kind of server, for the messages. */
const FIX: Readonly<Record<ServerKind, string>> = {
  http: 'Keep the server and call `server.close()` from `process.once(\'SIGTERM\', …)`, exiting in its callback',
  express:
    'Keep the server `app.listen()` returns and call `server.close()` from `process.once(\'SIGTERM\', …)`, exiting in its callback',
  koa: 'Keep the server `app.listen()` returns and call `server.close()` from `process.once(\'SIGTERM\', …)`, exiting in its callback',
  hono: 'Keep the server `serve()` returns and call `server.close()` from `process.once(\'SIGTERM\', …)`, exiting in its callback',
  fastify: 'Call `await app.close()` from `process.once(\'SIGTERM\', …)` (or use close-with-grace)',
  nest: 'Call `app.enableShutdownHooks()` on this app before `listen()`, so Nest closes it on SIGTERM',
  hapi: 'Call `await server.stop()` from `process.once(\'SIGTERM\', …)`',
  stoppable: 'Call `server.stop()` from `process.once(\'SIGTERM\', …)`',
  terminator: 'Call `terminator.terminate()` from `process.once(\'SIGTERM\', …)`',
};

interface Analysis {
  tracer: ValueTracer;
  shutdown: ShutdownFacts;
  graph: ProgramGraph;
}

const ANALYSIS = defineProjectFact<Analysis>('require-graceful-shutdown', (project: ProjectView) => {
  const tracer = new ValueTracer(project.ts, project);
  return { tracer, shutdown: new ShutdownFacts(project.ts, tracer), graph: new ProgramGraph(project.ts, project) };
});

export default defineRule<MessageId, Options>({
  id: 'require-graceful-shutdown',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every server to close on SIGTERM, and no abrupt `process.exit()` in signal handlers.',
      recommended: 'error',
      strictOptions: { requireForcedExit: true, requireKeepAliveClose: true, requireSigint: true },
    },
    messages: {
      noShutdown:
        '`{{api}}` starts a server, but nothing in the program handles SIGTERM: every deploy and scale-in kills it with requests in flight. {{fix}}.',
      notClosed:
        '`{{api}}` starts a server that no SIGTERM handler in the program closes: it keeps accepting requests until the process is killed. {{fix}}.',
      sigtermMissing:
        '`{{api}}` starts a server, but the program handles only SIGINT; Kubernetes and most platforms stop containers with SIGTERM. Handle SIGTERM with the same shutdown (`process.once(\'SIGTERM\', shutdown)`).',
      noShutdownPartial:
        '`{{api}}` starts a server, but nothing in the program handles SIGTERM as far as the audit can see (not resolved: {{unresolved}}): every deploy and scale-in kills it with requests in flight. {{fix}}.',
      notClosedPartial:
        '`{{api}}` starts a server that no SIGTERM handler the audit can see closes (not resolved: {{unresolved}}): it keeps accepting requests until the process is killed. {{fix}}.',
      sigtermMissingPartial:
        '`{{api}}` starts a server, but the program handles only SIGINT as far as the audit can see (not resolved: {{unresolved}}); Kubernetes and most platforms stop containers with SIGTERM. Handle SIGTERM with the same shutdown (`process.once(\'SIGTERM\', shutdown)`).',
      abruptExit:
        '`process.exit()` in this {{signal}} handler ends the process without closing the server, cutting off requests in flight. Close the server first (`server.close()`, `app.close()`) and exit once it has closed, with an unref\'d forced-exit timer as the bound.',
      noForcedExit:
        '`{{api}}`: the shutdown path has no forced-exit bound, so a hung connection or pool keeps the process alive until SIGKILL. Add `setTimeout(() => process.exit(1), {{maxGraceMs}}).unref()` to the SIGTERM handler.',
      graceTooLong:
        '`{{api}}`: the shutdown path forces the exit only after {{ms}} ms, longer than the {{maxGraceMs}} ms allowed. Shorten the forced-exit bound (`maxGraceMs`).',
      keepAliveOpen:
        '`{{api}}`: the shutdown path never closes keep-alive connections, so clients that keep sending requests hold the server open. Call `server.closeIdleConnections()` after `close()` and `server.closeAllConnections()` at the deadline, or use http-terminator.',
      sigintUnhandled:
        '`{{api}}`: SIGINT is not handled, so Ctrl-C and process managers that send it skip the graceful path. Register the same shutdown for SIGINT.',
    },
    schema: {
      type: 'object',
      properties: {
        requireForcedExit: {
          type: 'boolean',
          description: 'Require a forced exit on a timer (`setTimeout(() => process.exit(1), ms)`, or a library bound) of at most `maxGraceMs`.',
        },
        maxGraceMs: {
          type: 'integer',
          minimum: 1,
          description: 'The longest forced-exit bound accepted when `requireForcedExit` is on, in milliseconds.',
        },
        requireKeepAliveClose: {
          type: 'boolean',
          description: 'Require keep-alive connections to be closed (`closeIdleConnections` / `closeAllConnections`, or a library that does it).',
        },
        requireSigint: { type: 'boolean', description: 'Require SIGINT to be handled as well as SIGTERM.' },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { requireForcedExit: false, maxGraceMs: 5000, requireKeepAliveClose: false, requireSigint: false },
  create(context) {
    const { sourceFile } = context;
    if (scriptReason(context.facts) !== undefined) return {};
    return {
      'SourceFile:exit'() {
        const analysis = context.project.memo(ANALYSIS);
        const own = analysis.shutdown.of(sourceFile);
        const exits = own.registrations.length > 0 || /process\.exit|\bexit\s*\(/.test(sourceFile.text);
        if (own.starts.length === 0 && !exits) return;
        const programs = analysis.graph.programsOf(context.facts);
        for (const start of own.starts) checkServer(context, analysis, start, programs);
        if (exits) checkExits(context, analysis, programs);
      },
    };
  },
});


interface ProgramView {
  program: ShutdownProgram;
  registrations: Registration[];
  starts: ServerStart[];
}

function view(analysis: Analysis, program: ShutdownProgram, project: ProjectView): ProgramView {
  const registrations: Registration[] = [];
  const starts: ServerStart[] = [];
  for (const file of program.files) {
    const facts = analysis.shutdown.of(file);
    registrations.push(...facts.registrations);
    // Scripts and CLIs own their process; tests close the servers they start.
    if (scriptReason(project.factsOf(file)) === undefined) starts.push(...facts.starts);
  }
  // Handlers registered by a running handler answer a second signal; they are not the shutdown path.
  const nested = new Set<ts.Node>();
  for (const r of registrations) for (const call of analysis.shutdown.summaryOf(r.handler).registers) nested.add(call);
  return { program, registrations: registrations.filter((r) => !nested.has(r.call)), starts };
}

function handles(r: Registration, signal: string): boolean {
  return r.signals.has(signal) || r.signals.has('*');
}

function closesServer(closes: Summary['closes'], start: ServerStart): boolean {
  if (closes.unknown) return true;
  for (const id of closes.ids.keys()) if (start.ids.has(id)) return true;
  return false;
}

/** The handler closes nothing (and calls nothing the rule cannot see): its exits are abrupt. */
function closesNothing(summary: Summary, r: Registration): boolean {
  return !summary.opaque && !summary.closes.unknown && summary.closes.ids.size === 0 && r.closes.ids.size === 0 && !r.closes.unknown;
}

type Verdict =
  | { covered: false; messageId: 'noShutdown' | 'notClosed' | 'sigtermMissing' | undefined }
  | { covered: true; forced: boolean; bounds: Bound[]; keepAlive: boolean; sigint: boolean };

function verdict(analysis: Analysis, start: ServerStart, p: ProgramView): Verdict {
  const term = p.registrations.filter((r) => handles(r, SIGTERM));
  if (term.length === 0) {
    return { covered: false, messageId: p.registrations.some((r) => handles(r, SIGINT)) ? 'sigtermMissing' : 'noShutdown' };
  }
  const closers = term.filter((r) => closesServer(r.closes, start) || closesServer(analysis.shutdown.summaryOf(r.handler).closes, start));
  if (closers.length === 0) {
    // A handler that exits without closing anything is reported at its exit; one finding is enough.
    const abrupt = term.some((r) => {
      const summary = analysis.shutdown.summaryOf(r.handler);
      return closesNothing(summary, r) && summary.exits.length > 0;
    });
    return { covered: false, messageId: abrupt ? undefined : 'notClosed' };
  }
  const bounds: Bound[] = [];
  let opaque = false;
  for (const r of term) {
    const summary = analysis.shutdown.summaryOf(r.handler);
    if (r.bound !== undefined) bounds.push(r.bound);
    bounds.push(...summary.bounds);
    opaque ||= summary.opaque;
  }
  const keepAlive =
    start.closesKeepAlive ||
    closers.some((r) => {
      const summary = analysis.shutdown.summaryOf(r.handler);
      return r.keepAlive || summary.keepAlive || summary.opaque;
    }) ||
    term.some((r) => analysis.shutdown.summaryOf(r.handler).keepAlive);
  return {
    covered: true,
    forced: bounds.length > 0 || opaque,
    // Code the rule cannot see may bound the shutdown, unless a bound it can see says otherwise.
    bounds: opaque && bounds.length === 0 ? ['unknown'] : bounds,
    keepAlive,
    sigint: p.registrations.some((r) => handles(r, SIGINT)),
  };
}

function checkServer(
  context: RuleContext<MessageId, Options>,
  analysis: Analysis,
  start: ServerStart,
  programs: readonly ShutdownProgram[],
): void {
  const data = { api: start.api, fix: FIX[start.kind] };
  const verdicts = programs.map((program) => ({ program, verdict: verdict(analysis, start, view(analysis, program, context.project)) }));
  const covered = verdicts.filter((v) => v.verdict.covered && v.program.complete);
  if (verdicts.some((v) => v.verdict.covered)) {
    // Strict checks: each passes when any complete program that covers the server passes it.
    if (covered.length === 0) return;
    const { options } = context;
    const pass = (test: (v: Extract<Verdict, { covered: true }>) => boolean): boolean =>
      covered.some((v) => test(v.verdict as Extract<Verdict, { covered: true }>));
    if (options.requireForcedExit) {
      if (!pass((v) => v.forced)) {
        context.report({ node: start.call, messageId: 'noForcedExit', data: { api: start.api, maxGraceMs: options.maxGraceMs } });
      } else if (!pass((v) => v.bounds.some((b) => b === 'unknown' || b <= options.maxGraceMs))) {
        const shortest = Math.min(
          ...covered.flatMap((v) => (v.verdict as Extract<Verdict, { covered: true }>).bounds.filter((b): b is number => b !== 'unknown')),
        );
        context.report({
          node: start.call,
          messageId: 'graceTooLong',
          data: { api: start.api, ms: shortest, maxGraceMs: options.maxGraceMs },
        });
      }
    }
    if (options.requireKeepAliveClose && !pass((v) => v.keepAlive)) {
      context.report({ node: start.call, messageId: 'keepAliveOpen', data: { api: start.api } });
    }
    if (options.requireSigint && !pass((v) => v.sigint)) {
      context.report({ node: start.call, messageId: 'sigintUnhandled', data: { api: start.api } });
    }
    return;
  }
  // A temporary server (a setup or migration server the program closes itself before the real one
  // starts) ends by the program's own hand, not by a deploy's signal.
  if (programs.some((program) => closedByProgram(context, analysis, program, start))) return;
  // Not covered anywhere: decide from what is known, name the most specific problem, and say what
  // could not be seen (a module that did not resolve may install the handler).
  const order = ['sigtermMissing', 'notClosed', 'noShutdown'] as const;
  const ids = verdicts.map((v) => (v.verdict.covered ? undefined : v.verdict.messageId));
  if (ids.some((id) => id === undefined)) return;
  const messageId = order.find((id) => ids.includes(id))!;
  const unresolved = unresolvedList(verdicts.flatMap((v) => v.program.unresolved));
  const base = messageId === 'sigtermMissing' ? { api: start.api } : data;
  if (unresolved === undefined) context.report({ node: start.call, messageId, data: base });
  else context.report({ node: start.call, messageId: `${messageId}Partial`, data: { ...base, unresolved } });
}

const closedIds = new WeakMap<ShutdownProgram, Set<ts.Node>>();

/** The server values the program's own code closes (`tempServer.close()` in a route, `this.server.close()` in `stop()`), outside scripts and tests. */
function closedByProgram(context: RuleContext<MessageId, Options>, analysis: Analysis, program: ShutdownProgram, start: ServerStart): boolean {
  let ids = closedIds.get(program);
  if (ids === undefined) {
    const { ts } = context;
    const found = new Set<ts.Node>();
    closedIds.set(program, found);
    for (const file of program.files) {
      if (!/\.(close|stop|terminate|shutdown)\s*\(/.test(file.text) || scriptReason(context.project.factsOf(file)) !== undefined) continue;
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          const callee = skipOuterExpressions(ts, node.expression);
          if (ts.isPropertyAccessExpression(callee) && CLOSE_METHODS.has(callee.name.text) && !inTestBranch(ts, node)) {
            for (const id of analysis.tracer.originOf(callee.expression).ids.keys()) found.add(id);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    // What a signal handler closes (SIGINT only, say) is its shutdown path, judged above; not a temporary server's end.
    for (const file of program.files) {
      for (const r of analysis.shutdown.of(file).registrations) {
        for (const id of r.closes.ids.keys()) found.delete(id);
        for (const id of analysis.shutdown.summaryOf(r.handler).closes.ids.keys()) found.delete(id);
      }
    }
    ids = found;
  }
  for (const id of start.ids) if (ids.has(id)) return true;
  return false;
}

/** What the audit could not see, for the message (at most three items), or undefined. */
function unresolvedList(unresolved: readonly string[]): string | undefined {
  const unique = [...new Set(unresolved)];
  if (unique.length === 0) return undefined;
  const more = unique.length > 3 ? ` and ${unique.length - 3} more` : '';
  return `${unique.slice(0, 3).join(', ')}${more}`;
}

function checkExits(context: RuleContext<MessageId, Options>, analysis: Analysis, programs: readonly ShutdownProgram[]): void {
  const reported = new Set<ts.Node>();
  for (const program of programs) {
    const p = view(analysis, program, context.project);
    if (p.starts.length === 0) continue;
    for (const r of p.registrations) {
      if (!handles(r, SIGTERM) && !handles(r, SIGINT)) continue;
      const summary = analysis.shutdown.summaryOf(r.handler);
      if (!closesNothing(summary, r)) continue;
      for (const exit of summary.exits) {
        if (exit.getSourceFile() !== context.sourceFile || reported.has(exit)) continue;
        reported.add(exit);
        context.report({ node: exit, messageId: 'abruptExit', data: { signal: signalName(r) } });
      }
    }
  }
}

function signalName(r: Registration): string {
  if (r.signals.has('*')) return 'shutdown';
  const names = [SIGTERM, SIGINT].filter((s) => r.signals.has(s));
  return names.join('/');
}
