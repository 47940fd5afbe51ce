/**
 * Which config governs a file, as ESLint looks it up: `-c <file>` for every file when given;
 * otherwise the nearest `statelint.config.json` (or `statelint` key of a `package.json`) from the
 * file's own directory up to the repository root, nearest wins, whatever the working directory.
 * So `packages/api` audited from the repository root and from inside `packages/api` get the same
 * settings. Each config found is parsed and validated once; a directory's answer is cached.
 */
import path from 'node:path';
import type { AnyRule, ConfiguredRule, RuleLike, RuleSetting } from '@statelint/core';
import { configIn, loadConfig, parseConfig, resolveRuleSettings, type LoadedConfig } from './config.js';
import { isInside } from './paths.js';

export interface ConfigScope {
  /** Identifies the config (its file, or '' for the built-in default): files with the same key share settings. */
  key: string;
  loaded: LoadedConfig;
  settings: Map<string, RuleSetting>;
  /** The rules that run, with their severity and options. */
  configured: ConfiguredRule[];
}

export interface ConfigLookupOptions {
  cwd: string;
  /** The repository root: the lookup stops there. */
  root: string;
  /** `-c`: one config for every file. */
  explicit: string | undefined;
  /** The rules that run on each source file (`configured`). */
  rules: readonly AnyRule[];
  /** Further rule ids a config may set (deployment rules and cross-checks): validated, in `settings`, not in `configured`. */
  alsoKnown?: readonly RuleLike[];
  /** Whether a manifest that cannot be read in `dir` is an error (else it counts as no manifest). */
  strict?: (dir: string) => boolean;
  /** Applied to every config's settings (`--rule`). */
  adjust?: (settings: Map<string, RuleSetting>) => void;
}

export interface ConfigLookup {
  /** The config of the files in `dir` (absolute). */
  forDirectory(dir: string): ConfigScope;
  /** Every config used so far, in the order first used. */
  scopes(): ConfigScope[];
}

export function createConfigLookup(options: ConfigLookupOptions): ConfigLookup {
  const byKey = new Map<string, ConfigScope>();
  const byDirectory = new Map<string, ConfigScope>();
  const scopeOf = (loaded: LoadedConfig): ConfigScope => {
    const key = loaded.source ?? '';
    let scope = byKey.get(key);
    if (scope === undefined) {
      const settings = resolveRuleSettings([...options.rules, ...(options.alsoKnown ?? [])], loaded.config, loaded.source ?? 'config');
      options.adjust?.(settings);
      const configured = options.rules
        .filter((rule) => settings.get(rule.id)?.severity !== 'off')
        .map((rule) => {
          const setting = settings.get(rule.id)!;
          return { rule, severity: setting.severity as 'error' | 'warn', options: setting.options };
        });
      scope = { key, loaded, settings, configured };
      byKey.set(key, scope);
    }
    return scope;
  };

  if (options.explicit !== undefined) {
    const only = scopeOf(loadConfig(options.cwd, options.explicit));
    return { forDirectory: () => only, scopes: () => [only] };
  }
  const root = path.resolve(options.root);
  const fallback = (): ConfigScope => scopeOf({ config: parseConfig({}, 'default'), source: undefined, baseDir: root });
  const forDirectory = (dir: string): ConfigScope => {
    const abs = path.resolve(dir);
    const cached = byDirectory.get(abs);
    if (cached !== undefined) return cached;
    const found = configIn(abs, options.cwd, options.strict?.(abs) ?? true);
    let scope: ConfigScope;
    if (found !== undefined) scope = scopeOf(found);
    else if (abs === root || path.dirname(abs) === abs || !isInside(root, abs)) scope = fallback();
    else scope = forDirectory(path.dirname(abs));
    byDirectory.set(abs, scope);
    return scope;
  };
  return { forDirectory, scopes: () => [...byKey.values()] };
}
