/**
 * The config file: `-c <file>`, else the nearest `statelint.config.json` or `statelint` key of a
 * `package.json`, looking from the audited paths up to the working directory. It mirrors ESLint's
 * rule syntax:
 *
 *   { "extends": "recommended", "rules": { "no-fs-writes": ["error", { "allowTmpdir": true }] },
 *     "include": ["src/**"], "exclude": ["src/scripts/**"] }
 *
 * Every problem (unknown key, unknown rule id, bad severity, options that fail the rule's schema)
 * is a UsageError that names the field, so the CLI exits 2 with a message that says what to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, PRESETS, presetSettings, type PresetName, type RuleLike, type RuleSetting, type SeveritySetting } from '@statelint/core';
import Ajv from 'ajv';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './errors.js';
import { parseJsonc } from './jsonc.js';
import { parseByteSize } from './file-size.js';
import { repositoryRoot } from './repo-root.js';
import { createFileAccess, readText } from './safe-fs.js';

export interface StatelintConfig {
  extends: PresetName;
  rules: Record<string, unknown>;
  include: string[] | undefined;
  exclude: string[];
  /** `maxFileSize`: files larger than this many bytes are skipped, not read. */
  maxFileSize: number | undefined;
}

export interface LoadedConfig {
  config: StatelintConfig;
  /** Where it came from (for messages), or undefined for the built-in default. */
  source: string | undefined;
  /** Directory that `include` / `exclude` globs are relative to. */
  baseDir: string;
}

const TOP_LEVEL_KEYS = new Set(['$schema', 'extends', 'rules', 'include', 'exclude', 'maxFileSize']);

/**
 * Finds the config: `-c` if given; else the nearest `statelint.config.json` or `package.json` with a
 * `statelint` key, from `startDir` (the directory of the audited paths) up to the working directory.
 */
export function loadConfig(cwd: string, explicit: string | undefined, startDir: string = cwd): LoadedConfig {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    const raw = readJson(file, explicit, cwd);
    const body = path.basename(file) === 'package.json' ? (raw as Record<string, unknown>)['statelint'] : raw;
    if (body === undefined) throw new UsageError(`${explicit}: has no "statelint" key`);
    return { config: parseConfig(body, explicit), source: explicit, baseDir: path.dirname(file) };
  }
  const stop = path.resolve(cwd);
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const found = configIn(dir, cwd);
    if (found !== undefined) return found;
    if (dir === stop || path.dirname(dir) === dir || !dir.startsWith(stop)) break;
  }
  return { config: parseConfig({}, 'default'), source: undefined, baseDir: cwd };
}

export function configIn(dir: string, cwd: string, strict = true): LoadedConfig | undefined {
  const configFile = path.join(dir, 'statelint.config.json');
  const label = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || file;
  if (fs.existsSync(configFile)) {
    return { config: parseConfig(readJson(configFile, label(configFile), cwd), label(configFile)), source: label(configFile), baseDir: dir };
  }
  const packageFile = path.join(dir, 'package.json');
  if (!fs.existsSync(packageFile)) return undefined;
  // Deeper in the tree (not strict), a package.json that is not a regular file inside the repository
  // (a link out, /dev/zero) is no manifest: the lookup goes on above it (safe-fs.ts). Where the
  // audited paths are (strict), it is an error naming the file.
  if (!strict && !readText(createFileAccess(repositoryRoot(cwd), DEFAULT_MAX_FILE_BYTES), packageFile).ok) return undefined;
  const pkg = readJson(packageFile, label(packageFile), cwd) as Record<string, unknown> | null;
  const body = pkg !== null && typeof pkg === 'object' ? pkg['statelint'] : undefined;
  if (body === undefined) return undefined;
  const source = `${label(packageFile)}#statelint`;
  return { config: parseConfig(body, source), source, baseDir: dir };
}

/** Only a regular file inside the repository, under the default size cap, is read (safe-fs.ts). */
function readJson(file: string, label: string, cwd: string): unknown {
  const read = readText(createFileAccess(repositoryRoot(cwd), DEFAULT_MAX_FILE_BYTES), file);
  if (!read.ok) {
    throw new UsageError(`cannot read config file ${label}: ${read.refusal === 'missing' || read.refusal === 'unreadable' ? (read.code ?? 'ENOENT') : read.message}`);
  }
  return parseJsonc(read.text, label);
}

export function parseConfig(body: unknown, label: string): StatelintConfig {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new UsageError(`${label}: the config must be a JSON object`);
  }
  const raw = body as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      throw new UsageError(`${label}: unknown key "${key}"${didYouMean(key, TOP_LEVEL_KEYS)} (expected one of: extends, rules, include, exclude, maxFileSize)`);
    }
  }
  const preset = raw['extends'] ?? 'recommended';
  if (typeof preset !== 'string' || !(PRESETS as readonly string[]).includes(preset)) {
    throw new UsageError(`${label}: "extends" must be one of ${PRESETS.join(', ')} (got ${JSON.stringify(preset)})`);
  }
  const rules = raw['rules'] ?? {};
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) {
    throw new UsageError(`${label}: "rules" must be an object of rule id → severity or [severity, options]`);
  }
  return {
    extends: preset as PresetName,
    rules: rules as Record<string, unknown>,
    include: globList(raw['include'], 'include', label),
    exclude: globList(raw['exclude'], 'exclude', label) ?? [],
    maxFileSize: raw['maxFileSize'] === undefined ? undefined : parseByteSize(raw['maxFileSize'], `${label}: "maxFileSize"`),
  };
}

function globList(value: unknown, key: string, label: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new UsageError(`${label}: "${key}" must be an array of non-empty glob strings`);
  }
  return value as string[];
}

const SEVERITY_ALIASES: Record<string, SeveritySetting> = {
  error: 'error',
  warn: 'warn',
  off: 'off',
  '2': 'error',
  '1': 'warn',
  '0': 'off',
};

export function parseSeverity(value: unknown, where: string): SeveritySetting {
  const severity = SEVERITY_ALIASES[String(value)];
  if (severity === undefined || (typeof value !== 'string' && typeof value !== 'number')) {
    throw new UsageError(`${where}: severity must be "error", "warn" or "off" (got ${JSON.stringify(value)})`);
  }
  return severity;
}

/** The effective setting of every rule: the preset, then the config's rules, validated. */
export function resolveRuleSettings(
  rules: readonly RuleLike[],
  config: StatelintConfig,
  label: string,
): Map<string, RuleSetting> {
  const settings = presetSettings(rules, config.extends);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ajv = new Ajv({ allErrors: false, verbose: false });
  for (const [key, entry] of Object.entries(config.rules)) {
    const id = key.startsWith('statelint/') ? key.slice('statelint/'.length) : key;
    const rule = byId.get(id);
    const where = `${label}: rules["${key}"]`;
    if (rule === undefined) {
      throw new UsageError(`${where}: unknown rule id${didYouMean(id, byId.keys())} (known: ${[...byId.keys()].join(', ')})`);
    }
    let severity: SeveritySetting;
    let options: object | undefined = settings.get(id)?.options;
    if (Array.isArray(entry)) {
      if (entry.length < 1 || entry.length > 2) throw new UsageError(`${where}: expected [severity] or [severity, options]`);
      severity = parseSeverity(entry[0], where);
      if (entry.length === 2) {
        options = entry[1] as object;
        validateOptions(ajv, rule, options, where);
      }
    } else {
      severity = parseSeverity(entry, where);
    }
    settings.set(id, { severity, options });
  }
  return settings;
}

export function validateOptions(ajv: Ajv.Ajv, rule: RuleLike, options: unknown, where: string): void {
  const validate = ajv.compile(rule.meta.schema);
  if (validate(options)) return;
  const error = validate.errors?.[0];
  const field = error?.dataPath ? `options${error.dataPath}` : 'options';
  const detail = error?.keyword === 'additionalProperties'
    ? `unknown option "${(error.params as { additionalProperty: string }).additionalProperty}"`
    : (error?.message ?? 'invalid');
  throw new UsageError(`${where}: ${field}: ${detail}`);
}
