/**
 * Reachability for rules: is a file service code because a server or a handler reaches it, a tool
 * because only tool entries or tests do, or unknown (the name heuristics of code-kind.ts decide).
 * Also what the program left unresolved, for messages that say so.
 */
import path from 'node:path';
import type { FileFacts } from '../facts.js';
import { defineFact } from '../facts.js';
import { programModel, type Reach, type TraceStep } from './program-model.js';

const REACH = defineFact<Reach | undefined>('service-reach', (facts) => {
  try {
    return programModel(facts).reachOf(path.resolve(facts.sourceFile.fileName));
  } catch {
    // The model is an aid: a file it cannot read or parse leaves the decision to the heuristics.
    return undefined;
  }
});

/** What the program model says about the file's kind (undefined: nothing known reaches it). */
export function reachOf(facts: FileFacts): Reach | undefined {
  return facts.memo(REACH);
}

/** The chain that makes the file service code (entry point → imports → this file), if it is. */
export function serviceTrace(facts: FileFacts): readonly TraceStep[] | undefined {
  const reach = reachOf(facts);
  return reach?.kind === 'service' ? reach.trace : undefined;
}
