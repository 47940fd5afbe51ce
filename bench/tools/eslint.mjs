/**
 * One ESLint run over the files `statelint audit` discovers, configured as users do:
 * typescript-eslint's parser for TypeScript and espree for JavaScript (untyped), or
 * typescript-eslint's project service for both (typed); with no rules (the parser's own cost), with
 * one rule that only asks for the type checker (what any type-aware rule costs first: a reference
 * for the typed runs), or with `statelint.configs.all`.
 *
 *   node bench/tools/eslint.mjs <dir> <files.json> --rules none|checker|statelint [--typed]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import tseslint from 'typescript-eslint';

/** Builds the type checker (once per program, as any type-aware rule does) and reports nothing. */
const CHECKER_RULE = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      Program() {
        context.sourceCode.parserServices?.program?.getTypeChecker();
      },
    };
  },
};

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
      ...(rules === 'checker' ? [{ plugins: { bench: { rules: { checker: CHECKER_RULE } } }, rules: { 'bench/checker': 'error' } }] : []),
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
