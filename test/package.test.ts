/**
 * Meta-tests: every rule is complete and where the contract says. A rule id, its folder, its tests,
 * its docs page, its fixtures, its place in the presets and the README rule list all agree.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import plugin from 'eslint-plugin-statelint';
import { crossChecks, manifestRules, rules } from '@statelint/rules';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

/** The rule table of docs/contract.md: id → severity in `recommended`. */
const CONTRACT: Record<string, 'error' | 'warn'> = {
  'no-module-state': 'error',
  'no-in-memory-cache': 'error',
  'no-in-memory-sessions': 'error',
  'no-fs-writes': 'error',
  'require-abort-signal': 'error',
  'require-graceful-shutdown': 'error',
  'no-local-scheduler': 'warn',
  'no-unverified-jwt': 'error',
  'require-request-limits': 'warn',
  'no-per-request-client': 'error',
  'require-structured-logging': 'warn',
};

const ruleFolders = fs
  .readdirSync(path.join(REPO_ROOT, 'rules'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['node_modules', 'dist', 'src'].includes(d.name))
  .map((d) => d.name)
  .sort();

describe('the rule registry', () => {
  it('registers every rule folder, and nothing else', () => {
    expect([...rules, ...manifestRules, ...crossChecks].map((r) => r.id).sort()).toEqual(ruleFolders);
  });

  it('the rule doc headers and the README rule list are what eslint-doc-generator makes of the plugin (pnpm docs)', () => {
    const check = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'eslint-doc-generator', 'dist', 'bin', 'eslint-doc-generator.js'), '--check'], {
      cwd: path.join(REPO_ROOT, 'packages', 'eslint-plugin'),
      encoding: 'utf8',
    });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const rule of rules) expect(readme).toContain(`| [${rule.id}](docs/rules/${rule.id}.md) `);
    for (const rule of rules) {
      const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      expect(page.startsWith(`# ${rule.id}\n\n📝 ${rule.meta.docs.description}\n`), rule.id).toBe(true);
      expect(page).toContain('<!-- end auto-generated rule header -->');
    }
  }, 60_000);

  it('the plugin has meta, every rule and the three presets', () => {
    expect(plugin.meta).toMatchObject({ name: 'eslint-plugin-statelint', version: '0.1.0' });
    const codeIds = rules.map((r) => r.id).sort();
    const yamlIds = manifestRules.filter((r) => r.files.includes('kubernetes') || r.files.includes('compose')).map((r) => r.id).sort();
    expect(Object.keys(plugin.rules).sort()).toEqual([...codeIds, ...yamlIds].sort());
    for (const preset of ['recommended', 'strict', 'all'] as const) {
      expect(Object.keys(plugin.configs[preset].rules).sort()).toEqual(codeIds.map((id) => `statelint/${id}`));
    }
    for (const preset of ['manifests', 'manifestsStrict'] as const) {
      expect(Object.keys(plugin.configs[preset].rules).sort()).toEqual(yamlIds.map((id) => `statelint/${id}`));
      expect(plugin.configs[preset].files).toEqual(['**/*.yaml', '**/*.yml']);
    }
  });
});

describe.each(rules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it('is a contract rule id with the contract severity in recommended', () => {
    expect(CONTRACT[id]).toBeDefined();
    expect(rule.meta.docs.recommended).toBe(CONTRACT[id]);
    expect(plugin.configs.recommended.rules[`statelint/${id}`]).toBe(CONTRACT[id]);
  });

  it('is an error in strict and all', () => {
    const strict = plugin.configs.strict.rules[`statelint/${id}`];
    expect(Array.isArray(strict) ? strict[0] : strict).toBe('error');
    expect(plugin.configs.all.rules[`statelint/${id}`]).toBe('error');
  });

  it('has a folder with its check, its tests, its docs page and its fixtures', () => {
    expect(fs.existsSync(path.join(REPO_ROOT, 'rules', id, 'rule.ts'))).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, 'rules', id, `${id}.test.ts`))).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`))).toBe(true);
    const fixtures = path.join(REPO_ROOT, 'fixtures', 'violations', id);
    expect(fs.existsSync(fixtures) && fs.readdirSync(fixtures).length > 0).toBe(true);
  });

  it('documents every option and forbids unknown ones', () => {
    const schema = rule.meta.schema as { type: string; properties?: Record<string, { description?: string }>; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      expect(property.description, `${id} option ${name}`).toBeTruthy();
    }
    expect(Object.keys(rule.defaultOptions).sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
  });

  it('has a docs URL derived from its id, and a docs page that names every option', () => {
    expect(plugin.rules[id]!.meta?.docs?.url).toBe(`https://github.com/statelint/statelint/blob/main/docs/rules/${id}.md`);
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    for (const option of Object.keys(rule.defaultOptions)) expect(page).toContain(`\`${option}\``);
  });
});

/** The deployment rules of docs/guides/deployment.md: id → severity in `recommended`. */
const DEPLOYMENT: Record<string, 'error' | 'warn'> = {
  'require-probes': 'error',
  'require-rolling-update': 'error',
  'require-replicas': 'warn',
  'require-resources': 'warn',
  'require-security-context': 'warn',
  'no-session-affinity': 'error',
  'no-inline-secrets': 'error',
  'require-multi-stage-build': 'warn',
  'require-non-root-user': 'error',
  'require-signal-safe-cmd': 'error',
  'require-pinned-images': 'warn',
  'require-writable-paths': 'error',
  'require-probe-route': 'error',
  'require-shutdown-within-grace': 'error',
  'no-state-across-replicas': 'warn',
  'no-duplicate-schedule': 'warn',
};

describe.each([...manifestRules, ...crossChecks].map((r) => [r.id, r] as const))('%s (deployment)', (id, rule) => {
  it('has the documented severity in recommended, and its place in the deployment guide', () => {
    expect(rule.meta.docs.recommended).toBe(DEPLOYMENT[id]);
    const guide = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'guides', 'deployment.md'), 'utf8');
    expect(guide).toContain(`[\`${id}\`](../rules/${id}.md)`);
  });

  it('has a folder with its check, its tests (end to end for cross-checks), its docs page and its gallery case', () => {
    expect(fs.existsSync(path.join(REPO_ROOT, 'rules', id, 'rule.ts'))).toBe(true);
    if (rule.kind === 'manifest') expect(fs.existsSync(path.join(REPO_ROOT, 'rules', id, `${id}.test.ts`))).toBe(true);
    else expect(fs.readFileSync(path.join(REPO_ROOT, 'test', 'deployment.test.ts'), 'utf8')).toContain(`it('${id}:`);
    expect(fs.existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`))).toBe(true);
    const fixtures = path.join(REPO_ROOT, 'fixtures', 'violations', id);
    expect(fs.existsSync(fixtures) && fs.readdirSync(fixtures).length > 0).toBe(true);
  });

  it('documents every option and forbids unknown ones; its page names them', () => {
    const schema = rule.meta.schema as { type: string; properties?: Record<string, { description?: string }>; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(schema.properties ?? {})) expect(property.description, `${id} option ${name}`).toBeTruthy();
    expect(Object.keys(rule.defaultOptions).sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    for (const option of Object.keys(rule.defaultOptions)) expect(page).toContain(`\`${option}\``);
  });
});

describe('the config file schema (packages/cli/schema)', () => {
  it('accepts the README example and rejects unknown rules and bad options', async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages/cli/schema/statelint.config.schema.json'), 'utf8'));
    const validate = new Ajv().compile(schema);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /### Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const known = JSON.parse(example);
    // The README example may name rules this branch does not have yet; keep those that exist.
    known.rules = Object.fromEntries(Object.entries(known.rules).filter(([id]) => rules.some((r) => r.id === id)));
    expect(validate(known), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ extends: 'strict', rules: { 'statelint/no-fs-writes': ['warn', { allowPaths: ['/mnt'] }] } })).toBe(true);
    expect(validate({ rules: { 'no-such-rule': 'error' } })).toBe(false);
    expect(validate({ rules: { 'no-fs-writes': ['error', { allowTmp: true }] } })).toBe(false);
    expect(validate({ extends: 'relaxed' })).toBe(false);
  });
});
