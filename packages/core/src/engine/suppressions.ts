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
  /** Offset just past the comment. */
  end: number;
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
    const end = isBlock ? Math.min(text.length, bodyEnd + 2) : bodyEnd;
    directives.push({ kind, source, ruleIds, line, pos, end, reason });
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
  return suppressedBy(finding, directives).length > 0;
}

/** The directives that suppress the finding: those for its line, and the block `disable` in force. */
export function suppressedBy(finding: Suppressible, directives: readonly Directive[]): Directive[] {
  const by: Directive[] = [];
  let block: Directive | undefined;
  for (const d of directives) {
    if (!covers(d, finding.ruleId)) continue;
    if ((d.kind === 'disable-line' || d.kind === 'disable-next-line') && d.line === finding.line) by.push(d);
    if (d.kind === 'disable' && d.pos < finding.start) block ??= d;
    if (d.kind === 'enable' && d.pos < finding.start) block = undefined;
  }
  if (block !== undefined) by.push(block);
  return by;
}

export interface UnusedDirective {
  directive: Directive;
  /** The rules it names that reported nothing it covers; empty: it names none (it covers every rule). */
  ruleIds: readonly string[];
}

/**
 * Directives that suppress nothing (`--report-unused-disable-directives`), as ESLint reports its own:
 * a `disable` comment, or a rule it names, that no finding of the file needed. Only rules that ran
 * on the file (`ran`) are judged; `enable` comments and ESLint comments that name no statelint rule
 * (ESLint reports those itself) never are.
 */
export function unusedDirectives(findings: readonly Suppressible[], directives: readonly Directive[], ran: ReadonlySet<string>): UnusedDirective[] {
  const used = new Map<Directive, Set<string>>();
  for (const finding of findings) {
    for (const d of suppressedBy(finding, directives)) {
      let ids = used.get(d);
      if (ids === undefined) used.set(d, (ids = new Set()));
      ids.add(finding.ruleId);
    }
  }
  const unused: UnusedDirective[] = [];
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    if (d.ruleIds === 'all') {
      if (d.source === 'statelint' && !used.has(d)) unused.push({ directive: d, ruleIds: [] });
      continue;
    }
    const idle = d.ruleIds.filter((id) => ran.has(id) && !used.get(d)?.has(id));
    if (idle.length > 0) unused.push({ directive: d, ruleIds: idle });
  }
  return unused;
}
