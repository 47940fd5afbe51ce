/**
 * Config files are JSONC (comments and trailing commas allowed), read with VS Code's own parser
 * (jsonc-parser). A syntax error is a UsageError naming the file, line and column.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UsageError } from './errors.js';

export function parseJsonc(text: string, label: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const value: unknown = parse(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined) {
    const { line, column } = lineAndColumn(body, first.offset);
    throw new UsageError(`${label}:${line}:${column}: invalid JSON: ${describe(printParseErrorCode(first.error))}`);
  }
  return value;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** `CommaExpected` → `comma expected`. */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
