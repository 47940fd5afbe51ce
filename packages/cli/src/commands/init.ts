/**
 * `statelint init [--write]`: sets statelint up in a repository, as `eslint --init` and
 * `knip --init` do. It looks at the working directory's package.json and files to detect the
 * package manager (its lockfile, else `packageManager`), the server framework (dependencies) and
 * ESLint (a dependency, or an eslint.config.* file); writes `statelint.config.json` (never over an
 * existing one); and prints the lines that add statelint to ESLint's config — or, with `--write`,
 * adds them to the flat config file itself when its shape is one it recognises (an exported array,
 * `defineConfig([...])` or `tseslint.config(...)`), printing them otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface InitResult {
  packageManager: 'npm' | 'pnpm' | 'yarn' | 'bun';
  frameworks: string[];
  eslint: { installed: boolean; configFile: string | undefined };
  wroteConfig: string;
  /** The ESLint config file edited with --write, if any. */
  editedEslintConfig: string | undefined;
  /** What the user should do or know, line by line. */
  lines: string[];
}

const LOCKFILES: [string, InitResult['packageManager']][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** Server frameworks statelint knows, by the package that brings them. */
const FRAMEWORKS: [string, string][] = [
  ['express', 'Express'],
  ['fastify', 'Fastify'],
  ['koa', 'Koa'],
  ['@nestjs/core', 'NestJS'],
  ['@hapi/hapi', 'hapi'],
  ['hono', 'Hono'],
  ['next', 'Next.js'],
  ['@trpc/server', 'tRPC'],
  ['restify', 'restify'],
];

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

export const CONFIG_TEMPLATE = `{
  "$schema": "./node_modules/statelint/schema/statelint.config.schema.json",
  "extends": "recommended",
  "rules": {}
}
`;

export function init(cwd: string, options: { write: boolean }): InitResult {
  const pkg = readPackageJson(cwd);
  const deps = { ...(pkg['dependencies'] as object | undefined), ...(pkg['devDependencies'] as object | undefined) } as Record<string, unknown>;
  const packageManager = detectPackageManager(cwd, pkg);
  const frameworks = FRAMEWORKS.filter(([name]) => name in deps).map(([, label]) => label);
  const configFile = ESLINT_CONFIGS.find((name) => fs.existsSync(path.join(cwd, name)));
  const eslint = { installed: 'eslint' in deps, configFile };

  const target = path.join(cwd, 'statelint.config.json');
  if (fs.existsSync(target)) throw new UsageError('init: statelint.config.json already exists; edit it, or remove it to start again');
  fs.writeFileSync(target, CONFIG_TEMPLATE, { flag: 'wx' });

  const add = { npm: 'npm install --save-dev', pnpm: 'pnpm add -D', yarn: 'yarn add -D', bun: 'bun add -d' }[packageManager];
  const lines = [
    `package manager: ${packageManager}`,
    `server framework: ${frameworks.length > 0 ? frameworks.join(', ') : 'none found in package.json (statelint still finds Node http servers)'}`,
    `ESLint: ${eslint.installed || configFile ? `yes${configFile ? ` (${configFile})` : ''}` : 'not found'}`,
    'wrote statelint.config.json',
  ];
  let editedEslintConfig: string | undefined;
  if (eslint.installed || configFile !== undefined) {
    // A package without "type": "module" is CommonJS: Node loads its eslint.config.js as CommonJS,
    // and one written with import/export is parsed twice with a MODULE_TYPELESS_PACKAGE_JSON warning
    // on every ESLint run. A new config there is eslint.config.mjs.
    const esmPackage = pkg['type'] === 'module';
    const target = configFile ?? (esmPackage ? 'eslint.config.js' : 'eslint.config.mjs');
    const targetText = configFile === undefined ? '' : fs.readFileSync(path.join(cwd, configFile), 'utf8');
    const cjs = isCommonJsConfig(target, targetText, esmPackage);
    const edit = options.write && configFile !== undefined ? addToEslintConfig(path.join(cwd, configFile), cjs) : false;
    if (edit) {
      editedEslintConfig = configFile;
      lines.push(`added statelint.configs.recommended to ${configFile}`, `install the plugin: ${add} eslint-plugin-statelint`);
    } else {
      lines.push(
        `install the plugin: ${add} eslint-plugin-statelint`,
        `then add to ${target}${options.write && configFile !== undefined ? ' (its shape is not one init edits)' : ''}:`,
        cjs ? "  const statelint = require('eslint-plugin-statelint');" : "  import statelint from 'eslint-plugin-statelint';",
        '  // in the exported config array:',
        '  statelint.configs.recommended,',
      );
    }
    if (configFile === 'eslint.config.js' && !esmPackage && !cjs) {
      lines.push(
        'note: eslint.config.js uses import/export but package.json has no "type": "module": Node parses it twice',
        '  and warns (MODULE_TYPELESS_PACKAGE_JSON) on every ESLint run; rename it to eslint.config.mjs',
      );
    }
  }
  lines.push(`run: ${packageManager === 'npm' ? 'npx' : packageManager === 'bun' ? 'bunx' : `${packageManager} exec`} statelint audit`);
  return { packageManager, frameworks, eslint, wroteConfig: 'statelint.config.json', editedEslintConfig, lines };
}

/**
 * Is the ESLint config CommonJS: a .cjs / .cts file, one that assigns `module.exports`, or (a new
 * file, or one with neither syntax) a .js file in a package without "type": "module".
 */
function isCommonJsConfig(file: string, text: string, esmPackage: boolean): boolean {
  if (/\.c[jt]s$/.test(file) || /module\.exports\s*=/.test(text)) return true;
  if (/\.m[jt]s$/.test(file) || /\.[cm]?ts$/.test(file) || /^\s*(import|export)\s/m.test(text)) return false;
  return path.basename(file) === 'eslint.config.js' && !esmPackage && text.length > 0;
}

function readPackageJson(cwd: string): Record<string, unknown> {
  const file = path.join(cwd, 'package.json');
  if (!fs.existsSync(file)) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new UsageError(`init: package.json: invalid JSON (${(error as Error).message})`);
  }
}

function detectPackageManager(cwd: string, pkg: Record<string, unknown>): InitResult['packageManager'] {
  // The lockfile nearest the working directory, up to the filesystem root (a package of a monorepo).
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = LOCKFILES.find(([name]) => fs.existsSync(path.join(dir, name)));
    if (found) return found[1];
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  const declared = typeof pkg['packageManager'] === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(pkg['packageManager']) : null;
  return (declared?.[1] as InitResult['packageManager'] | undefined) ?? 'npm';
}

/**
 * Adds the import and `statelint.configs.recommended` to a flat config whose default export is an
 * array literal, `defineConfig([...])` or `tseslint.config(...)`. False when the shape is another
 * (the lines are printed instead); never edits a file that already mentions the plugin.
 */
export function addToEslintConfig(file: string, cjs = isCommonJsConfig(file, fs.readFileSync(file, 'utf8'), true)): boolean {
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes('eslint-plugin-statelint')) return false;
  const patterns = cjs
    ? [/module\.exports\s*=\s*\[/, /module\.exports\s*=\s*defineConfig\(\s*\[/, /module\.exports\s*=\s*tseslint\.config\(/]
    : [/export\s+default\s+\[/, /export\s+default\s+defineConfig\(\s*\[/, /export\s+default\s+tseslint\.config\(/];
  const match = patterns.map((p) => p.exec(text)).find((m) => m !== null);
  if (!match) return false;
  const closer = match[0].endsWith('(') ? ')' : ']';
  const close = text.lastIndexOf(closer);
  if (close < match.index + match[0].length) return false;
  const before = text.slice(0, close).replace(/\s*$/, '');
  const entry = `${before.endsWith(',') || before.endsWith(match[0].slice(-1)) ? '' : ','}\n  statelint.configs.recommended,\n`;
  const body = `${before}${entry}${text.slice(close)}`;
  const importLine = cjs ? "const statelint = require('eslint-plugin-statelint');\n" : "import statelint from 'eslint-plugin-statelint';\n";
  // After the last import / require at the top, else first.
  const lines = body.split('\n');
  let at = 0;
  lines.forEach((line, i) => {
    if (/^(import\s|const\s+\w+\s*=\s*require\()/.test(line)) at = i + 1;
  });
  lines.splice(at, 0, importLine.trimEnd());
  fs.writeFileSync(file, lines.join('\n'));
  return true;
}
