/**
 * A manifest rule as an ESLint rule, for YAML files parsed by `yaml-eslint-parser`: at the end of the
 * file the engine parses the text with positions (the same `yaml` parse the CLI does) and runs the
 * rule over this file alone, so both front ends report the same keys. Cross-file facts (an HPA in
 * another file, a kustomization's image tags) and the cross-checks need the CLI.
 */
import { analyzeManifest, manifestKindOf, parseManifest, type AnyManifestRule } from '@statelint/core';
import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import { docsUrl } from './docs-url.js';

const createRule = ESLintUtils.RuleCreator<{ description: string; recommended: string }>(docsUrl);

export type StatelintManifestEslintRule = TSESLint.RuleModule<string, [object], { description: string; recommended: string }>;

export function createEslintManifestRule(rule: AnyManifestRule): StatelintManifestEslintRule {
  const eslintRule = createRule<[object], string>({
    name: rule.id,
    meta: {
      type: rule.meta.type,
      docs: { description: rule.meta.docs.description, recommended: rule.meta.docs.recommended },
      messages: rule.meta.messages,
      schema: [rule.meta.schema as never],
    },
    defaultOptions: [rule.defaultOptions],
    create: (context) => listen(rule, context),
  });
  return { ...eslintRule, create: (context) => listen(rule, context) };
}

function listen(rule: AnyManifestRule, context: Readonly<TSESLint.RuleContext<string, [object]>>): TSESLint.RuleListener {
  return {
    'Program:exit'() {
      const text = context.sourceCode.text;
      const kind = manifestKindOf(context.filename, text);
      if (kind === undefined || !rule.files.includes(kind)) return;
      const parsed = parseManifest(context.filename, text, kind, { root: context.cwd });
      if (parsed.file === undefined) return; // the parser reports syntax errors itself
      const options = context.options[0] as object | undefined;
      const { findings } = analyzeManifest(parsed.file, [{ rule, severity: 'error', ...(options ? { options } : {}) }]);
      for (const f of findings) {
        context.report({
          loc: { start: { line: f.line, column: f.column - 1 }, end: { line: f.endLine, column: f.endColumn - 1 } },
          messageId: f.messageId,
          ...(f.data ? { data: f.data } : {}),
        });
      }
    },
  };
}
