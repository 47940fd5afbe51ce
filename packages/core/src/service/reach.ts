/**
 * Reachability for rules: is a file service code because a server or a handler reaches it, a tool
 * because only tool entries or tests do, or unknown (the name heuristics of code-kind.ts decide).
 * Also what the program left unresolved, for messages that say so.
 */
import path from 'node:path';
import type { FileFacts } from '../lang/facts.js';
import { programModel, programModelEpoch, type ProgramModel, type Reach, type TraceStep } from './program-model.js';

/**
 * Per file's facts, the answer and the model it came from: the facts of a file the untyped models
 * read from disk are shared by the models of later edits, so the answer is kept per model.
 */
const answers = new WeakMap<FileFacts, { model: ProgramModel | undefined; epoch: number; reach: Reach | undefined }>();

/** What the program model says about the file's kind (undefined: nothing known reaches it). */
export function reachOf(facts: FileFacts): Reach | undefined {
  const known = answers.get(facts);
  // No model was built since: the answer stands (without asking for the model again).
  if (known !== undefined && known.epoch === programModelEpoch()) return known.reach;
  let model: ProgramModel;
  try {
    model = programModel(facts);
  } catch {
    // The model is an aid: a file it cannot read or parse leaves the decision to the heuristics.
    answers.set(facts, { model: undefined, epoch: programModelEpoch(), reach: undefined });
    return undefined;
  }
  if (known !== undefined && known.model === model) {
    known.epoch = programModelEpoch();
    return known.reach;
  }
  let reach: Reach | undefined;
  try {
    reach = model.reachOf(path.resolve(facts.sourceFile.fileName));
  } catch {
    reach = undefined;
  }
  answers.set(facts, { model, epoch: programModelEpoch(), reach });
  return reach;
}

/** The chain that makes the file service code (entry point → imports → this file), if it is. */
export function serviceTrace(facts: FileFacts): readonly TraceStep[] | undefined {
  const reach = reachOf(facts);
  return reach?.kind === 'service' ? reach.trace : undefined;
}
