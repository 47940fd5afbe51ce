/**
 * eslint-plugin-statelint: every statelint rule as an ESLint rule, and the flat configs
 * `recommended`, `strict` and `all`, derived from the rules' own meta.
 *
 *   import statelint from 'eslint-plugin-statelint';
 *   export default [statelint.configs.recommended];
 */
import { createRequire } from 'node:module';
import { presetSetting, type PresetName } from '@statelint/core';
import { manifestRules as engineManifestRules, rules as engineRules } from '@statelint/rules';
import type { ESLint, Linter, Rule } from 'eslint';
import { createEslintRule, type StatelintEslintRule } from './create-rule.js';
import { createEslintManifestRule } from './manifest-rule.js';
import * as yamlParser from 'yaml-eslint-parser';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** Manifest rules ESLint can run: those that read YAML (Dockerfile-only rules are CLI-only). */
const yamlManifestRules = engineManifestRules.filter((rule) => rule.files.includes('kubernetes') || rule.files.includes('compose'));

export const rules: Record<string, StatelintEslintRule> = {
  ...Object.fromEntries(engineRules.map((rule) => [rule.id, createEslintRule(rule)])),
  ...Object.fromEntries(yamlManifestRules.map((rule) => [rule.id, createEslintManifestRule(rule) as StatelintEslintRule])),
};

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
  configs: Record<PresetName | 'manifests' | 'manifestsStrict', StatelintConfig>;
}

const plugin: StatelintPlugin = {
  meta: { name, version, namespace: 'statelint' },
  rules: rules as unknown as Record<string, Rule.RuleModule>,
  configs: {} as Record<PresetName | 'manifests' | 'manifestsStrict', StatelintConfig>,
};

for (const preset of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[preset] = { name: `statelint/${preset}`, plugins: { statelint: plugin }, rules: presetRules(preset) };
}

// Kubernetes and compose YAML: the manifest rules through yaml-eslint-parser (cross-checks need the CLI).
for (const [name, preset] of [['manifests', 'recommended'], ['manifestsStrict', 'strict']] as const) {
  plugin.configs[name] = {
    name: `statelint/${name}`,
    files: ['**/*.yaml', '**/*.yml'],
    languageOptions: { parser: yamlParser as Linter.Parser },
    plugins: { statelint: plugin },
    rules: Object.fromEntries(
      yamlManifestRules.map((rule): [string, RuleEntry] => {
        const { severity, options } = presetSetting(rule, preset);
        return [`statelint/${rule.id}`, options === undefined ? severity : [severity, options]];
      }),
    ),
  };
}

export const configs = plugin.configs;
export default plugin;
