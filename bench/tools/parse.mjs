/**
 * The floor: read and parse every file with TypeScript's parser, one thread, nothing else (no
 * parent pointers, no analysis). The files are the ones `statelint audit` discovers (a JSON list).
 *
 *   node bench/tools/parse.mjs <files.json>
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// `require`, not `import`: importing TypeScript's 9 MB CommonJS bundle from ESM adds Node's export
// scan to the floor.
const ts = require('typescript');

const files = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const kinds = { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, mts: ts.ScriptKind.TS, cts: ts.ScriptKind.TS, jsx: ts.ScriptKind.JSX };
let statements = 0;
let failed = 0;
for (const file of files) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const ext = file.slice(file.lastIndexOf('.') + 1);
    statements += ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kinds[ext] ?? ts.ScriptKind.JS).statements.length;
  } catch {
    failed++;
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, statements, failed })}\n`);
