/**
 * One ESLint run over the files `statelint audit` discovers, configured as users do:
 * typescript-eslint's parser for TypeScript and espree for JavaScript (untyped), or
 * typescript-eslint's project service for both (typed); with no rules (the parser's own cost) or
 * with `statelint.configs.all`.
 *
 *   node bench/tools/eslint.mjs <dir> <files.json> --rules none|statelint [--typed]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import tseslint from 'typescript-eslint';

export function eslintFor(dir, { typed, rules }) {
  const typedOptions = { projectService: true, tsconfigRootDir: dir };
  return new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser, parserOptions: typed ? typedOptions : {} } },
      typed
        ? { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parser: tseslint.parser, parserOptions: typedOptions } }
        : { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      ...(rules === 'statelint' ? [statelint.configs.all] : []),
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { typed: { type: 'boolean' }, rules: { type: 'string' } } });
  const dir = path.resolve(positionals[0]);
  const files = JSON.parse(fs.readFileSync(positionals[1], 'utf8'));
  const eslint = eslintFor(dir, { typed: values.typed === true, rules: values.rules ?? 'none' });
  const results = await eslint.lintFiles(files);
  let problems = 0;
  let fatal = 0;
  for (const r of results) for (const m of r.messages) m.fatal ? fatal++ : problems++;
  process.stdout.write(`${JSON.stringify({ files: results.length, problems, fatal })}\n`);
}
