/**
 * Presets derived from each rule's meta: one source of truth for `recommended`, `strict` and `all`,
 * used by the ESLint plugin's flat configs and by the CLI alike.
 */
import type { AnyRule, Severity, SeveritySetting } from './rule.js';

export const PRESETS = ['recommended', 'strict', 'all'] as const;
export type PresetName = (typeof PRESETS)[number];

export interface RuleSetting {
  severity: SeveritySetting;
  /** Options on top of the rule's defaults. */
  options: object | undefined;
}

/** What presets read of a rule: code rules, manifest rules and cross-checks alike. */
export type RuleLike = Pick<AnyRule, 'id' | 'meta'>;

export function presetSetting(rule: RuleLike, preset: PresetName): RuleSetting {
  switch (preset) {
    case 'recommended':
      return { severity: rule.meta.docs.recommended, options: undefined };
    case 'strict':
      return { severity: 'error', options: rule.meta.docs.strictOptions };
    case 'all':
      return { severity: 'error', options: undefined };
  }
}

export function presetSettings(rules: readonly RuleLike[], preset: PresetName): Map<string, RuleSetting> {
  return new Map(rules.map((rule) => [rule.id, presetSetting(rule, preset)]));
}

export function isSeverity(value: unknown): value is Severity {
  return value === 'error' || value === 'warn';
}
