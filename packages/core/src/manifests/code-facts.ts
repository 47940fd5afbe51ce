/**
 * What the deployment cross-checks need to know about a code file, as plain data (it crosses worker
 * threads): the path literals that can be routes, the ports the file listens on, the shutdown
 * deadline it sets, whether a SIGTERM handler closes the listener at once, and where (and to which
 * path) it writes files. Writes come from `no-fs-writes`' findings, so the judgement of what is a
 * write stays with that rule; the rest are small syntactic facts.
 */
import type * as ts from 'typescript';
import { findProperty, propertyValue, staticNumber, staticString } from '../lang/ast.js';
import { skipOuterExpressions } from '../lang/scope.js';
import type { Finding } from '../engine/engine.js';
import type { FileFacts } from '../lang/facts.js';
import { constantValue, objectLiteralOf } from '../lang/values.js';

export interface CodeRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ListenFact extends CodeRange {
  /** The literal port, or the default after `process.env.X ||`. */
  port?: number;
  /** The environment variable the port is read from. */
  env?: string;
}

export interface ShutdownDeadlineFact extends CodeRange {
  ms: number;
  /** What sets it: `setTimeout(() => process.exit())`, `closeWithGrace({ delay })`, … */
  what: string;
}

export interface WriteFact extends CodeRange {
  /** The static directory (or file) written to, `os.tmpdir()` as `$TMPDIR`; undefined when unknown. */
  path?: string;
}

export interface CodeFacts {
  /** String literals that look like URL paths (`/health`, `/api/users/:id`). */
  paths: string[];
  /** Health-check libraries the file uses (they serve probe paths themselves). */
  healthLibraries: string[];
  listens: ListenFact[];
  shutdownDeadlines: ShutdownDeadlineFact[];
  /** A SIGTERM handler that closes the server before any delay. */
  closesAtOnce: CodeRange | undefined;
  writes: WriteFact[];
}

/** Libraries with a shutdown deadline: option name and default in milliseconds. */
const DEADLINE_LIBRARIES: readonly { module: string; path: readonly string[]; argument: number; option: string; defaultMs: number }[] = [
  { module: 'close-with-grace', path: [], argument: 0, option: 'delay', defaultMs: 10_000 },
  { module: '@godaddy/terminus', path: ['createTerminus'], argument: 1, option: 'timeout', defaultMs: 1_000 },
  { module: 'http-terminator', path: ['createHttpTerminator'], argument: 0, option: 'gracefulTerminationTimeout', defaultMs: 1_000 },
  { module: 'lightship', path: ['createLightship'], argument: 0, option: 'gracefulShutdownTimeout', defaultMs: 60_000 },
];

const HEALTH_LIBRARIES = ['@godaddy/terminus', 'lightship', 'express-healthcheck', 'express-actuator', '@nestjs/terminus', 'fastify-healthcheck', '@fastify/under-pressure', 'kube-probe'];

const DELAY_NAME = /^(sleep|delay|wait|setTimeout|drain|pause)/i;

export function collectCodeFacts(facts: FileFacts, findings: readonly Finding[]): CodeFacts {
  const { ts, sourceFile } = facts;
  const out: CodeFacts = { paths: [], healthLibraries: [], listens: [], shutdownDeadlines: [], closesAtOnce: undefined, writes: [] };
  const range = (node: ts.Node): CodeRange => {
    const a = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    const b = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
    return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
  };
  const paths = new Set<string>();
  const writeCalls = new Map<number, Finding>();
  for (const f of findings) if (f.ruleId === 'no-fs-writes') writeCalls.set(f.start, f);

  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (/^\/[\w\-./:*{}]*$/.test(node.text) && node.text.length < 200) paths.add(node.text);
    } else if (ts.isImportDeclaration(node) || (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require')) {
      const spec = ts.isImportDeclaration(node) ? staticString(ts, node.moduleSpecifier) : staticString(ts, node.arguments[0]);
      if (spec !== undefined && HEALTH_LIBRARIES.includes(spec)) out.healthLibraries.push(spec);
    }
    if (ts.isCallExpression(node)) {
      const write = writeCalls.get(node.getStart(sourceFile));
      if (write !== undefined) out.writes.push({ ...range(node), ...definedPath(writePath(facts, node.arguments[0])) });
      call(node);
    }
    ts.forEachChild(node, visit);
  };

  const call = (node: ts.CallExpression): void => {
    const callee = skipOuterExpressions(ts, node.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'listen') {
      const port = portOf(facts, node.arguments[0]);
      if (port !== undefined) out.listens.push({ ...range(node), ...port });
    }
    const ref = facts.modules.resolve(node.expression);
    if (ref?.module === 'globalThis' && ref.path.length === 1 && ref.path[0] === 'setTimeout' && exitsProcess(node.arguments[0])) {
      const ms = numberOf(facts, node.arguments[1]);
      if (ms !== undefined) out.shutdownDeadlines.push({ ...range(node), ms, what: 'a forced-exit timer' });
    }
    if (ref !== undefined) {
      const library = DEADLINE_LIBRARIES.find((l) => l.module === ref.module && l.path.join('.') === ref.path.join('.'));
      if (library !== undefined) {
        const options = objectLiteralOf(facts, node.arguments[library.argument]);
        const value = options === undefined ? undefined : propertyValue(ts, findProperty(ts, options, library.option));
        const ms = value === undefined ? library.defaultMs : numberOf(facts, value);
        if (ms !== undefined) out.shutdownDeadlines.push({ ...range(node), ms, what: `${library.module} (${library.option}: ${ms} ms)` });
      }
    }
    if (isSignalHandlerRegistration(node) && out.closesAtOnce === undefined) {
      const handler = functionOf(node.arguments[1], 0);
      if (handler !== undefined && closesBeforeDelay(handler, 0)) out.closesAtOnce = range(node);
    }
  };

  const exitsProcess = (fn: ts.Node | undefined): boolean => {
    if (fn === undefined) return false;
    const f = skipOuterExpressions(ts, fn);
    if (!ts.isArrowFunction(f) && !ts.isFunctionExpression(f)) return false;
    let found = false;
    const look = (n: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n)) {
        const r = facts.modules.resolve(n.expression);
        if (r?.module === 'process' && r.path[0] === 'exit') found = true;
        if (r?.module === 'globalThis' && r.path[0] === 'process' && r.path[1] === 'exit') found = true;
      }
      ts.forEachChild(n, look);
    };
    look(f);
    return found;
  };

  const isSignalHandlerRegistration = (node: ts.CallExpression): boolean => {
    const callee = skipOuterExpressions(ts, node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !['on', 'once', 'addListener'].includes(callee.name.text)) return false;
    if (staticString(ts, node.arguments[0]) !== 'SIGTERM') return false;
    const ref = facts.modules.resolve(callee.expression);
    return (ref?.module === 'process' && ref.path.length === 0) || (ref?.module === 'globalThis' && ref.path.join('.') === 'process');
  };

  const functionOf = (node: ts.Node | undefined, depth: number): ts.FunctionLikeDeclaration | undefined => {
    if (node === undefined || depth > 3) return undefined;
    const n = skipOuterExpressions(ts, node);
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) && n.body !== undefined) return n;
    if (ts.isIdentifier(n)) {
      const variable = facts.scope.variableOf(n);
      const decl = variable?.declaration;
      if (decl !== undefined && ts.isFunctionDeclaration(decl)) return decl;
      return functionOf(variable?.initializer, depth + 1);
    }
    return undefined;
  };

  /** Walks the handler's statements in order: a delay first is fine; a `.close(` first is not. */
  const closesBeforeDelay = (fn: ts.FunctionLikeDeclaration, depth: number): boolean => {
    let verdict: boolean | undefined;
    const look = (n: ts.Node): void => {
      if (verdict !== undefined) return;
      if (n !== fn && (ts.isArrowFunction(n) || ts.isFunctionExpression(n))) {
        // a callback (a timer's, a promise's) runs later: a delay, unless it is the close itself
        if (ts.isCallExpression(n.parent) && n.parent.arguments.includes(n)) {
          const owner = skipOuterExpressions(ts, n.parent.expression);
          const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : '';
          if (DELAY_NAME.test(name)) {
            verdict = false;
            return;
          }
        }
      }
      if (ts.isCallExpression(n)) {
        const owner = skipOuterExpressions(ts, n.expression);
        const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : '';
        if (DELAY_NAME.test(name)) {
          verdict = false;
          return;
        }
        if (name === 'close' || name === 'stop' || name === 'terminate') {
          verdict = true;
          return;
        }
        if (ts.isIdentifier(owner)) {
          const inner = functionOf(owner, depth + 1);
          if (inner !== undefined && inner !== fn && depth < 2) {
            const v = closesBeforeDelay(inner, depth + 1);
            if (v) verdict = true;
            else if (hasDelay(inner)) verdict = false;
            if (verdict !== undefined) return;
          }
        }
      }
      ts.forEachChild(n, look);
    };
    if (fn.body !== undefined) look(fn.body);
    return verdict === true;
  };

  const hasDelay = (fn: ts.FunctionLikeDeclaration): boolean => {
    let found = false;
    const look = (n: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n)) {
        const owner = skipOuterExpressions(ts, n.expression);
        const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : '';
        if (DELAY_NAME.test(name)) found = true;
      }
      ts.forEachChild(n, look);
    };
    if (fn.body !== undefined) look(fn.body);
    return found;
  };

  visit(sourceFile);
  out.paths = [...paths].sort();
  return out;
}

function definedPath(path: string | undefined): { path?: string } {
  return path === undefined ? {} : { path };
}

function numberOf(facts: FileFacts, node: ts.Node | undefined): number | undefined {
  const v = constantValue(facts, node);
  if (typeof v === 'number') return v;
  return staticNumber(facts.ts, node) ?? portOf(facts, node)?.port;
}

/** `3000`, `process.env.PORT`, `process.env.PORT || 3000`, `Number(process.env.PORT ?? 3000)`, `{ port }`. */
export function portOf(facts: FileFacts, node: ts.Node | undefined, depth = 0): { port?: number; env?: string } | undefined {
  const { ts } = facts;
  if (node === undefined || depth > 4) return undefined;
  const n = skipOuterExpressions(ts, node);
  const constant = constantValue(facts, n);
  if (typeof constant === 'number') return { port: constant };
  if (typeof constant === 'string' && /^\d+$/.test(constant)) return { port: Number(constant) };
  if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
    const ref = facts.modules.resolve(n);
    const path = ref?.module === 'process' ? ref.path : ref?.module === 'globalThis' && ref.path[0] === 'process' ? ref.path.slice(1) : undefined;
    if (path !== undefined && path.length === 2 && path[0] === 'env') return { env: path[1]! };
    return undefined;
  }
  if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    const left = portOf(facts, n.left, depth + 1);
    const right = portOf(facts, n.right, depth + 1);
    if (left?.env !== undefined) return { env: left.env, ...(right?.port !== undefined ? { port: right.port } : {}) };
    return undefined;
  }
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && ['Number', 'parseInt', 'parseFloat'].includes(n.expression.text)) {
    return portOf(facts, n.arguments[0], depth + 1);
  }
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.PlusToken) return portOf(facts, n.operand, depth + 1);
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer !== undefined && variable.path.length === 0 && !facts.scope.isReassigned(variable)) {
      return portOf(facts, variable.initializer, depth + 1);
    }
    return undefined;
  }
  const object = ts.isObjectLiteralExpression(n) ? n : undefined;
  if (object !== undefined) return portOf(facts, propertyValue(ts, findProperty(ts, object, 'port')), depth + 1);
  return undefined;
}

/** The static path a write goes to: a literal, `path.join('/data', …)`, `os.tmpdir()`, a template's head. */
function writePath(facts: FileFacts, node: ts.Node | undefined, depth = 0): string | undefined {
  const { ts } = facts;
  if (node === undefined || depth > 4) return undefined;
  const n = skipOuterExpressions(ts, node);
  const constant = constantValue(facts, n);
  if (typeof constant === 'string') return constant;
  if (ts.isTemplateExpression(n)) {
    if (n.head.text.length > 0) return n.head.text;
    return writePath(facts, n.templateSpans[0]?.expression, depth + 1);
  }
  if (ts.isCallExpression(n)) {
    const ref = facts.modules.resolve(n.expression);
    if (ref?.module === 'os' && ref.path[0] === 'tmpdir') return '$TMPDIR';
    if (ref?.module === 'path' && ['join', 'resolve'].includes(ref.path[ref.path.length - 1] ?? '')) {
      const first = writePath(facts, n.arguments[0], depth + 1);
      if (first === undefined) return undefined;
      const rest = n.arguments.slice(1).map((a) => staticString(ts, a));
      const known: string[] = [];
      for (const r of rest) {
        if (r === undefined) break;
        known.push(r);
      }
      return [first, ...known].join('/').replace(/\/+/g, '/');
    }
  }
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer !== undefined && variable.path.length === 0 && !facts.scope.isReassigned(variable)) {
      return writePath(facts, variable.initializer, depth + 1);
    }
  }
  return undefined;
}
