/** Following a value to the literal it was built from, within one file. */
import type * as ts from 'typescript';
import type { FileFacts } from './facts.js';
import { skipOuterExpressions } from './scope.js';

/**
 * The object literal an expression denotes: given directly (`session({ … })`) or through a variable
 * declared once in the file and never reassigned (`const opts = { … }; session(opts)`).
 */
export function objectLiteralOf(facts: FileFacts, node: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
  const { ts } = facts;
  if (node === undefined) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isObjectLiteralExpression(n)) return n;
  if (!ts.isIdentifier(n)) return undefined;
  const variable = facts.scope.variableOf(n);
  if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return undefined;
  const init = skipOuterExpressions(ts, variable.initializer);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}
