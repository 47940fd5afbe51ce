/**
 * Fingerprints that survive unrelated edits: built from the rule, the file, the path of named
 * declarations around the finding (`UserService.create`), and the reported code with its whitespace
 * normalised, plus an occurrence number among identical ones. Line numbers are not part of it, so
 * adding code above a finding does not churn baselines or SARIF alerts.
 */
import { createHash } from 'node:crypto';
import type * as ts from 'typescript';
import { staticString } from '../lang/ast.js';
import type { TS } from './rule.js';

/** Names of the declarations that enclose a node, outermost first: `UserRouter.get('/users/:id')`. */
export function symbolPath(ts: TS, node: ts.Node): string {
  const names: string[] = [];
  for (let n = node.parent; n !== undefined && !ts.isSourceFile(n); n = n.parent) {
    const name = declarationName(ts, n);
    if (name !== undefined) names.push(name);
  }
  return names.reverse().join('.');
}

function declarationName(ts: TS, n: ts.Node): string | undefined {
  if (
    ts.isFunctionDeclaration(n) ||
    ts.isClassDeclaration(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isPropertyDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n) ||
    ts.isPropertyAssignment(n) ||
    ts.isVariableDeclaration(n) ||
    ts.isModuleDeclaration(n) ||
    ts.isEnumDeclaration(n)
  ) {
    const name = n.name;
    if (name === undefined) return undefined;
    if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
    return undefined;
  }
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  // A callback passed to a call: `router.get('/users', (req, res) => …)` → `router.get('/users')`.
  if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent && ts.isCallExpression(n.parent)) {
    const call = n.parent;
    const callee = call.expression.getText().replace(/\s+/g, '');
    const first = staticString(ts, call.arguments[0]);
    return first === undefined ? `${callee}()` : `${callee}(${JSON.stringify(first)})`;
  }
  return undefined;
}

/** The reported code with whitespace collapsed, bounded in length. */
export function normalizedSnippet(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > 160 ? collapsed.slice(0, 160) : collapsed;
}

export interface FingerprintInput {
  ruleId: string;
  symbolPath: string;
  snippet: string;
}

/** Fingerprints for a file's findings, in order: identical inputs get occurrence numbers. */
export function fingerprints(file: string, findings: readonly FingerprintInput[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const basis = `${f.ruleId}\u0000${file}\u0000${f.symbolPath}\u0000${f.snippet}`;
    const occurrence = seen.get(basis) ?? 0;
    seen.set(basis, occurrence + 1);
    return createHash('sha256').update(`${basis}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}
