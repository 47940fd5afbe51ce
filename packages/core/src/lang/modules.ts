/**
 * Which module value an expression denotes. `fs.promises.writeFile`, `fsp.writeFile` after
 * `const fsp = require('node:fs').promises`, `wf` after `import { writeFile as wf } from 'fs/promises'`
 * all resolve to `{ module: 'fs', path: ['promises', 'writeFile'] }`. Rules match these references
 * against their catalogues (data) instead of matching names, the classic source of false positives.
 *
 * Handled: default, named, renamed and namespace imports; `import x = require()`; `require()` (also
 * through `createRequire`), `await import()`; aliases and destructuring (with renames, nesting and
 * defaults) of variables never reassigned; `node:` prefixes and `fs/promises`-style subpaths; free
 * globals (`fetch` is `{ module: 'globalThis', path: ['fetch'] }`). In typed mode (a program view),
 * imports of the project's own modules are followed through their exports and re-exports.
 */
import { isBuiltin } from 'node:module';
import type * as ts from 'typescript';
import type { FileFacts } from './facts.js';
import type { ProjectView } from './project.js';
import type { TS } from '../engine/rule.js';
import { skipOuterExpressions, type ScopeAnalysis, type Variable } from './scope.js';
import { staticString } from './ast.js';

export interface ModuleRef {
  /** Normalized specifier (`fs` for `node:fs`), `globalThis` for globals, or a project file's path. */
  module: string;
  /** Property path from the module's namespace object. */
  path: readonly string[];
  /** The module is a file of the project (resolved in typed mode) rather than a package. */
  local?: boolean;
}

export const GLOBAL_MODULE = 'globalThis';

const GLOBAL_OBJECT_NAMES = new Set(['globalThis', 'global', 'self', 'window']);

/** Subpath modules that are the same object as a property of their parent module. */
const SUBPATH_ALIASES: Record<string, ModuleRef> = {
  'fs/promises': { module: 'fs', path: ['promises'] },
  'dns/promises': { module: 'dns', path: ['promises'] },
  'stream/promises': { module: 'stream', path: ['promises'] },
  'timers/promises': { module: 'timers', path: ['promises'] },
  'readline/promises': { module: 'readline', path: ['promises'] },
  process: { module: GLOBAL_MODULE, path: ['process'] },
};

/** Calls that return (a promisified form of) their first argument: `promisify(fs.writeFile)`. */
const RETURNS_ARGUMENT: readonly ModuleRef[] = [
  { module: 'util', path: ['promisify'] },
  { module: 'bluebird', path: ['promisify'] },
  { module: 'pify', path: [] },
];

/** Calls that return the module they are called on: `require('sqlite3').verbose()`. */
const RETURNS_RECEIVER: readonly ModuleRef[] = [{ module: 'sqlite3', path: ['verbose'] }];

const MAX_DEPTH = 24;

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/');
}

/** `node:fs` → `{ fs, [] }`, `fs/promises` → `{ fs, ['promises'] }`. */
export function normalizeSpecifier(specifier: string): ModuleRef {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return SUBPATH_ALIASES[bare] ?? { module: bare, path: [] };
}

/** Does a reference match `module` and start with `path`? */
export function refStartsWith(ref: ModuleRef | undefined, module: string, path: readonly string[] = []): boolean {
  if (ref === undefined || ref.module !== module || ref.path.length < path.length) return false;
  return path.every((segment, i) => ref.path[i] === segment);
}

export class ModuleReferences {
  private readonly cache = new Map<ts.Node, ModuleRef | null>();
  private readonly ts: TS;
  private readonly scope: ScopeAnalysis;

  constructor(
    private readonly facts: FileFacts,
    private readonly project: ProjectView,
  ) {
    this.ts = facts.ts;
    this.scope = facts.scope;
  }

  /** The module value an expression denotes, if it denotes one. */
  resolve(node: ts.Node): ModuleRef | undefined {
    return this.resolveAt(node, 0);
  }

  /** The specifier of a `require('x')` / `import('x')` call (or `await import('x')`). */
  loadedModule(node: ts.Node): string | undefined {
    const { ts } = this;
    let n = skipOuterExpressions(ts, node);
    if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
    if (!ts.isCallExpression(n) || n.arguments.length < 1) return undefined;
    const specifier = staticString(ts, n.arguments[0]!);
    if (specifier === undefined) return undefined;
    if (n.expression.kind === ts.SyntaxKind.ImportKeyword) return specifier;
    return this.isRequireFunction(n.expression) ? specifier : undefined;
  }

  private isRequireFunction(callee: ts.Expression): boolean {
    const { ts } = this;
    const c = skipOuterExpressions(ts, callee);
    if (!ts.isIdentifier(c)) {
      // `module.require('x')`
      return (
        ts.isPropertyAccessExpression(c) &&
        c.name.text === 'require' &&
        ts.isIdentifier(c.expression) &&
        c.expression.text === 'module' &&
        this.scope.isFree(c.expression)
      );
    }
    if (c.text === 'require' && this.scope.isFree(c)) return true;
    // `const require = createRequire(import.meta.url)`
    const variable = this.scope.variableOf(c);
    if (variable?.initializer === undefined || variable.path.length > 0) return false;
    const init = skipOuterExpressions(ts, variable.initializer);
    if (!ts.isCallExpression(init)) return false;
    const created = this.resolve(init.expression);
    return refStartsWith(created, 'module', ['createRequire']) && created!.path.length === 1;
  }

  private resolveAt(node: ts.Node, depth: number): ModuleRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.cache.set(node, null); // cycles resolve to nothing
    const ref = this.compute(node, depth);
    const settled = ref && this.settle(ref, depth);
    this.cache.set(node, settled ?? null);
    return settled;
  }

  private compute(node: ts.Node, depth: number): ModuleRef | undefined {
    const { ts } = this;
    const n = skipOuterExpressions(ts, node);
    if (ts.isIdentifier(n)) return this.resolveIdentifier(n, depth);
    if (ts.isPropertyAccessExpression(n)) {
      const base = this.resolveAt(n.expression, depth + 1);
      return base && extend(base, [n.name.text]);
    }
    if (ts.isElementAccessExpression(n)) {
      const key = staticString(ts, n.argumentExpression);
      if (key === undefined) return undefined;
      const base = this.resolveAt(n.expression, depth + 1);
      return base && extend(base, [key]);
    }
    const loaded = this.loadedModule(n);
    if (loaded !== undefined) return this.resolveSpecifier(loaded, []);
    if (ts.isCallExpression(n)) return this.resolveIdentityCall(n, depth);
    return undefined;
  }

  /** `promisify(fs.writeFile)` denotes `fs.writeFile`; `sqlite3.verbose()` denotes `sqlite3`. */
  private resolveIdentityCall(call: ts.CallExpression, depth: number): ModuleRef | undefined {
    const { ts } = this;
    const callee = this.resolveAt(call.expression, depth + 1);
    if (callee === undefined) return undefined;
    const matches = (list: readonly ModuleRef[]): boolean =>
      list.some((r) => r.module === callee.module && sameSegments(r.path, callee.path));
    if (matches(RETURNS_ARGUMENT) && call.arguments.length > 0) return this.resolveAt(call.arguments[0]!, depth + 1);
    const receiver = skipOuterExpressions(ts, call.expression);
    if (matches(RETURNS_RECEIVER) && ts.isPropertyAccessExpression(receiver)) {
      return this.resolveAt(receiver.expression, depth + 1);
    }
    return undefined;
  }

  /** Is `call` one that returns its argument unchanged for our purposes (`promisify(x)`)? */
  isIdentityCall(call: ts.CallExpression): boolean {
    const callee = this.resolve(call.expression);
    return (
      callee !== undefined &&
      RETURNS_ARGUMENT.some((r) => r.module === callee.module && sameSegments(r.path, callee.path))
    );
  }

  private resolveIdentifier(id: ts.Identifier, depth: number): ModuleRef | undefined {
    const { ts } = this;
    const reference = this.scope.referenceOf(id);
    const variable = this.scope.variableOf(id);
    if (variable === undefined) {
      if (reference === undefined) return undefined;
      if (GLOBAL_OBJECT_NAMES.has(id.text)) return { module: GLOBAL_MODULE, path: [] };
      return { module: GLOBAL_MODULE, path: [id.text] };
    }
    return this.resolveVariable(variable, depth);
  }

  /** The module value a variable holds, when it is bound once to one. */
  resolveVariable(variable: Variable, depth = 0): ModuleRef | undefined {
    const { ts } = this;
    const decl = variable.declaration;
    switch (variable.kind) {
      case 'import': {
        const importDecl = findAncestor(decl, ts.isImportDeclaration);
        if (importDecl === undefined || isTypeOnlyImport(ts, decl)) return undefined;
        const specifier = staticString(ts, importDecl.moduleSpecifier);
        if (specifier === undefined) return undefined;
        if (ts.isImportClause(decl)) return this.resolveSpecifier(specifier, ['default']);
        if (ts.isNamespaceImport(decl)) return this.resolveSpecifier(specifier, []);
        if (ts.isImportSpecifier(decl)) {
          const imported = decl.propertyName ?? decl.name;
          return this.resolveSpecifier(specifier, [imported.text]);
        }
        return undefined;
      }
      case 'import-equals': {
        const d = decl as ts.ImportEqualsDeclaration;
        if (d.isTypeOnly || !ts.isExternalModuleReference(d.moduleReference)) return undefined;
        const specifier = staticString(ts, d.moduleReference.expression);
        return specifier === undefined ? undefined : this.resolveSpecifier(specifier, []);
      }
      case 'const':
      case 'let':
      case 'var': {
        if (variable.initializer === undefined || this.scope.isReassigned(variable)) return undefined;
        let ref = this.resolveAt(variable.initializer, depth + 1);
        for (const step of variable.path) {
          if (ref === undefined) return undefined;
          if ('property' in step) ref = this.settle(extend(ref, [step.property]), depth + 1);
          else if ('index' in step) return undefined;
          // An object rest keeps the remaining properties of the same object.
        }
        return ref;
      }
      default:
        return undefined;
    }
  }

  /** The module a specifier written in this file loads, with a path into it. */
  resolveSpecifier(specifier: string, path: readonly string[]): ModuleRef | undefined {
    if (isRelativeSpecifier(specifier) || specifier.startsWith('#')) {
      const target = this.project.resolveModule(this.facts.sourceFile, specifier);
      if (target !== undefined) return { module: target.fileName, path, local: true };
      return { module: specifier, path, local: true };
    }
    // Project path aliases (`@/lib/fs`, `~/x`) resolve to project files in typed mode.
    const target = this.project.resolveModule(this.facts.sourceFile, specifier);
    if (target !== undefined) return { module: target.fileName, path, local: true };
    const base = normalizeSpecifier(specifier);
    return extend(base, path);
  }

  /**
   * Normal form: a package's default export is its namespace object (CommonJS interop, which is
   * how `import fs from 'fs'` and `require('lru-cache')` behave); a project module's exports are
   * followed to what they re-export.
   */
  private settle(ref: ModuleRef, depth: number): ModuleRef | undefined {
    if (!ref.local) {
      // `default` is transparent in a package's paths: `import fsp from 'fs/promises'` is
      // `{ fs, ['promises'] }`, `require('pino').default` is pino.
      return ref.path.includes('default') ? { module: ref.module, path: ref.path.filter((s) => s !== 'default') } : ref;
    }
    if (ref.path.length === 0) return ref;
    const target = this.project.fileByName(ref.module);
    if (target === undefined) return ref;
    const exported = this.project.factsOf(target).exports.resolveExport(ref.path[0]!, depth + 1);
    if (exported === undefined) return ref;
    return this.settle(extend(exported, ref.path.slice(1)), depth + 1);
  }
}

/**
 * What a module's exports denote, for importers in typed mode: `export { writeFile } from 'fs'`,
 * `export * from 'fs-extra'`, `export const fsp = fs.promises`, `export default fs`.
 */
export class ModuleExports {
  private readonly ts: TS;

  constructor(
    private readonly facts: FileFacts,
    private readonly project: ProjectView,
  ) {
    this.ts = facts.ts;
  }

  resolveExport(name: string, depth: number, seen = new Set<string>()): ModuleRef | undefined {
    const { ts } = this;
    const sf = this.facts.sourceFile;
    if (depth > MAX_DEPTH || seen.has(sf.fileName)) return undefined;
    seen.add(sf.fileName);
    const stars: string[] = [];
    for (const statement of sf.statements) {
      if (ts.isExportDeclaration(statement)) {
        if (statement.isTypeOnly) continue;
        const from = statement.moduleSpecifier && staticString(ts, statement.moduleSpecifier);
        const clause = statement.exportClause;
        if (clause === undefined) {
          if (from !== undefined) stars.push(from);
          continue;
        }
        if (ts.isNamespaceExport(clause)) {
          if (clause.name.text === name && from !== undefined) return this.facts.modules.resolveSpecifier(from, []);
          continue;
        }
        for (const element of clause.elements) {
          if (element.name.text !== name || element.isTypeOnly) continue;
          const local = element.propertyName ?? element.name;
          if (from !== undefined) return this.facts.modules.resolveSpecifier(from, [local.text]);
          return ts.isIdentifier(local) ? this.resolveLocalName(local.text, depth) : undefined;
        }
      } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default') {
        return this.facts.modules.resolve(statement.expression);
      } else if (hasExportModifier(ts, statement)) {
        if (ts.isVariableStatement(statement)) {
          for (const d of statement.declarationList.declarations) {
            if (ts.isIdentifier(d.name) && d.name.text === name) return this.resolveLocalName(name, depth);
          }
        }
      }
    }
    for (const from of stars) {
      const ref = this.facts.modules.resolveSpecifier(from, []);
      if (ref === undefined) continue;
      if (ref.local) {
        const target = this.project.fileByName(ref.module);
        const found = target && this.project.factsOf(target).exports.resolveExport(name, depth + 1, seen);
        if (found !== undefined) return found;
      } else if (stars.length === 1) {
        return { module: ref.module, path: [...ref.path, name] };
      }
    }
    return undefined;
  }

  private resolveLocalName(name: string, depth: number): ModuleRef | undefined {
    const variable = this.facts.scope.moduleScope.variables.get(name);
    return variable && this.facts.modules.resolveVariable(variable, depth + 1);
  }

}

/** Two module paths are the same: `['promises', 'readFile']`. */
export function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, i) => b[i] === segment);
}

/**
 * Typed mode: the module a called or referenced symbol is declared in, from its declaration —
 * `declare module 'fs' { function writeFile… }` in @types/node, or a package's own typings. Finds
 * APIs that syntax cannot (an injected `fs`, a wrapper typed as `typeof import('fs')`). Members of
 * interfaces and classes (a `FileHandle`'s methods) are not module exports and give nothing.
 */
export function declaredModuleRef(ts: TS, checker: ts.TypeChecker, node: ts.Node): ModuleRef | undefined {
  const n = skipOuterExpressions(ts, node);
  const target = ts.isPropertyAccessExpression(n) ? n.name : ts.isIdentifier(n) ? n : undefined;
  if (target === undefined) return undefined;
  let symbol = checker.getSymbolAtLocation(target);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol.declarations?.[0];
  if (declaration === undefined) return undefined;
  const path = [symbol.name];
  for (let p: ts.Node | undefined = declaration.parent; p !== undefined; p = p.parent) {
    if (ts.isModuleDeclaration(p)) {
      if (ts.isStringLiteral(p.name)) {
        const base = normalizeSpecifier(p.name.text);
        return { module: base.module, path: [...base.path, ...path] };
      }
      path.unshift(p.name.text);
    } else if (ts.isSourceFile(p)) {
      const packageName = packageNameOf(p.fileName);
      return packageName === undefined || !ts.isExternalModule(p) ? undefined : { module: packageName, path };
    } else if (
      ts.isInterfaceDeclaration(p) ||
      ts.isClassLike(p) ||
      ts.isTypeLiteralNode(p) ||
      ts.isObjectLiteralExpression(p) ||
      ts.isFunctionLike(p)
    ) {
      return undefined;
    }
  }
  return undefined;
}

/** `/x/node_modules/@types/scope__pkg/index.d.ts` → `@scope/pkg`; `/x/node_modules/pino/pino.d.ts` → `pino`. */
export function packageNameOf(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = normalized.slice(at + '/node_modules/'.length).split('/');
  if (parts[0] === '@types' && parts[1] !== undefined) {
    const typed = parts[1];
    return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
  }
  if (parts[0]?.startsWith('@') && parts[1] !== undefined) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

function extend(ref: ModuleRef, path: readonly string[]): ModuleRef {
  return path.length === 0 ? ref : { ...ref, path: [...ref.path, ...path] };
}

function isTypeOnlyImport(ts: TS, decl: ts.Node): boolean {
  if (ts.isImportSpecifier(decl) && decl.isTypeOnly) return true;
  const clause = findAncestor(decl, ts.isImportClause);
  return clause?.isTypeOnly === true;
}

export function hasExportModifier(ts: TS, node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false)
  );
}

export function findAncestor<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T | undefined {
  for (let n: ts.Node | undefined = node; n !== undefined; n = n.parent) if (test(n)) return n;
  return undefined;
}

/** Folders a project keeps copies of packages in (`vendor/lru-cache`, `lib/node-cache.js`). */
const VENDOR_FOLDERS: ReadonlySet<string> = new Set(['vendor', 'vendors', 'vendored', 'third_party', 'third-party', 'thirdparty', 'external', 'externals', 'deps', 'lib', 'libs']);

/** Vendor folders that also hold the project's own modules. */
const PROJECT_FOLDERS: ReadonlySet<string> = new Set(['lib', 'libs']);

/**
 * The package a project module is a vendored copy of, by its normalised location: `./vendor/lru-cache`,
 * `./vendor/lru-cache/index.js`, `lib/node-cache.js`, `vendor/@scope/pkg` (a file of the package
 * inside such a folder other than its entry is not the package). Node's built-in modules are never
 * vendored (`lib/fs.js` is the project's own).
 */
export function vendoredPackageName(ref: ModuleRef): string | undefined {
  if (ref.local !== true) return undefined;
  const parts = ref.module.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  let at = -1;
  for (let i = parts.length - 2; i >= 0; i--) {
    if (VENDOR_FOLDERS.has(parts[i]!.toLowerCase())) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const strip = (p: string): string => p.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
  const scoped = parts[at + 1]!.startsWith('@') && parts[at + 2] !== undefined;
  const name = scoped ? `${parts[at + 1]}/${strip(parts[at + 2]!)}` : strip(parts[at + 1]!);
  const rest = parts.slice(at + (scoped ? 3 : 2)).map(strip);
  const entry = rest.length === 0 || (rest.length === 1 && rest[0] === 'index') || (rest.length === 2 && ['dist', 'lib', 'src'].includes(rest[0]!) && rest[1] === 'index');
  if (!entry || !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(name) || isBuiltin(name)) return undefined;
  // `lib/` also holds the project's own modules (`lib/request.js`, `lib/redis.js` wrapping a
  // client): there, only a compound package name (`lib/node-cache.js`) is taken for a copy.
  if (PROJECT_FOLDERS.has(parts[at]!.toLowerCase()) && !scoped && !/[-.]/.test(name)) return undefined;
  return name;
}

/**
 * The reference as catalogues see it: a vendored copy of a package is that package (`default` is
 * transparent, as in a package's paths). Other references are unchanged; the module graph and the
 * effect summaries still follow the copy as project code.
 */
export function libraryRef(ref: ModuleRef): ModuleRef {
  const name = vendoredPackageName(ref);
  return name === undefined ? ref : { module: name, path: ref.path.filter((s) => s !== 'default') };
}
