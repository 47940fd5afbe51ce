/**
 * An audit: discover files, load programs (typed) or parse files (untyped), run the engine on each
 * file once, and gather one report. Nothing here prints or exits; `main.ts` does that.
 *
 * Robustness: a file that cannot be read or parsed, a tsconfig that cannot be loaded, and a rule
 * that throws each become an entry under `errors`; the audit goes on with everything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSharedFacts, DEFAULT_MAX_FILE_BYTES, effectSummaryStats, PROGRAM_MODEL_TIMING, resetEffectSummaryStats, resetProgramModelMilliseconds, scopeProgramModel, type RuleSetting } from '@statelint/core';
import { crossChecks as allCrossChecks, manifestRules as allManifestRules, rules as allRules } from '@statelint/rules';
import { analyzeFileFromDisk, analyzeParsedFile, unparsable, type FileAnalysis, type FileOutcome } from './analyze-file.js';
import { AuditCache } from './cache.js';
import { applyBaseline, readBaseline, writeBaseline } from './baseline.js';
import { createConfigLookup, type ConfigScope } from './config-lookup.js';
import { suggestPath } from './did-you-mean.js';
import { discover } from './discover.js';
import { createIgnoreMatcher } from './gitignore.js';
import { auditDeployment } from './manifests.js';
import { checkTsconfigArguments } from './tsconfig-checks.js';
import { UsageError } from './errors.js';
import { analyzeInWorkers, threadCount } from './parallel.js';
import { isInside, reportPath, toPosix } from './paths.js';
import { referencedTsconfigs } from './programs.js';
import { repositoryRoot } from './repo-root.js';
import type { AuditResult, PerformanceCount, PhaseTiming, ReportError, ReportFinding } from './report.js';
import { compareErrors, compareFindings } from './report-order.js';
import { checkPathArgument, createFileAccess, describeRefused, scrubPaths, type FileAccess } from './safe-fs.js';
import { selectShard, unitsByPackage, type Shard } from './shard.js';
import { runTypedAudit, type ProgramStats, type TypedUnit } from './typed-audit.js';
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
  /** `--report-unused-disable-directives`: report disable comments that suppress nothing, at this severity. */
  unusedDirectives?: 'error' | 'warn';
  /**
   * Worker threads for `--no-type-check` (`auto`: one per available core, at most 8; 1: none).
   * Typed runs use one thread: a second program per thread would double the memory.
   */
  concurrency?: number | 'auto';
  /** `--max-file-size`: files larger than this many bytes are skipped (default: the config's, else 10 MB). */
  maxFileSize?: number;
  onProgress?: (done: number, total: number, label: string) => void;
  /** While a program loads: the source files it has read so far, and the program (a tsconfig). */
  onLoadProgress?: (files: number, label: string) => void;
  /** `--ignore-path`: more files of gitignore patterns. */
  ignorePaths?: readonly string[];
  /** Warnings for the user (stderr), each said once. */
  onWarning?: (message: string) => void;
  /** `--cache`: keep each file's outcome between runs (`location`: `--cache-location`). */
  cache?: { location: string | undefined };
  /** `--shard k/n`: audit one deterministic share, by program (typed) or package. */
  shard?: Shard;
  /** `--manifests <file|->`: rendered Kubernetes YAML to read as well. */
  manifests?: string;
  /** Reads stdin for `--manifests -` (tests pass their own). */
  readStdin?: () => string;
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

  // Path arguments must stay inside the tree, through links too (safe-fs.ts).
  // Report paths, config lookup and the engine's root are anchored at the repository root too, so
  // the same files give the same report from any working directory inside it.
  const root = repositoryRoot(cwd);
  // The program model reads the audited paths, not the whole repository (`audit packages/api`).
  const modelScope = options.paths.length === 0 ? undefined : options.paths.map((p) => path.resolve(cwd, p));
  scopeProgramModel(root, modelScope);
  const warned = new Set<string>();
  const warn = (message: string): void => {
    if (!warned.has(message)) options.onWarning?.(message);
    warned.add(message);
  };
  for (const given of options.paths) checkPathArgument({ cwd, boundary: cwd, given });
  // A mistyped -p is a usage error with "did you mean"; a directory stands for its tsconfig.json.
  for (const given of options.projects) checkPathArgument({ cwd, boundary: cwd, given, label: `-p ${given}` });
  const projects = checkTsconfigArguments(cwd, options.projects);
  for (const [i, given] of options.projects.entries()) checkPathArgument({ cwd, boundary: cwd, given: projects[i]!, label: `-p ${given}`, directories: false });
  if (options.config !== undefined) checkPathArgument({ cwd, boundary: root, given: options.config, label: `-c ${options.config}`, directories: false });
  if (options.baseline !== undefined) checkPathArgument({ cwd, boundary: root, given: options.baseline, label: `--baseline ${options.baseline}`, directories: false });

  // Each file gets the nearest config up to the repository root (config-lookup.ts); the config of
  // the audited paths is read first, so that a bad one is a usage error up front, and it sets the
  // file size cap.
  const configs = createConfigLookup({
    cwd,
    root,
    explicit: options.config,
    rules: allRules,
    alsoKnown: [...allManifestRules, ...allCrossChecks],
    // Where the audited paths are, an unreadable manifest is an error; deeper, it is no manifest.
    strict: (dir) => isInside(dir, commonDirectory(cwd, options.paths)),
    ...(options.onlyRules !== undefined ? { adjust: (settings: Map<string, RuleSetting>) => applyRuleFilter(settings, options.onlyRules!) } : {}),
  });
  const { config } = time('config', () => configs.forDirectory(commonDirectory(cwd, options.paths)).loaded);
  const scopeOf = (file: string): ConfigScope => configs.forDirectory(path.dirname(file));
  const access = createFileAccess(root, options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES);
  const ignored = createIgnoreMatcher(root, options.ignorePaths ?? [], cwd);
  // Deployment files and cross-checks follow the config of the audited paths.
  const topScope = configs.forDirectory(commonDirectory(cwd, options.paths));
  const configuredOf = <R extends { id: string }>(list: readonly R[]) =>
    list
      .filter((rule) => topScope.settings.get(rule.id)?.severity !== 'off')
      .map((rule) => ({ rule, severity: topScope.settings.get(rule.id)!.severity as 'error' | 'warn', options: topScope.settings.get(rule.id)!.options }));
  const manifestRules = configuredOf(allManifestRules);
  const crossChecks = configuredOf(allCrossChecks);

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
        const { config: governing, baseDir } = configs.forDirectory(dir).loaded;
        return { include: governing.include, exclude: governing.exclude, baseDir };
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
  for (const missing of discovery.missing) warn(`no such file or directory: ${withSuggestion(missing)}`);

  const errors: ReportError[] = discovery.errors.map((e) => ({ file: reportPath(root, e.path), message: e.message }));
  for (const missing of discovery.missing) errors.push({ file: reportPath(root, path.resolve(cwd, missing)), message: 'no such file or directory' });
  // Files whose config turns every rule off are not analysed at all.
  discovery.files = discovery.files.filter((file) => scopeOf(file).configured.length > 0);
  const findings: ReportFinding[] = [];
  const ruleTimings = options.performance ? new Map<string, number>() : undefined;
  if (ruleTimings) {
    resetProgramModelMilliseconds();
    resetEffectSummaryStats();
  }
  const wanted = new Set(discovery.files);
  const done = new Set<string>();
  /** Files the parser threw on while building a program: reported once, never retried. */
  const parseFailures = new Map<string, string>();
  let programs = 0;
  let programStats: ProgramStats | undefined;
  let threads = 1;
  const codeFacts = crossChecks.length > 0 && (discovery.manifests.length > 0 || options.manifests !== undefined);
  const codeFactsOf: { file: string; facts: NonNullable<FileOutcome['codeFacts']> }[] = [];

  let analysedFiles = 0;
  let cachedFiles = 0;
  const cache =
    options.cache === undefined
      ? undefined
      : new AuditCache({
          cwd,
          access,
          location: options.cache.location,
          typed: options.typeCheck,
          // Every config in use (config-lookup.ts): a change to any of them invalidates the cache.
          key: {
            version: toolVersion(),
            maxBytes: access.maxBytes,
            rules: configs.scopes().map((scope) => [scope.key, scope.configured.map((c) => [c.rule.id, c.severity, c.options ?? null])]),
            // Code facts for the cross-checks are part of a file's outcome only when the run has deployment files.
            codeFacts,
            unusedDirectives: options.unusedDirectives ?? null,
          },
        });
  const take = (file: string, outcome: FileOutcome, cached = false): void => {
    if (cached) cachedFiles++;
    else {
      analysedFiles++;
      cache?.store(file, outcome);
    }
    done.add(file);
    options.onProgress?.(done.size, wanted.size, reportPath(root, file));
    findings.push(...outcome.findings);
    errors.push(...outcome.errors);
    if (outcome.codeFacts !== undefined) codeFactsOf.push({ file, facts: outcome.codeFacts });
  };
  // TypeScript is loaded on first use: a parallel run never needs it in this thread.
  const analyses = new Map<string, FileAnalysis>();
  const sharedFacts = createSharedFacts();
  /** The analysis of a file: the rules of the config that governs it. */
  const fileAnalysis = (file: string): FileAnalysis => {
    const scope = scopeOf(file);
    let analysis = analyses.get(scope.key);
    if (analysis === undefined) {
      analysis = { ts: typescript(), cwd: root, access, rules: scope.configured, sharedFacts, ...(ruleTimings ? { timings: ruleTimings } : {}), ...(codeFacts ? { codeFacts } : {}), ...(options.explain ? { explain: true } : {}), ...(options.unusedDirectives ? { unusedDirectives: options.unusedDirectives } : {}) };
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

  let typesLost: string | undefined;
  if (wanted.size > 0) {
    if (options.typeCheck) {
      const tsconfigs = projects.length > 0 ? projects : discovery.tsconfigs;
      typesLost = typesLostNote(cwd, tsconfigs);
      programStats = runTypedAudit({
        cwd: root,
        onWarning: warn,
        tsconfigs: withReferences(tsconfigs, access),
        access,
        wanted,
        errors,
        timings,
        time,
        analysis: fileAnalysis,
        take,
        onParseFailure,
        parseFailures,
        analyzeUntyped,
        ...(options.onLoadProgress ? { onLoadProgress: options.onLoadProgress } : {}),
        ...(cache ? { cache } : {}),
        ...(options.shard ? { select: (units: TypedUnit[]) => selectShard(units, options.shard!) } : {}),
      });
      programs = programStats.programsLoaded;
    } else {
      if (options.shard !== undefined) {
        const chosen = new Set(selectShard(unitsByPackage(toPosix(path.resolve(cwd)), [...wanted], (dir) => reportPath(root, dir)), options.shard).flatMap((u) => u.files));
        for (const file of [...wanted]) if (!chosen.has(file)) wanted.delete(file);
      }
      cache?.begin([...wanted]);
      const files = [...wanted].filter((file) => {
        const outcome = cache?.lookup(file);
        if (outcome !== undefined) take(file, outcome, true);
        return outcome === undefined;
      });
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
              analyzeInWorkers({ cwd: root, access, files: group, rules: scopeOf(group[0]!).configured, threads: groupThreads, timings: ruleTimings, codeFacts, onFile: take, explain: options.explain === true, ...(options.unusedDirectives ? { unusedDirectives: options.unusedDirectives } : {}), ...(modelScope ? { modelScope } : {}) });
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
    for (const [ruleId, ms] of ruleTimings) {
      // The program model (entry points, module graph, call graph) is built inside the rules that first ask.
      const phase = ruleId === PROGRAM_MODEL_TIMING ? `program model (within rules)${suffix}` : `rule ${ruleId}${suffix}`;
      timings.push({ phase, ms, nested: true });
    }
    // Part of the rules' time: the effect summaries they asked for (this thread only).
    const effects = effectSummaryStats();
    if (effects.functions > 0) timings.push({ phase: `effect summaries (within rules; ${effects.functions} functions)`, ms: effects.ms, nested: true });
  }

  let deploymentFiles = 0;
  // Only a run with deployment files reads them, times them and lists their rules (SARIF): a code-only
  // run is what it was before deployment files existed. Under --shard, deployment files go to the
  // first shard only (each shard would report them alike).
  const deploymentShard = options.shard === undefined || options.shard.index === 1;
  const deploymentRun =
    deploymentShard && (manifestRules.length > 0 || crossChecks.length > 0) && (discovery.manifests.length > 0 || options.manifests !== undefined);
  if (deploymentRun) {
    const deployment = time(
      'deployment files',
      () =>
        auditDeployment({
          cwd,
          root,
          access,
          files: discovery.manifests,
          extra: options.manifests,
          ...(options.readStdin ? { readStdin: options.readStdin } : {}),
          manifestRules,
          crossChecks,
          code: codeFactsOf,
          codeFindings: findings,
        }),
      (d) => d.filesScanned,
    );
    findings.push(...deployment.findings);
    errors.push(...deployment.errors);
    deploymentFiles = deployment.filesScanned;
  }

  findings.sort(compareFindings);
  for (const error of errors) error.message = scrubPaths(error.message, cwd, root);
  errors.sort(compareErrors);
  let cacheWarning: string | undefined;
  try {
    cache?.save();
  } catch (error) {
    cacheWarning = `the cache was not written: ${(error as Error).message}`;
  }

  let reported = findings;
  let baselined = 0;
  let staleBaseline = 0;
  if (options.baseline !== undefined) {
    const baselineFile = path.resolve(cwd, options.baseline);
    if (options.updateBaseline) {
      writeBaseline({ file: baselineFile, label: options.baseline, trees: [cwd, root] }, findings);
      baselined = findings.length;
      reported = [];
    } else {
      const applied = applyBaseline(findings, readBaseline(access, baselineFile, options.baseline));
      reported = applied.fresh;
      baselined = applied.baselined;
      staleBaseline = applied.stale;
    }
  }

  return {
    report: {
      version: 1,
      tool: { name: 'statelint', version: toolVersion() },
      filesScanned: wanted.size + deploymentFiles,
      findings: reported,
      errors,
    },
    summary: {
      filesScanned: wanted.size + deploymentFiles,
      typed: options.typeCheck,
      programs,
      skipped: discovery.skipped,
      baselined,
      staleBaseline,
      ...(typesLost !== undefined ? { typesLost } : {}),
      refused: describeRefused(access, cwd),
    },
    rules: [
      ...rulesThatRan(configs.scopes()),
      ...(deploymentRun ? [...manifestRules, ...crossChecks].map(({ rule }) => ({ rule, setting: topScope.settings.get(rule.id)! })) : []),
    ],
    root,
    timings,
    counts: auditCounts(programStats, analysedFiles, cachedFiles),
    ...(cacheWarning || cache?.note ? { cacheNote: cacheWarning ?? cache?.note } : {}),
    peakMemoryMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Every rule some config turned on, with the setting of the first config that did. */
function rulesThatRan(scopes: readonly ConfigScope[]): AuditResult['rules'] {
  const seen = new Map<string, AuditResult['rules'][number]>();
  for (const scope of scopes) {
    for (const { rule } of scope.configured) if (!seen.has(rule.id)) seen.set(rule.id, { rule, setting: scope.settings.get(rule.id)! });
  }
  return allRules.filter((rule) => seen.has(rule.id)).map((rule) => seen.get(rule.id)!);
}

/** What `--performance` prints under the phases: what was loaded, analysed and reused. */
function auditCounts(stats: ProgramStats | undefined, analysed: number, cached: number): PerformanceCount[] {
  const counts: PerformanceCount[] = [];
  if (stats !== undefined) {
    counts.push({ name: 'tsconfigs found', value: stats.tsconfigs });
    counts.push({ name: 'tsconfigs owning no audited file (not loaded)', value: stats.tsconfigsUnused });
    counts.push({ name: 'programs loaded', value: stats.programsLoaded });
    counts.push({ name: 'source files shared between programs', value: stats.sourceFilesShared });
  }
  counts.push({ name: 'files analysed', value: analysed });
  counts.push({ name: 'files from the cache', value: cached });
  return counts;
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
function withReferences(tsconfigs: readonly string[], access: FileAccess): string[] {
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (tsconfig: string): void => {
    if (seen.has(tsconfig)) return;
    seen.add(tsconfig);
    ordered.push(tsconfig);
    let references: string[] = [];
    try {
      references = referencedTsconfigs(tsconfig, access);
    } catch {
      // The load that follows reports an unreadable tsconfig.
    }
    for (const ref of references) visit(ref);
  };
  for (const tsconfig of tsconfigs) visit(tsconfig);
  return ordered;
}
