/**
 * `#` suppression comments in YAML and Dockerfiles, with the same meaning as in code:
 *   # statelint-disable-next-line require-probes -- the reason
 *   image: nginx  # statelint-disable-line require-pinned-images
 *   # statelint-disable no-inline-secrets  …  # statelint-enable no-inline-secrets
 */
import type { Directive, DirectiveKind } from '../engine/suppressions.js';

const HASH_DIRECTIVE = /(^|\s)#[ \t]*statelint-(disable-next-line|disable-line|disable|enable)(?![\w-])([^\n]*)/g;

export function parseHashDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  HASH_DIRECTIVE.lastIndex = 0;
  for (let m = HASH_DIRECTIVE.exec(text); m !== null; m = HASH_DIRECTIVE.exec(text)) {
    const pos = m.index + m[1]!.length;
    const [list, ...reasonParts] = m[3]!.split(/\s--\s|\s--$/);
    const named = (list ?? '').split(/[\s,]+/).map((s) => s.trim().replace(/^statelint\//, '')).filter(Boolean);
    const kind = m[2] as DirectiveKind;
    const line = lineOf(pos);
    directives.push({
      kind,
      source: 'statelint',
      ruleIds: named.length === 0 ? 'all' : named,
      line: kind === 'disable-next-line' ? line + 1 : line,
      pos,
      end: m.index + m[0].length,
      reason: reasonParts.join(' -- ').trim() || undefined,
    });
  }
  return directives;
}
