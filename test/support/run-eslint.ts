/**
 * Lints a directory with ESLint's Node API and `statelint.configs.<preset>`, untyped (the parser
 * alone; espree for JavaScript) or typed (typescript-eslint's project service over the directory's
 * tsconfig), as users configure it.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import statelint from 'eslint-plugin-statelint';
import tseslint from 'typescript-eslint';
import type { Located } from './marks.js';
import { REPO_ROOT } from './paths.js';

/** `manifests`: also lint Kubernetes / compose YAML with `configs.manifests` (or `manifestsStrict`). */
export async function lintDirectory(
  dir: string,
  options: { typed: boolean; preset: 'recommended' | 'strict' | 'all'; manifests?: boolean },
): Promise<Located[]> {
  const typedOptions = { projectService: true, tsconfigRootDir: dir };
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      // Build output is not source, as in the CLI's default scope (the reference service's tests build it).
      { ignores: ['**/dist/**', '**/build/**', '**/out/**', '**/coverage/**'] },
      {
        files: ['**/*.{ts,tsx,mts,cts}'],
        languageOptions: { parser: tseslint.parser, parserOptions: options.typed ? typedOptions : {} },
      },
      options.typed
        ? { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parser: tseslint.parser, parserOptions: typedOptions } }
        : { files: ['**/*.{js,jsx,mjs,cjs}'] },
      { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      statelint.configs[options.preset] as never,
      ...(options.manifests ? [statelint.configs[options.preset === 'strict' ? 'manifestsStrict' : 'manifests'] as never] : []),
    ],
  });
  const results = await eslint.lintFiles(['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', ...(options.manifests ? ['**/*.{yaml,yml}'] : [])]);
  const found: Located[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId === null) {
        throw new Error(`${result.filePath}:${message.line}: ${message.message}`);
      }
      found.push({
        ruleId: message.ruleId.replace(/^statelint\//, ''),
        file: path.relative(REPO_ROOT, result.filePath).split(path.sep).join('/'),
        line: message.line,
        column: message.column,
      });
    }
  }
  return found;
}
