/**
 * eslint-plugin-statelint: every statelint rule as an ESLint rule, and the flat configs
 * `recommended`, `strict` and `all`, derived from the rules' own meta.
 *
 *   import statelint from 'eslint-plugin-statelint';
 *   export default [statelint.configs.recommended];
 */
import { createRequire } from 'node:module';
import { presetSetting, type PresetName } from '@statelint/core';
import { rules as engineRules } from '@statelint/rules';
import type { TSESLint } from '@typescript-eslint/utils';
import { createEslintRule, type StatelintEslintRule } from './create-rule.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export const rules: Record<string, StatelintEslintRule> = Object.fromEntries(
  engineRules.map((rule) => [rule.id, createEslintRule(rule)]),
);

type RuleEntry = TSESLint.SharedConfig.RuleEntry;

function presetRules(preset: PresetName): Record<string, RuleEntry> {
  return Object.fromEntries(
    engineRules.map((rule): [string, RuleEntry] => {
      const { severity, options } = presetSetting(rule, preset);
      return [`statelint/${rule.id}`, options === undefined ? severity : [severity, options]];
    }),
  );
}

export interface StatelintConfig {
  name: string;
  plugins: { statelint: typeof plugin };
  rules: Record<string, RuleEntry>;
}

const plugin = {
  meta: { name, version, namespace: 'statelint' },
  rules,
  configs: {} as Record<PresetName, StatelintConfig>,
};

for (const preset of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[preset] = { name: `statelint/${preset}`, plugins: { statelint: plugin }, rules: presetRules(preset) };
}

export const configs = plugin.configs;
export default plugin;
