/**
 * Request signals the project already creates: a middleware (or handler) that makes an
 * AbortController, aborts it when the request or response closes, and hands its signal on through
 * the request (`req.signal = ac.signal`, `res.locals.signal = ac.signal`). Express and most Node
 * frameworks give no request signal of their own; when the project built one, the fix for a call
 * without a deadline is to pass it.
 */
import type * as ts from 'typescript';
import { defineProjectFact, enclosingFunction, sameSegments, skipOuterExpressions, type FileFacts, type ProjectView } from '@statelint/core';
import { ABORT_CONTROLLERS, REQUEST_CLOSE_EVENTS } from './catalogue.js';

export interface RequestController {
  /** What a handler passes: `req.signal`, `res.locals.signal`. */
  text: string;
  /** Where the project sets it up: `middleware/abort.ts (line 4)`. */
  where: string;
}

/** The first request signal found in the program (its files in order), if any. */
export const REQUEST_CONTROLLER = defineProjectFact('require-abort-signal/request-controller', (project: ProjectView): RequestController | undefined => {
  for (const file of project.projectFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    const found = requestControllerIn(project.factsOf(file), project);
    if (found !== undefined) return found;
  }
  return undefined;
});

/** A request signal set up in this file. */
export function requestControllerIn(facts: FileFacts, project?: ProjectView): RequestController | undefined {
  const { ts, sourceFile } = facts;
  if (!/AbortController/.test(sourceFile.text)) return undefined;
  for (const node of facts.nodes) {
    if (!ts.isNewExpression(node)) continue;
    const ref = facts.modules.resolve(node.expression);
    if (ref === undefined || !ABORT_CONTROLLERS.some((c) => c.module === ref.module && sameSegments(c.path, ref.path))) continue;
    const declaration = skipParents(ts, node).parent;
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) continue;
    const fn = enclosingFunction(ts, node);
    if (fn === undefined || !('parameters' in fn) || fn.parameters.length < 2) continue;
    const controller = facts.scope.variableOf(declaration.name);
    if (controller === undefined) continue;
    const params = new Set(fn.parameters.slice(0, 2).map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')));
    let aborted = false;
    let handedOn: string | undefined;
    for (const reference of controller.references) {
      const access = reference.identifier.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== reference.identifier) continue;
      if (access.name.text === 'abort' && ts.isCallExpression(access.parent) && isCloseListener(ts, enclosingFunction(ts, access), params)) aborted = true;
      if (access.name.text === 'signal') {
        const assignment = skipParents(ts, access).parent;
        if (ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && assignment.right === skipParents(ts, access)) {
          const target = skipOuterExpressions(ts, assignment.left);
          const root = rootName(ts, target);
          if (root !== undefined && params.has(root)) handedOn = target.getText(sourceFile).replace(/\s+/g, '');
        }
      }
    }
    if (aborted && handedOn !== undefined) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      const root = project?.root;
      const name = root !== undefined && sourceFile.fileName.startsWith(root) ? sourceFile.fileName.slice(root.length).replace(/^[\\/]+/, '') : baseName(sourceFile.fileName);
      return { text: handedOn, where: `${name} (line ${line})` };
    }
  }
  return undefined;
}

/** `req.on('close', () => ac.abort())`, `res.once('close', …)` on a parameter of the middleware. */
function isCloseListener(ts: FileFacts['ts'], fn: ts.Node | undefined, params: ReadonlySet<string>): boolean {
  if (fn === undefined) return false;
  const call = skipParents(ts, fn).parent;
  if (call === undefined || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  if (!['on', 'once', 'addListener'].includes(call.expression.name.text)) return false;
  const event = call.arguments[0];
  if (event === undefined || !ts.isStringLiteralLike(event) || !REQUEST_CLOSE_EVENTS.has(event.text)) return false;
  const root = rootName(ts, call.expression.expression);
  return root !== undefined && params.has(root);
}

function rootName(ts: FileFacts['ts'], node: ts.Node): string | undefined {
  let n = skipOuterExpressions(ts, node as ts.Expression);
  while (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = skipOuterExpressions(ts, n.expression);
  return ts.isIdentifier(n) ? n.text : undefined;
}

function skipParents(ts: FileFacts['ts'], node: ts.Node): ts.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
  return n;
}

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
