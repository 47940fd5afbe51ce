/**
 * `statelint print-config <file>`: what statelint would do with one file — the config that governs
 * it (nearest statelint.config.json or package.json "statelint" key up to the repository root, or
 * -c), every rule's effective severity and options, and the file's code kind (service, browser,
 * or script / CLI / test, with the reason), which decides whether service rules apply. JSON on
 * stdout, for people and tools alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyzeSourceFile, codeKind, defineRule, parseSourceText, type CodeKind } from '@statelint/core';
import { rules as allRules } from '@statelint/rules';
import { createConfigLookup } from '../config-lookup.js';
import { suggestPath } from '../did-you-mean.js';
import { UsageError } from '../errors.js';
import { reportPath } from '../paths.js';
import { repositoryRoot } from '../repo-root.js';
import { typescript } from '../typescript.js';

export interface PrintedConfig {
  file: string;
  config: string | null;
  extends: string;
  codeKind: CodeKind;
  rules: Record<string, { severity: string; options?: object }>;
}

export function printConfig(cwd: string, file: string, explicitConfig: string | undefined): PrintedConfig {
  const abs = path.resolve(cwd, file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(abs);
  } catch {
    stat = undefined;
  }
  if (stat === undefined || !stat.isFile()) {
    const suggestion = suggestPath(cwd, file);
    throw new UsageError(`print-config: no such file: ${file}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`);
  }
  const root = repositoryRoot(cwd);
  const scope = createConfigLookup({ cwd, root, explicit: explicitConfig, rules: allRules }).forDirectory(path.dirname(abs));
  const rules: PrintedConfig['rules'] = {};
  for (const rule of allRules) {
    const setting = scope.settings.get(rule.id)!;
    rules[rule.id] = setting.options === undefined ? { severity: setting.severity } : { severity: setting.severity, options: setting.options };
  }
  return {
    file: reportPath(root, abs),
    config: scope.loaded.source === undefined ? null : reportPath(root, path.resolve(cwd, scope.loaded.source.replace(/#statelint$/, ''))),
    extends: scope.loaded.config.extends,
    codeKind: codeKindOf(abs, root),
    rules,
  };
}

/** The engine's own code-kind fact for the file, read by a probe rule (no type information). */
function codeKindOf(file: string, root: string): CodeKind {
  const ts = typescript();
  const sourceFile = parseSourceText(ts, file.split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
  let kind: CodeKind = { kind: 'service' };
  const probe = defineRule<'never', object>({
    id: 'print-config-probe',
    meta: { type: 'problem', docs: { description: 'Reads the code kind.', recommended: 'warn' }, messages: { never: 'never' }, schema: {} },
    defaultOptions: {},
    create: (context) => {
      kind = codeKind(context.facts);
      return {};
    },
  });
  analyzeSourceFile({ ts, sourceFile, rules: [{ rule: probe, severity: 'warn', options: {} }], root });
  return kind;
}
