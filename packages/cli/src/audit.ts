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
import { PROGRAM_MODEL_TIMING } from '@statelint/core';
import { rules as allRules } from '@statelint/rules';
import type * as ts from 'typescript';
import { analyzeFileFromDisk, analyzeParsedFile, unparsable, type FileAnalysis, type FileOutcome } from './analyze-file.js';
import { applyBaseline, readBaseline, writeBaseline } from './baseline.js';
import { loadConfig, resolveRuleSettings } from './config.js';
import { discover } from './discover.js';
import { UsageError } from './errors.js';
import { analyzeInWorkers, threadCount } from './parallel.js';
import { isInside, reportPath, toPosix } from './paths.js';
import { loadLooseProgram, loadTsconfigProgram, referencedTsconfigs, type LoadedProgram } from './programs.js';
import type { AuditResult, PhaseTiming, ReportError, ReportFinding } from './report.js';
import { typescript } from './typescript.js';
import { typesLostNote } from './types-lost.js';
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
  /** `--explain`: attach the chain that made each finding apply. */
  explain?: boolean;
  /**
   * Worker threads for `--no-type-check` (`auto`: one per available core, at most 8; 1: none).
   * Typed runs use one thread: a second program per thread would double the memory.
   */
  concurrency?: number | 'auto';
  onProgress?: (done: number, total: number, label: string) => void;
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const { cwd } = options;
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

  const { config, source, baseDir } = time('config', () =>
    loadConfig(cwd, options.config, commonDirectory(cwd, options.paths)),
  );
  const settings = resolveRuleSettings(allRules, config, source ?? 'config');
  if (options.onlyRules !== undefined) applyRuleFilter(settings, options.onlyRules);
  const enabled = allRules.filter((rule) => settings.get(rule.id)?.severity !== 'off');
  const configured: ConfiguredRule[] = enabled.map((rule) => {
    const setting = settings.get(rule.id)!;
    return { rule, severity: setting.severity as 'error' | 'warn', options: setting.options };
  });

  for (const given of [...options.paths, ...options.projects]) {
    if (!isInside(cwd, path.resolve(cwd, given))) {
      throw new UsageError(`${given} is outside the working directory; run statelint from a directory that contains it`);
    }
  }
  const discovery = time(
    'discover',
    () =>
    discover({
      cwd,
      paths: options.paths,
      include: config.include,
      exclude: config.exclude,
      baseDir,
      findTsconfigs: options.typeCheck && options.projects.length === 0,
    }),
    (found) => found.files.length,
  );
  if (discovery.missing.length > 0 && discovery.missing.length === options.paths.length) {
    throw new UsageError(`no such file or directory: ${discovery.missing.join(', ')}`);
  }

  const errors: ReportError[] = discovery.errors.map((e) => ({ file: reportPath(cwd, e.path), message: e.message }));
  for (const missing of discovery.missing) errors.push({ file: toPosix(missing), message: 'no such file or directory' });
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
    options.onProgress?.(done.size, wanted.size, reportPath(cwd, file));
    findings.push(...outcome.findings);
    errors.push(...outcome.errors);
  };
  // TypeScript is loaded on first use: a parallel run never needs it in this thread.
  let analysis: FileAnalysis | undefined;
  const fileAnalysis = (): FileAnalysis =>
    (analysis ??= { ts: typescript(), cwd, rules: configured, ...(ruleTimings ? { timings: ruleTimings } : {}), ...(options.explain ? { explain: true } : {}) });
  const onParseFailure = (fileName: string, error: unknown): void => {
    parseFailures.set(toPosix(path.resolve(fileName)), unparsable(error));
  };
  const analyzeUntyped = (file: string): void => {
    const failure = parseFailures.get(file);
    if (failure !== undefined) take(file, { findings: [], errors: [{ file: reportPath(cwd, file), message: failure }] });
    else take(file, analyzeFileFromDisk(fileAnalysis(), file));
  };

  let typesLost: string | undefined;
  if (configured.length > 0 && wanted.size > 0) {
    if (options.typeCheck) {
      const tsconfigs = options.projects.length > 0 ? options.projects.map((p) => toPosix(path.resolve(cwd, p))) : discovery.tsconfigs;
      typesLost = typesLostNote(cwd, tsconfigs);
      for (const tsconfig of withReferences(tsconfigs)) {
        if ([...wanted].every((f) => done.has(f))) break;
        let loaded: LoadedProgram;
        try {
          loaded = time(
            `load ${reportPath(cwd, tsconfig)}`,
            () => loadTsconfigProgram(tsconfig, onParseFailure),
            (p) => p.program.getSourceFiles().length,
          );
        } catch (error) {
          errors.push({ file: reportPath(cwd, tsconfig), message: `cannot load tsconfig: ${(error as Error).message}` });
          continue;
        }
        programs++;
        const before = done.size;
        timeChecker(loaded.program, `type checker of ${reportPath(cwd, tsconfig)} (created on first use)`, timings);
        time(
          `analyze ${reportPath(cwd, tsconfig)}`,
          () => {
            for (const sf of loaded.program.getSourceFiles()) {
              const file = toPosix(sf.fileName);
              if (wanted.has(file) && !done.has(file)) take(file, analyzeParsedFile(fileAnalysis(), file, sf, loaded.program));
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
          () => loadLooseProgramSafely(loose, errors, cwd, onParseFailure),
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
                if (sf !== undefined) take(file, analyzeParsedFile(fileAnalysis(), file, sf, loaded.program));
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
      await timeAsync(
        threads > 1 ? `parse and analyze (${threads} threads)` : 'parse and analyze',
        async () => {
          const parallel =
            threads > 1 &&
            analyzeInWorkers({ cwd, files, rules: configured, threads, timings: ruleTimings, onFile: take, explain: options.explain === true });
          const left = parallel === false ? files.keys() : await parallel;
          if (parallel === false) threads = 1;
          for (const index of left) analyzeUntyped(files[index]!);
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
    for (const [ruleId, ms] of ruleTimings) {
      // The program model (entry points, module graph, call graph) is built inside the rules that first ask.
      const phase = ruleId === PROGRAM_MODEL_TIMING ? `program model, inside the rules above${suffix}` : `rule ${ruleId}${suffix}`;
      timings.push({ phase, ms, nested: true });
    }
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
      ...(typesLost !== undefined ? { typesLost } : {}),
    },
    rules: enabled.map((rule) => ({ rule, setting: settings.get(rule.id)! })),
    timings,
    peakMemoryMb: process.resourceUsage().maxRSS / 1024,
  };
}

const LOOSE_PROGRAM_MAX_BYTES = 1024 * 1024;

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
): LoadedProgram | undefined {
  try {
    return loadLooseProgram(files, onParseFailure);
  } catch (error) {
    errors.push({ file: reportPath(cwd, files[0]!), message: `cannot build a program for files outside any tsconfig: ${(error as Error).message}` });
    return undefined;
  }
}

function compareFindings(a: ReportFinding, b: ReportFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
