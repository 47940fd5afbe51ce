/**
 * Wraps an engine rule as an ESLint rule with typescript-eslint's rule creator: the docs URL comes
 * from the id, the schema and messages from the rule's meta, defaults from its `defaultOptions`.
 */
import type { AnyRule, Finding } from '@statelint/core';
import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import ts from 'typescript';
import { docsUrl } from './docs-url.js';
import { sessionFor } from './session.js';

const createRule = ESLintUtils.RuleCreator<{ description: string; recommended: string }>(docsUrl);

const INTERNAL_ERROR = 'statelintInternalError';

export type StatelintEslintRule = TSESLint.RuleModule<string, [object], { description: string; recommended: string }>;

export function createEslintRule(rule: AnyRule): StatelintEslintRule {
  const eslintRule = createRule<[object], string>({
    name: rule.id,
    meta: {
      type: rule.meta.type,
      docs: { description: rule.meta.docs.description, recommended: rule.meta.docs.recommended },
      messages: {
        ...rule.meta.messages,
        [INTERNAL_ERROR]: `statelint rule '${rule.id}' failed on this file ({{message}}); please report it.`,
      },
      schema: [rule.meta.schema as never],
      ...(rule.meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    defaultOptions: [rule.defaultOptions],
    create: (context, [options]) => listen(rule, context, options),
  });
  // The rule creator merges the defaults into the options on every file (a structuredClone per rule
  // and file); the engine merges them itself, once per options object. ESLint calls this instead.
  return { ...eslintRule, create: (context) => listen(rule, context, context.options[0] as object | undefined) };
}

function listen(
  rule: AnyRule,
  context: Readonly<TSESLint.RuleContext<string, [object]>>,
  options: object | undefined,
): TSESLint.RuleListener {
  const session = sessionFor(ts, context.sourceCode, context.filename, context.cwd, { rule, options });
  return {
    'Program:exit'() {
      const result = session.run(rule.id);
      for (const failure of result.failures) {
        if (failure.ruleId !== rule.id) continue;
        context.report({
          loc: { line: 1, column: 0 },
          messageId: INTERNAL_ERROR,
          data: { message: failure.message },
        });
      }
      for (const finding of result.findings) {
        if (finding.ruleId === rule.id) context.report(toDescriptor(finding));
      }
    },
  };
}

function toDescriptor(finding: Finding): TSESLint.ReportDescriptor<string> {
  return {
    loc: {
      start: { line: finding.line, column: finding.column - 1 },
      end: { line: finding.endLine, column: finding.endColumn - 1 },
    },
    messageId: finding.messageId,
    ...(finding.data ? { data: finding.data } : {}),
    ...(finding.suggestions.length > 0
      ? {
          suggest: finding.suggestions.map((s) => ({
            messageId: s.messageId,
            ...(s.data ? { data: s.data } : {}),
            fix: (fixer: TSESLint.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)),
          })),
        }
      : {}),
  };
}
