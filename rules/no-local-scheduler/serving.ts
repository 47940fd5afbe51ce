/**
 * Does the process a file runs in serve requests? A scheduler in a dedicated worker is the fix, not
 * the problem; in a web service it runs once per replica.
 *
 * - The file itself starts a server (`app.listen()`, `http.createServer()`, `NestFactory.create()`):
 *   known in every mode.
 * - Typed mode (a program): some file that imports this one, directly or through others, starts a
 *   server — the scheduler's module is loaded by a web service.
 * - Untyped mode sees one file: a module the server imports is not known to be part of a web
 *   service, and is not reported.
 */
import type * as ts from 'typescript';
import { defineFact, defineProjectFact, findRef, reachOf, skipOuterExpressions, type FileFacts, type ProjectView } from '@statelint/core';
import { LISTEN_METHOD, SERVER_STARTS } from './catalogue.js';

const STARTS_SERVER = defineFact<boolean>('starts-server', (facts) => {
  const { ts, sourceFile } = facts;
  if (!/\.listen\s*\(|createServer|createSecureServer|serve\s*\(|NestFactory/.test(sourceFile.text)) return false;
  return facts.nodes.some((node) => ts.isCallExpression(node) && isServerStart(facts, node));
});

function isServerStart(facts: FileFacts, call: ts.CallExpression): boolean {
  const { ts } = facts;
  const callee = skipOuterExpressions(ts, call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === LISTEN_METHOD) return true;
  return findRef(SERVER_STARTS, facts.modules.resolve(callee)) !== undefined;
}

/** The file starts a server. */
export function startsServer(facts: FileFacts): boolean {
  return facts.memo(STARTS_SERVER);
}

/** Per program: files known to be loaded by a server (true) or not (false). */
const SERVED = defineProjectFact('served-files', () => new Map<ts.SourceFile, boolean>());

/**
 * The file runs in a process that serves requests, as far as this mode can know: it starts a server,
 * or core's program model says a server or handler entry reaches it (both modes: untyped reads the
 * imported modules from disk).
 */
export function runsInServer(facts: FileFacts, project: ProjectView): boolean {
  if (startsServer(facts)) return true;
  if (reachOf(facts)?.kind === 'service') return true;
  if (project.program === undefined) return false;
  const known = project.memo(SERVED);
  const cached = known.get(facts.sourceFile);
  if (cached !== undefined) return cached;
  // Walk the importers upwards; every file met has only importers this walk also meets.
  const seen = new Set<ts.SourceFile>([facts.sourceFile]);
  const queue = [...project.importersOf(facts.sourceFile)];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (known.get(file) === true || startsServer(project.factsOf(file))) {
      known.set(facts.sourceFile, true);
      return true;
    }
    if (known.get(file) === false) continue;
    queue.push(...project.importersOf(file));
  }
  for (const file of seen) known.set(file, false);
  return false;
}
