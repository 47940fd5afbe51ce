/**
 * Suppression comments, applied by the engine so both front ends honour them identically:
 *   // statelint-disable-next-line no-fs-writes -- the reason
 *   // statelint-disable-line no-fs-writes
 *   /* statelint-disable no-module-state *\/ … /* statelint-enable no-module-state *\/
 * and ESLint's own `eslint-disable*` comments that name `statelint/<id>` (or no rule at all).
 * The ESLint front end leaves `eslint-*` comments to ESLint itself, which also reports them unused.
 */
import type * as ts from 'typescript';
import type { TS } from './rule.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  source: 'statelint' | 'eslint';
  /** Rule ids without the `statelint/` prefix, or `all` when the comment names none. */
  ruleIds: readonly string[] | 'all';
  /** 1-based line the directive covers (line kinds) or where it starts to apply (block kinds). */
  line: number;
  /** Offset of the comment, for ordering block directives. */
  pos: number;
  reason: string | undefined;
}

const CANDIDATE = /(\/\/|\/\*)[ \t]*(statelint|eslint)-(disable-next-line|disable-line|disable|enable)(?![\w-])/g;

/** Parses directive comments; `eslint` also reads `eslint-*` comments. */
export function parseDirectives(ts: TS, sourceFile: ts.SourceFile, options: { eslint: boolean }): Directive[] {
  const text = sourceFile.text;
  const directives: Directive[] = [];
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const source = match[2] as 'statelint' | 'eslint';
    if (source === 'eslint' && !options.eslint) continue;
    const pos = match.index;
    if (!isComment(ts, sourceFile, pos)) continue;
    const isBlock = match[1] === '/*';
    const bodyStart = pos + match[0].length;
    let bodyEnd = isBlock ? text.indexOf('*/', bodyStart) : lineEnd(text, bodyStart);
    if (bodyEnd < 0) bodyEnd = text.length;
    const body = text.slice(bodyStart, bodyEnd);
    const [list, ...reasonParts] = body.split(/\s--\s|\s--$/);
    const reason = reasonParts.length > 0 ? reasonParts.join(' -- ').trim() || undefined : undefined;
    const named = (list ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    let ruleIds: readonly string[] | 'all';
    if (named.length === 0) ruleIds = 'all';
    else {
      const ours = named
        .filter((id) => source === 'statelint' || id.startsWith('statelint/'))
        .map((id) => (id.startsWith('statelint/') ? id.slice('statelint/'.length) : id));
      if (ours.length === 0) continue; // an ESLint directive about other plugins' rules
      ruleIds = ours;
    }
    const kind = match[3] as DirectiveKind;
    const startLine = sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
    const endLine = sourceFile.getLineAndCharacterOfPosition(bodyEnd).line + 1;
    const line = kind === 'disable-next-line' ? endLine + 1 : startLine;
    directives.push({ kind, source, ruleIds, line, pos, reason });
  }
  return directives;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return i;
  }
  return text.length;
}

/** A position is in a comment when no token covers it (strings, templates, regexes, JSX text do). */
function isComment(ts: TS, sourceFile: ts.SourceFile, pos: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (next === undefined && child.pos <= pos && pos < child.end) next = child;
    });
    if (next === undefined) break;
    node = next;
  }
  // `node` is the innermost node whose full range (trivia included) holds `pos`.
  if (pos < node.getStart(sourceFile)) return true;
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateHead:
    case ts.SyntaxKind.TemplateMiddle:
    case ts.SyntaxKind.TemplateTail:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.JsxText:
    case ts.SyntaxKind.TemplateExpression:
      return false;
    default:
      // Inside a node with no children at `pos` but after its start: a comment between tokens.
      return true;
  }
}

export interface Suppressible {
  ruleId: string;
  line: number;
  start: number;
}

function covers(directive: Directive, ruleId: string): boolean {
  return directive.ruleIds === 'all' || directive.ruleIds.includes(ruleId);
}

/** Is the finding suppressed by one of the directives? */
export function isSuppressed(finding: Suppressible, directives: readonly Directive[]): boolean {
  let blockDisabled = false;
  for (const d of directives) {
    if (!covers(d, finding.ruleId)) continue;
    if ((d.kind === 'disable-line' || d.kind === 'disable-next-line') && d.line === finding.line) return true;
    if (d.kind === 'disable' && d.pos < finding.start) blockDisabled = true;
    if (d.kind === 'enable' && d.pos < finding.start) blockDisabled = false;
  }
  return blockDisabled;
}
