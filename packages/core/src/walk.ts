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
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    children.push(child);
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
    children.length = 0;
    tsm.forEachChild(node, collect, (nodes) => {
      for (const child of nodes) children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      // Program source files have parents once bound; a bare parse may not. Rules rely on them.
      if (child.parent === undefined) (child as { parent: ts.Node }).parent = node;
      stack.push(child);
    }
  }
}

/** Sets `parent` on every node of a tree parsed without `setParentNodes`. */
export function ensureParents(tsm: TS, sourceFile: ts.SourceFile): void {
  const first = sourceFile.statements[0];
  if (first === undefined || first.parent !== undefined) return;
  walk(tsm, sourceFile, { enter: () => true });
}
