/**
 * An audit: discover files, load programs (typed) or parse files (untyped), run the engine on each
 * file once, and gather one report. Nothing here prints or exits; `main.ts` does that.
 *
 * Robustness: a file that cannot be read or parsed, a tsconfig that cannot be loaded, and a rule
 * that throws each become an entry under `errors`; the audit goes on with everything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfiguredRule, RuleSetting } from '@statelint/core';
import { rules as allRules } from '@statelint/rules';
import type * as ts from 'typescript';
import { analyzeFileFromDisk, analyzeParsedFile, unparsable, type FileAnalysis, type FileOutcome } from './analyze-file.js';
import { applyBaseline, readBaseline, writeBaseline } from './baseline.js';
import { createConfigLookup, type ConfigScope } from './config-lookup.js';
import { suggestPath } from './did-you-mean.js';
import { discover } from './discover.js';
import { createIgnoreMatcher } from './gitignore.js';
import { checkTsconfigArguments } from './tsconfig-checks.js';
import { repositoryRoot } from './repo-root.js';
import { UsageError } from './errors.js';
import { analyzeInWorkers, threadCount } from './parallel.js';
import { isInside, reportPath, toPosix } from './paths.js';
import { loadLooseProgram, loadTsconfigProgram, referencedTsconfigs, type LoadedProgram } from './programs.js';
import type { AuditResult, PhaseTiming, ReportError, ReportFinding } from './report.js';
import { typescript } from './typescript.js';
import { toolVersion } from './version.js';

export interface AuditOptions {
  cwd: string;
  paths: readonly string[];
  /** `-p`: tsconfigs to load instead of discovering them. */
  projects: readonly string[];
  config: string | undefined;
  typeCheck: boolean;
  /** `--rule`: run only these rules; a severity, when given, overrides the configured one. */
  onlyRules: ReadonlyMap<string, RuleSetting['severity'] | undefined> | undefined;
  baseline: string | undefined;
  updateBaseline: boolean;
  performance: boolean;
  /**
   * Worker threads for `--no-type-check` (`auto`: one per available core, at most 8; 1: none).
   * Typed runs use one thread: a second program per thread would double the memory.
   */
  concurrency?: number | 'auto';
  onProgress?: (done: number, total: number, label: string) => void;
  /** `--ignore-path`: more files of gitignore patterns. */
  ignorePaths?: readonly string[];
  /** While a program loads (a long, silent phase on big repositories): files parsed so far. */
  onLoadProgress?: (files: number, label: string) => void;
  /** Warnings for the user (stderr), each said once. */
  onWarning?: (message: string) => void;
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const { cwd } = options;
  // Report paths, config lookup and the engine's root are anchored at the repository root, so the
  // same files give the same report from any working directory inside it.
  const root = repositoryRoot(cwd);
  const timings: PhaseTiming[] = [];
  /**
   * Times a phase; `files`, when given, counts what the phase went through (after it ran). Its row
   * goes before the rows its work added (the type checker created during an analysis).
   */
  const time = <T>(phase: string, work: () => T, files?: (result: T) => number): T => {
    const started = performance.now();
    const at = timings.length;
    const result = work();
    timings.splice(at, 0, { phase, ms: performance.now() - started, ...(files ? { files: files(result) } : {}) });
    return result;
  };
  const timeAsync = async <T>(phase: string, work: () => Promise<T>, files?: () => number): Promise<T> => {
    const started = performance.now();
    const at = timings.length;
    const result = await work();
    timings.splice(at, 0, { phase, ms: performance.now() - started, ...(files ? { files: files() } : {}) });
    return result;
  };

  const configs = createConfigLookup({
    cwd,
    root,
    explicit: options.config,
    rules: allRules,
    ...(options.onlyRules !== undefined ? { adjust: (settings: Map<string, RuleSetting>) => applyRuleFilter(settings, options.onlyRules!) } : {}),
  });
  // The config of the audited paths is read first, so that a bad one is a usage error up front.
  time('config', () => configs.forDirectory(commonDirectory(cwd, options.paths)));
  const scopeOf = (file: string): ConfigScope => configs.forDirectory(path.dirname(file));

  for (const given of [...options.paths, ...options.projects]) {
    if (!isInside(cwd, path.resolve(cwd, given))) {
      throw new UsageError(`${given} is outside the working directory; run statelint from a directory that contains it`);
    }
  }
  const projects = checkTsconfigArguments(cwd, options.projects);
  const ignored = createIgnoreMatcher(root, options.ignorePaths ?? [], cwd);
  const discovery = time(
    'discover',
    () =>
    discover({
      cwd,
      paths: options.paths,
      include: undefined,
      exclude: [],
      baseDir: root,
      scopeFor: (dir) => {
        const { config, baseDir } = configs.forDirectory(dir).loaded;
        return { include: config.include, exclude: config.exclude, baseDir };
      },
      ignored,
      findTsconfigs: options.typeCheck && options.projects.length === 0,
    }),
    (found) => found.files.length,
  );
  const withSuggestion = (missing: string): string => {
    const suggestion = suggestPath(cwd, missing);
    return suggestion === undefined ? missing : `${missing} (did you mean ${suggestion}?)`;
  };
  if (discovery.missing.length > 0 && discovery.missing.length === options.paths.length) {
    throw new UsageError(`no such file or directory: ${discovery.missing.map(withSuggestion).join(', ')}`);
  }
  for (const missing of discovery.missing) options.onWarning?.(`no such file or directory: ${withSuggestion(missing)}`);

  const errors: ReportError[] = discovery.errors.map((e) => ({ file: reportPath(root, e.path), message: e.message }));
  for (const missing of discovery.missing) errors.push({ file: reportPath(root, path.resolve(cwd, missing)), message: 'no such file or directory' });
  const findings: ReportFinding[] = [];
  const ruleTimings = options.performance ? new Map<string, number>() : undefined;
  const wanted = new Set(discovery.files);
  const done = new Set<string>();
  /** Files the parser threw on while building a program: reported once, never retried. */
  const parseFailures = new Map<string, string>();
  let programs = 0;
  let threads = 1;

  const take = (file: string, outcome: FileOutcome): void => {
    done.add(file);
    options.onProgress?.(done.size, wanted.size, reportPath(root, file));
    findings.push(...outcome.findings);
    errors.push(...outcome.errors);
  };
  // TypeScript is loaded on first use: a parallel run never needs it in this thread.
  const analyses = new Map<string, FileAnalysis>();
  /** The analysis of a file: the rules of the config that governs it. */
  const fileAnalysis = (file: string): FileAnalysis => {
    const scope = scopeOf(file);
    let analysis = analyses.get(scope.key);
    if (analysis === undefined) {
      analysis = { ts: typescript(), cwd: root, rules: scope.configured, ...(ruleTimings ? { timings: ruleTimings } : {}) };
      analyses.set(scope.key, analysis);
    }
    return analysis;
  };
  const onParseFailure = (fileName: string, error: unknown): void => {
    parseFailures.set(toPosix(path.resolve(fileName)), unparsable(error));
  };
  const analyzeUntyped = (file: string): void => {
    const failure = parseFailures.get(file);
    if (failure !== undefined) take(file, { findings: [], errors: [{ file: reportPath(root, file), message: failure }] });
    else take(file, analyzeFileFromDisk(fileAnalysis(file), file));
  };

  // Files whose config turns every rule off are not analysed at all.
  for (const file of [...wanted]) if (scopeOf(file).configured.length === 0) wanted.delete(file);
  if (wanted.size > 0) {
    if (options.typeCheck) {
      const tsconfigs = projects.length > 0 ? projects : discovery.tsconfigs;
      for (const tsconfig of withReferences(tsconfigs)) {
        if ([...wanted].every((f) => done.has(f))) break;
        let loaded: LoadedProgram;
        try {
          loaded = time(
            `load ${reportPath(root, tsconfig)}`,
            () =>
              loadTsconfigProgram(
                tsconfig,
                onParseFailure,
                (warning) => options.onWarning?.(`${reportPath(root, tsconfig)}: ${warning}`),
                (files) => options.onLoadProgress?.(files, reportPath(root, tsconfig)),
              ),
            (p) => p.program.getSourceFiles().length,
          );
        } catch (error) {
          errors.push({ file: reportPath(root, tsconfig), message: `cannot load tsconfig: ${(error as Error).message}` });
          continue;
        }
        programs++;
        const before = done.size;
        timeChecker(loaded.program, `type checker of ${reportPath(root, tsconfig)} (created on first use)`, timings);
        time(
          `analyze ${reportPath(root, tsconfig)}`,
          () => {
            for (const sf of loaded.program.getSourceFiles()) {
              const file = toPosix(sf.fileName);
              if (wanted.has(file) && !done.has(file)) take(file, analyzeParsedFile(fileAnalysis(file), file, sf, loaded.program));
            }
          },
          () => done.size - before,
        );
      }
      // Very large files no tsconfig covers are bundles or generated code: TypeScript's program
      // construction is quadratic on them (its search for require() calls restarts at the root for
      // each one; a 5 MB bundle takes minutes), and types add nothing there. They are analysed
      // alone, like files no program accepts.
      const loose = [...wanted].filter((f) => !done.has(f) && !parseFailures.has(f) && fileSize(f) <= LOOSE_PROGRAM_MAX_BYTES);
      if (loose.length > 0) {
        const loaded = time(
          'load files outside any tsconfig',
          () => loadLooseProgramSafely(loose, errors, root, onParseFailure, (files) => options.onLoadProgress?.(files, 'files outside any tsconfig')),
          (p) => p?.program.getSourceFiles().length ?? 0,
        );
        if (loaded !== undefined) {
          programs++;
          const before = done.size;
          timeChecker(loaded.program, 'type checker of files outside any tsconfig (created on first use)', timings);
          time(
            'analyze files outside any tsconfig',
            () => {
              for (const file of loose) {
                const sf = loaded.program.getSourceFile(file);
                if (sf !== undefined) take(file, analyzeParsedFile(fileAnalysis(file), file, sf, loaded.program));
              }
            },
            () => done.size - before,
          );
        }
      }
      // Anything still not analysed (a program refused it): analyse it alone, without types.
      const rest = [...wanted].filter((f) => !done.has(f));
      if (rest.length > 0) time('parse and analyze files without a program', () => rest.forEach(analyzeUntyped), () => rest.length);
    } else {
      const files = [...wanted];
      threads = threadCount(options.concurrency ?? 'auto', files.length);
      // Worker threads run one rule set: the files of each config go to them in turn.
      const groups = new Map<string, string[]>();
      for (const file of files) {
        const key = scopeOf(file).key;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [file]);
        else group.push(file);
      }
      await timeAsync(
        threads > 1 ? `parse and analyze (${threads} threads)` : 'parse and analyze',
        async () => {
          for (const group of groups.values()) {
            const groupThreads = Math.min(threads, threadCount(options.concurrency ?? 'auto', group.length));
            const parallel =
              groupThreads > 1 &&
              analyzeInWorkers({ cwd: root, files: group, rules: scopeOf(group[0]!).configured, threads: groupThreads, timings: ruleTimings, onFile: take });
            const left = parallel === false ? group.keys() : await parallel;
            if (parallel === false && groupThreads > 1) threads = 1;
            for (const index of left) analyzeUntyped(group[index]!);
          }
        },
        () => done.size,
      );
    }
  }

  if (ruleTimings) {
    // Part of the analysis above. A rule's time includes the shared facts (scopes, module
    // references) and the type checker it was first to ask for; summed over threads in a parallel
    // run (CPU time, not wall time).
    const suffix = threads > 1 ? ` (CPU, ${threads} threads)` : '';
    for (const [ruleId, ms] of ruleTimings) timings.push({ phase: `rule ${ruleId}${suffix}`, ms, nested: true });
  }

  findings.sort(compareFindings);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  let reported = findings;
  let baselined = 0;
  let staleBaseline = 0;
  if (options.baseline !== undefined) {
    const baselineFile = path.resolve(cwd, options.baseline);
    if (options.updateBaseline) {
      writeBaseline(baselineFile, findings);
      baselined = findings.length;
      reported = [];
    } else {
      const applied = applyBaseline(findings, readBaseline(baselineFile, options.baseline));
      reported = applied.fresh;
      baselined = applied.baselined;
      staleBaseline = applied.stale;
    }
  }

  return {
    report: {
      version: 1,
      tool: { name: 'statelint', version: toolVersion() },
      filesScanned: wanted.size,
      findings: reported,
      errors,
    },
    summary: {
      filesScanned: wanted.size,
      typed: options.typeCheck,
      programs,
      skipped: discovery.skipped,
      baselined,
      staleBaseline,
    },
    rules: rulesThatRan(configs.scopes()),
    root,
    timings,
    peakMemoryMb: process.resourceUsage().maxRSS / 1024,
  };
}

const LOOSE_PROGRAM_MAX_BYTES = 1024 * 1024;

/** Every rule some config turned on, with the setting of the first config that did. */
function rulesThatRan(scopes: readonly ConfigScope[]): AuditResult['rules'] {
  const seen = new Map<string, AuditResult['rules'][number]>();
  for (const scope of scopes) {
    for (const { rule } of scope.configured) if (!seen.has(rule.id)) seen.set(rule.id, { rule, setting: scope.settings.get(rule.id)! });
  }
  return allRules.filter((rule) => seen.has(rule.id)).map((rule) => seen.get(rule.id)!);
}

/** Adds a (nested) phase for the type checker's creation, when a rule first asks for it. */
function timeChecker(program: ts.Program, phase: string, timings: PhaseTiming[]): void {
  const create = program.getTypeChecker.bind(program);
  let checker: ts.TypeChecker | undefined;
  program.getTypeChecker = () => {
    if (checker === undefined) {
      const started = performance.now();
      checker = create();
      timings.push({ phase, ms: performance.now() - started, nested: true });
    }
    return checker;
  };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // reported when it is read
  }
}

/** The deepest directory that contains every path argument (where config lookup starts). */
function commonDirectory(cwd: string, paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const abs = path.resolve(cwd, p);
    return fs.existsSync(abs) && !fs.statSync(abs).isDirectory() ? path.dirname(abs) : abs;
  });
  if (dirs.length === 0) return cwd;
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (!isInside(common, dir)) common = path.dirname(common);
  }
  return common;
}

function applyRuleFilter(
  settings: Map<string, RuleSetting>,
  only: ReadonlyMap<string, RuleSetting['severity'] | undefined>,
): void {
  for (const id of only.keys()) {
    if (!settings.has(id)) throw new UsageError(`--rule ${id}: unknown rule id (known: ${[...settings.keys()].join(', ')})`);
  }
  for (const [id, setting] of settings) {
    if (!only.has(id)) settings.set(id, { ...setting, severity: 'off' });
    else {
      const severity = only.get(id);
      const base = setting.severity === 'off' ? 'error' : setting.severity;
      settings.set(id, { ...setting, severity: severity ?? base });
    }
  }
}

/** The tsconfigs and, after each, the ones it references (solution-style configs). */
function withReferences(tsconfigs: readonly string[]): string[] {
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (tsconfig: string): void => {
    if (seen.has(tsconfig)) return;
    seen.add(tsconfig);
    ordered.push(tsconfig);
    let references: string[] = [];
    try {
      references = referencedTsconfigs(tsconfig);
    } catch {
      // The load that follows reports an unreadable tsconfig.
    }
    for (const ref of references) if (fs.existsSync(ref)) visit(ref);
  };
  for (const tsconfig of tsconfigs) visit(tsconfig);
  return ordered;
}

function loadLooseProgramSafely(
  files: string[],
  errors: ReportError[],
  cwd: string,
  onParseFailure: (fileName: string, error: unknown) => void,
  onSourceFile?: (files: number) => void,
): LoadedProgram | undefined {
  try {
    return loadLooseProgram(files, onParseFailure, onSourceFile);
  } catch (error) {
    errors.push({ file: reportPath(cwd, files[0]!), message: `cannot build a program for files outside any tsconfig: ${(error as Error).message}` });
    return undefined;
  }
}

function compareFindings(a: ReportFinding, b: ReportFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
