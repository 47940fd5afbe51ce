/**
 * Flow-annotated JavaScript (common in older Node servers): a `.js` file whose leading comments hold
 * `@flow` has its type annotations replaced by spaces with `flow-remove-types` before TypeScript
 * parses it, so every line and column stays where it was and findings point at the original text.
 * A file that Flow's parser cannot read is left as it is (and reported as TypeScript parses it).
 */
import { createRequire } from 'node:module';

type FlowRemoveTypes = (source: string, options?: { all?: boolean; pretty?: boolean }) => { toString(): string };

let remover: FlowRemoveTypes | undefined;

const JS_FILE = /\.(js|jsx|mjs|cjs)$/;
/** The comments (and blank space) before the first statement. */
const LEADING_COMMENTS = /^(?:#![^\n]*\n)?(?:\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

export function hasFlowPragma(fileName: string, text: string): boolean {
  if (!JS_FILE.test(fileName)) return false;
  const head = LEADING_COMMENTS.exec(text)?.[0] ?? '';
  return /@flow\b/.test(head);
}

/** The text with Flow types blanked out, same length and line breaks; the text itself otherwise. */
export function stripFlowTypes(fileName: string, text: string): string {
  if (!hasFlowPragma(fileName, text)) return text;
  remover ??= createRequire(import.meta.url)('flow-remove-types') as FlowRemoveTypes;
  try {
    return remover(text, { pretty: false }).toString();
  } catch {
    return text;
  }
}
