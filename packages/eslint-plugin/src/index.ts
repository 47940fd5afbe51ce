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
import type { ESLint, Linter, Rule } from 'eslint';
import { createEslintRule, type StatelintEslintRule } from './create-rule.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export const rules: Record<string, StatelintEslintRule> = Object.fromEntries(
  engineRules.map((rule) => [rule.id, createEslintRule(rule)]),
);

type RuleEntry = Linter.RuleEntry;

function presetRules(preset: PresetName): Record<string, RuleEntry> {
  return Object.fromEntries(
    engineRules.map((rule): [string, RuleEntry] => {
      const { severity, options } = presetSetting(rule, preset);
      return [`statelint/${rule.id}`, options === undefined ? severity : [severity, options]];
    }),
  );
}

/**
 * The public types are ESLint's own (`ESLint.Plugin`, `Linter.Config`), so that configs and the
 * plugin type-check in `eslint.config.mts` with ESLint's `defineConfig()` and with
 * typescript-eslint's `tseslint.config()` alike. (The rules are built with typescript-eslint's rule
 * creator; their typescript-eslint types are the named export `rules`, for RuleTester.)
 */
export interface StatelintConfig extends Linter.Config {
  name: string;
  plugins: { statelint: StatelintPlugin };
  rules: Record<string, RuleEntry>;
}

export interface StatelintPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, Rule.RuleModule>;
  configs: Record<PresetName, StatelintConfig>;
}

const plugin: StatelintPlugin = {
  meta: { name, version, namespace: 'statelint' },
  rules: rules as unknown as Record<string, Rule.RuleModule>,
  configs: {} as Record<PresetName, StatelintConfig>,
};

for (const preset of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[preset] = { name: `statelint/${preset}`, plugins: { statelint: plugin }, rules: presetRules(preset) };
}

export const configs = plugin.configs;
export default plugin;
