/**
 * TypeScript's module object is a dictionary of 2,000+ getters (its bundle defines every export with
 * `Object.defineProperty(…, { get })`), so each `ts.isIdentifier(node)` or `ts.SyntaxKind.X` in a
 * rule is a hash lookup and a getter call: several times slower than a plain property load, and
 * rules do it for every node. The engine hands rules and facts this view instead: the same
 * functions and enums, as plain properties of one object V8 keeps in fast mode (an object literal
 * of at most 1,019 properties), with the module itself behind it for every other member.
 *
 * On the benchmark's generated service (see bench/) this made scope analysis about 2× faster and
 * the untyped audit about 30 % faster; rules written against `context.ts` need no change.
 */
import type { TS } from './rule.js';

/** V8 keeps object literals of up to 1,019 properties in fast mode. */
const MAX_FAST_PROPERTIES = 1000;

const views = new WeakMap<object, TS>();

export function fastTypeScript(ts: TS): TS {
  let view = views.get(ts);
  if (view === undefined) {
    view = createView(ts);
    views.set(ts, view);
    views.set(view, view);
  }
  return view;
}

function createView(ts: TS): TS {
  const source = ts as unknown as Record<string, unknown>;
  const keys = Object.keys(source);
  // Type guards and enums first (what rules use on every node), then the other functions.
  const rank = (key: string): number => (/^is[A-Z]/.test(key) ? 0 : /^[A-Z]/.test(key) ? 1 : /^(forEachChild|get|skip|create)/.test(key) ? 2 : 3);
  const hot = keys
    .filter((key) => /^[A-Za-z_$][\w$]*$/.test(key))
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, MAX_FAST_PROPERTIES);
  // An object literal (not properties added one by one) is what V8 keeps in fast mode.
  try {
    const build = new Function('source', `return { __proto__: source, ${hot.map((key) => `${key}: source.${key}`).join(', ')} };`) as (
      source: Record<string, unknown>,
    ) => TS;
    return build(source);
  } catch {
    return ts; // code generation from strings is disallowed here: the module itself, slower
  }
}
