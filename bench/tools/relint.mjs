/**
 * The editor path, timed: one long-lived ESLint instance (as the ESLint extension keeps one) lints
 * a file of the project once, then the file changes on every keystroke-sized edit and is linted
 * again with `lintText`. Prints the re-lint latencies (ms) of `edits` edits after one warm-up edit.
 *
 *   node bench/tools/relint.mjs <dir> <file> --rules none|statelint [--typed] [--edits 20]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eslintFor } from './eslint.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { typed: { type: 'boolean' }, rules: { type: 'string' }, edits: { type: 'string' } },
});
const dir = path.resolve(positionals[0]);
const file = path.resolve(dir, positionals[1]);
const edits = Number(values.edits ?? 20);
const eslint = eslintFor(dir, { typed: values.typed === true, rules: values.rules ?? 'none' });
const original = fs.readFileSync(file, 'utf8');

const first = performance.now();
const [initial] = await eslint.lintFiles([file]);
const firstMs = performance.now() - first;

const latencies = [];
let problems = 0;
for (let i = 0; i <= edits; i++) {
  // Alternate between adding a violation and a harmless line, as typing does.
  const line = i % 2 === 0 ? `\nexport const edit${i} = ${i};\n` : `\nimport { writeFileSync as w${i} } from 'node:fs';\nw${i}('edit-${i}.txt', '');\n`;
  const started = performance.now();
  const [result] = await eslint.lintText(original + line, { filePath: file });
  const ms = performance.now() - started;
  if (i > 0) latencies.push(ms); // the first edit warms up
  problems = result.messages.length;
}
latencies.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ firstLintMs: firstMs, initialProblems: initial.messages.length, lastProblems: problems, latenciesMs: latencies })}\n`,
);
