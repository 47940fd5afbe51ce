/**
 * Why a finding applies: the chain that made the code service code and made it run when it does —
 * the entry point (`server.ts: app.listen`), the imports that load the file, the registration
 * (`routes/upload.ts: router.post`) and the calls down to the reported code.
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { isFunctionWithBody } from '../lang/ast.js';
import type { FileFacts } from '../lang/facts.js';
import { lifecycleOf, type Lifecycle } from './call-graph.js';
import { lineColumn, type TraceStep } from './program-model.js';
import { reachOf } from './reach.js';

/** The lifecycle a trace follows first: the one rules judge most strictly. */
const PREFERRED: readonly Lifecycle[] = ['request', 'background', 'shutdown', 'startup', 'load'];

/** The chain from an entry point to `node`, or an empty list when the model knows nothing of it. */
export function explain(facts: FileFacts, node: ts.Node): TraceStep[] {
  const steps: TraceStep[] = [];
  try {
    const reach = reachOf(facts);
    if (reach !== undefined) steps.push(...reach.trace);
    let fn: ts.Node | undefined = node;
    while (fn !== undefined && !isFunctionWithBody(facts.ts, fn)) fn = fn.parent;
    if (fn !== undefined) {
      const info = lifecycleOf(facts, fn as never);
      const lifecycle = info && PREFERRED.find((l) => info.lifecycles.has(l));
      if (info !== undefined && lifecycle !== undefined) {
        for (const step of info.trace(lifecycle)) {
          const last = steps[steps.length - 1];
          if (last === undefined || last.file !== step.file || last.line !== step.line || last.column !== step.column) steps.push(step);
        }
      }
    }
  } catch {
    return steps;
  }
  if (steps.length === 0) return steps;
  const sf = facts.sourceFile;
  const lc = lineColumn(sf.text, node.getStart(sf));
  steps.push({ file: path.resolve(sf.fileName), line: lc.line, column: lc.column, what: 'this code' });
  return steps;
}
