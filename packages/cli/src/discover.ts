/**
 * Which files an audit looks at. The default scope is service code: it skips node_modules, build
 * output, tests, declaration files and tool config, and counts what it skipped for the summary.
 * A config's `include` narrows the scope and can lift a default exclusion by naming it (an include
 * of `node_modules/**` scans node_modules); `exclude` removes more.
 *
 * Symlinks are followed only while they stay inside the working directory, and a directory is
 * entered once however many links lead to it, so loops end. FIFOs, sockets and devices (and links
 * to them) are never opened; they and links that lead out of the tree are counted in the summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { IgnoreMatcher } from './gitignore.js';
import { isDeploymentFileName, isHelmTemplate } from './manifest-files.js';
import { toPosix } from './paths.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export const SKIP_CATEGORIES = ['node_modules', 'build output', 'tests', 'declarations', 'config files', 'hidden', 'gitignored', 'excluded', 'special files', 'links out of the tree', 'helm templates'] as const;
export type SkipCategory = (typeof SKIP_CATEGORIES)[number];

interface CategoryRule {
  category: SkipCategory;
  directory?: (name: string) => boolean;
  file?: (name: string) => boolean;
  /** An include pattern that matches this names the category, lifting the default exclusion. */
  namedBy: RegExp;
}

const CATEGORIES: readonly CategoryRule[] = [
  { category: 'node_modules', directory: (n) => n === 'node_modules', namedBy: /node_modules/ },
  {
    category: 'build output',
    directory: (n) => n === 'dist' || n === 'build' || n === 'out' || n === 'coverage',
    file: (n) => /\.min\.[cm]?js$/.test(n),
    namedBy: /(^|\/)(dist|build|out|coverage)(\/|$)|\.min\./,
  },
  {
    category: 'tests',
    directory: (n) => n === '__tests__' || n === 'test' || n === 'tests',
    file: (n) => /\.(test|spec)\.[^.]+$/.test(n),
    // A test directory or file name, not any word that contains "test" or "spec" (src/inspection/**).
    namedBy: /(^|\/)(__tests__|tests?)(\/|$)|\.(test|spec)\.|(^|\/)\*\*?\.(test|spec)/,
  },
  { category: 'declarations', file: (n) => /\.d\.[cm]?ts$/.test(n) || /\.d\.[^.]+\.ts$/.test(n), namedBy: /\.d\./ },
  {
    category: 'config files',
    file: (n) => /\.config\.[^.]+$/.test(n) || /^\.[\w-]+rc\.[^.]+$/.test(n) || /^(gulpfile|gruntfile)\.[^.]+$/i.test(n),
    namedBy: /config|rc\./,
  },
  { category: 'hidden', directory: (n) => n.startsWith('.') && n !== '.' && n !== '..', namedBy: /(^|\/)\.[^./]/ },
];

export interface DiscoverOptions {
  cwd: string;
  /** Paths given on the command line (files or directories), relative to cwd or absolute. */
  paths: readonly string[];
  /** Globs relative to `baseDir`. */
  include: readonly string[] | undefined;
  exclude: readonly string[];
  baseDir: string;
  /** Find tsconfig.json files under the paths (and the nearest one above each path). */
  findTsconfigs: boolean;
  /**
   * The include / exclude of the config governing a directory's entries (config lookup per
   * directory, see config-lookup.ts); when given, it replaces `include`, `exclude` and `baseDir`.
   */
  scopeFor?: (dir: string) => { include: readonly string[] | undefined; exclude: readonly string[]; baseDir: string };
  /** `.gitignore` and `--ignore-path` (see gitignore.ts): what it ignores is skipped, unless named on the command line. */
  ignored?: IgnoreMatcher;
}

interface Scope {
  includeMatch: ((rel: string) => boolean) | undefined;
  excludeMatch: ((rel: string) => boolean) | undefined;
  lifted: Set<SkipCategory>;
  baseDir: string;
}

function compileScope(include: readonly string[] | undefined, exclude: readonly string[], baseDir: string): Scope {
  return {
    includeMatch: include && include.length > 0 ? picomatch(include as string[], { dot: true }) : undefined,
    excludeMatch: exclude.length > 0 ? picomatch(exclude as string[], { dot: true }) : undefined,
    lifted: new Set<SkipCategory>(CATEGORIES.filter((c) => include?.some((pattern) => c.namedBy.test(pattern))).map((c) => c.category)),
    baseDir,
  };
}

export interface Discovery {
  /** Absolute paths with `/` separators, sorted. */
  files: string[];
  tsconfigs: string[];
  /** Deployment files: Kubernetes / compose YAML candidates and Dockerfiles (see manifests.ts). */
  manifests: string[];
  skipped: Map<SkipCategory, number>;
  /** Path arguments that do not exist. */
  missing: string[];
  /** Directories or files that could not be read. */
  errors: { path: string; message: string }[];
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

export function discover(options: DiscoverOptions): Discovery {
  const { cwd } = options;
  const result: Discovery = { files: [], tsconfigs: [], manifests: [], skipped: new Map(), missing: [], errors: [] };
  const manifests = new Set<string>();
  const files = new Set<string>();
  const tsconfigs = new Set<string>();
  const fixedScope = compileScope(options.include, options.exclude, options.baseDir);
  const compiled = new Map<string, Scope>();
  /** The include / exclude that decide about the entries of `dir`. */
  const scopeOf = (dir: string): Scope => {
    if (options.scopeFor === undefined) return fixedScope;
    const { include, exclude, baseDir } = options.scopeFor(dir);
    const key = JSON.stringify([include, exclude, baseDir]);
    let scope = compiled.get(key);
    if (scope === undefined) compiled.set(key, (scope = compileScope(include, exclude, baseDir)));
    return scope;
  };
  const visitedDirectories = new Set<string>();
  const cwdReal = realpathOr(cwd);

  const skip = (category: SkipCategory): void => {
    result.skipped.set(category, (result.skipped.get(category) ?? 0) + 1);
  };
  const relativeToBase = (scope: Scope, abs: string): string => toPosix(path.relative(scope.baseDir, abs));
  const insideCwd = (real: string): boolean => real === cwdReal || real.startsWith(cwdReal + path.sep);

  /** False while walking a directory that was named on the command line although it is ignored. */
  let applyIgnore = true;
  const considerFile = (abs: string, explicit: boolean): void => {
    const name = path.basename(abs);
    if (name === 'tsconfig.json') {
      if (options.findTsconfigs) tsconfigs.add(toPosix(abs));
      return;
    }
    const scope = scopeOf(path.dirname(abs));
    const rel = relativeToBase(scope, abs);
    if (!isSourceFile(name)) {
      if (isDeploymentFileName(name)) {
        if (scope.excludeMatch?.(rel)) return skip('excluded');
        if (scope.includeMatch && !scope.includeMatch(rel)) return;
        if (!explicit && applyIgnore && options.ignored?.ignores(abs, false)) return skip('gitignored');
        if (!explicit && isHelmTemplate(abs)) return skip('helm templates');
        manifests.add(toPosix(abs));
      }
      return;
    }
    if (scope.excludeMatch?.(rel)) return skip('excluded');
    if (scope.includeMatch && !scope.includeMatch(rel)) return;
    if (!explicit) {
      const category = CATEGORIES.find((c) => c.file?.(name));
      if (category && !scope.lifted.has(category.category)) return skip(category.category);
      if (applyIgnore && options.ignored?.ignores(abs, false)) return skip('gitignored');
    }
    files.add(toPosix(abs));
  };

  const walkDirectory = (start: string): void => {
    const stack = [start];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      const real = realpathOr(dir);
      if (visitedDirectories.has(real)) continue;
      visitedDirectories.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        result.errors.push({ path: dir, message: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
        continue;
      }
      for (const entry of entries) {
        const abs = path.join(dir, entry.name);
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          const target = realpathOr(abs, null);
          if (target === null) continue; // dangling
          if (!insideCwd(target)) {
            skip('links out of the tree');
            continue;
          }
          const stat = statOr(target);
          isDirectory = stat?.isDirectory() ?? false;
          isFile = stat?.isFile() ?? false;
          if (stat !== undefined && !isDirectory && !isFile) skip('special files');
        } else if (!isDirectory && !isFile) {
          skip('special files');
        }
        if (isDirectory) {
          const scope = scopeOf(dir);
          const category = CATEGORIES.find((c) => c.directory?.(entry.name));
          if (category && !scope.lifted.has(category.category)) {
            skip(category.category);
            continue;
          }
          const rel = relativeToBase(scope, abs);
          if (scope.excludeMatch && (scope.excludeMatch(rel) || scope.excludeMatch(`${rel}/`))) {
            skip('excluded');
            continue;
          }
          if (applyIgnore && options.ignored?.ignores(abs, true)) {
            skip('gitignored');
            continue;
          }
          stack.push(abs);
        } else if (isFile) {
          considerFile(abs, false);
        }
      }
    }
  };

  for (const given of options.paths) {
    const abs = path.resolve(cwd, given);
    const stat = statOr(abs);
    if (stat === undefined) {
      result.missing.push(given);
      continue;
    }
    if (stat.isDirectory()) {
      // A directory named on the command line is audited even when .gitignore lists it (as an
      // include naming node_modules lifts that exclusion): what it ignores inside does not apply.
      applyIgnore = options.ignored === undefined || !options.ignored.ignores(abs, true);
      walkDirectory(abs);
      applyIgnore = true;
    } else considerFile(abs, true);
    if (options.findTsconfigs) {
      const above = nearestTsconfigAbove(stat.isDirectory() ? abs : path.dirname(abs), cwd);
      if (above !== undefined) tsconfigs.add(toPosix(above));
    }
  }

  result.files = [...files].sort();
  result.tsconfigs = [...tsconfigs].sort();
  result.manifests = [...manifests].sort();
  return result;
}

/** The nearest tsconfig.json in `dir` or its parents, not above the working directory. */
function nearestTsconfigAbove(dir: string, cwd: string): string | undefined {
  const stop = path.resolve(cwd);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate; // read through the file access, which refuses what is not a regular file
    if (d === stop || path.dirname(d) === d || !d.startsWith(stop)) return undefined;
  }
}

function realpathOr<T = string>(p: string, fallback?: T): string | T {
  try {
    return fs.realpathSync(p);
  } catch {
    return fallback === undefined ? p : fallback;
  }
}

function statOr(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
