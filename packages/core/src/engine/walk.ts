/**
 * Depth-first traversal without recursion, so that deeply nested input (generated code, minified
 * bundles) cannot overflow the stack. Children come from `ts.forEachChild`, in source order.
 */
import type * as ts from 'typescript';
import type { TS } from './rule.js';

export interface WalkCallbacks {
  /** Return `false` to skip the node's children (its `leave` still runs). */
  enter(node: ts.Node): boolean | void;
  leave?(node: ts.Node): void;
}

const LEAVE = 1;

export function walk(tsm: TS, root: ts.Node, callbacks: WalkCallbacks): void {
  // The stack holds nodes to enter, and (node, LEAVE) pairs to leave.
  const stack: (ts.Node | typeof LEAVE)[] = [root];
  let parent: ts.Node = root;
  // Children are pushed in source order, then their segment of the stack is reversed, so that they
  // are popped (entered) in source order. Callbacks return nothing: a truthy return would stop
  // `forEachChild`.
  const pushChild = (child: ts.Node): undefined => {
    // Program source files have parents once bound; a bare parse may not. Rules rely on them.
    if (child.parent === undefined) (child as { parent: ts.Node }).parent = parent;
    stack.push(child);
    return undefined;
  };
  const pushChildren = (nodes: ts.NodeArray<ts.Node>): undefined => {
    for (const child of nodes) pushChild(child);
    return undefined;
  };
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top === LEAVE) {
      // Pop first: `leave?.(stack.pop())` would skip the pop when there is no `leave`.
      const left = stack.pop() as ts.Node;
      callbacks.leave?.(left);
      continue;
    }
    const node = top;
    const descend = callbacks.enter(node) !== false;
    stack.push(node, LEAVE);
    if (!descend) continue;
    const start = stack.length;
    parent = node;
    tsm.forEachChild(node, pushChild, pushChildren);
    for (let i = start, j = stack.length - 1; i < j; i++, j--) {
      const swap = stack[i]!;
      stack[i] = stack[j]!;
      stack[j] = swap;
    }
  }
}

/** Sets `parent` on every node of a tree parsed without `setParentNodes`. */
export function ensureParents(tsm: TS, sourceFile: ts.SourceFile): void {
  const first = sourceFile.statements[0];
  if (first === undefined || first.parent !== undefined) return;
  walk(tsm, sourceFile, { enter: () => true });
}
