/**
 * The typed part of an audit: plan which tsconfig owns each file (ownership.ts), load only the
 * programs that own a file still to analyse, one at a time, sharing source files between them
 * (programs.ts), and analyse each file once, with its owner's program. Files no tsconfig lists are
 * analysed in one program per package (`allowJs`, Node-style resolution); very large ones and files
 * a program refused are analysed alone, without types.
 *
 * Units (a tsconfig's files, or a package's unlisted files) are what `--shard` splits and what
 * `--cache` skips: a unit whose files all come from the cache loads no program.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as ts from 'typescript';
import { analyzeParsedFile, type FileAnalysis, type FileOutcome } from './analyze-file.js';
import type { AuditCache } from './cache.js';
import { directImports } from './dependencies.js';
import { planOwnership } from './ownership.js';
import { reportPath, toPosix } from './paths.js';
import { typescript } from './typescript.js';
import {
  loadLooseProgram,
  loadTsconfigProgram,
  parseTsconfig,
  SharedSourceFiles,
  type LoadedProgram,
  type ParseFailureHandler,
} from './programs.js';
import type { PhaseTiming, ReportError } from './report.js';
import type { FileAccess } from './safe-fs.js';
import { unitsByPackage, type AuditUnit } from './shard.js';

export interface TypedUnit extends AuditUnit {
  /** Undefined: files no tsconfig lists, in one program of their own. */
  tsconfig: string | undefined;
  parsed?: ts.ParsedCommandLine;
  roots: ReadonlySet<string>;
}

/** Counts for `--performance`. */
export interface ProgramStats {
  tsconfigs: number;
  /** Tsconfigs that own no audited file (not loaded). */
  tsconfigsUnused: number;
  programsLoaded: number;
  /** Units whose every file came from the cache (no program loaded). */
  unitsFromCache: number;
  /** Source files a program got from another program instead of parsing them again. */
  sourceFilesShared: number;
}

export interface TypedAuditContext {
  cwd: string;
  /** In the audit's order (discovered, sorted, each followed by its references). */
  tsconfigs: readonly string[];
  /** Every read goes through it (safe-fs.ts). */
  access: FileAccess;
  /** Files outside the selected shard are removed from it. */
  wanted: Set<string>;
  errors: ReportError[];
  timings: PhaseTiming[];
  time<T>(phase: string, work: () => T, files?: (result: T) => number): T;
  /** The analysis of a file: the rules of the config that governs it (config-lookup.ts). */
  analysis(file: string): FileAnalysis;
  /** Warnings for the user (a tsconfig extending a package that is not installed). */
  onWarning?: (message: string) => void;
  take(file: string, outcome: FileOutcome, cached?: boolean): void;
  /** `--cache`: a unit none of whose files is stale loads no program. */
  cache?: AuditCache;
  /** The units to audit (`--shard`); default all. */
  select?(units: TypedUnit[]): TypedUnit[];
  onParseFailure: ParseFailureHandler;
  /** Files the parser threw on while building a program. */
  parseFailures: ReadonlyMap<string, string>;
  /** Analyses a file alone, without types. */
  analyzeUntyped(file: string): void;
  /** While a unit's program loads: the source files it has read so far (progress.ts). */
  onLoadProgress?(files: number, label: string): void;
}

const LOOSE_PROGRAM_MAX_BYTES = 1024 * 1024;

/** Plans the units (no program is built). */
export function typedUnits(ctx: Pick<TypedAuditContext, 'cwd' | 'tsconfigs' | 'errors' | 'time' | 'access' | 'onWarning'> & { wanted: ReadonlySet<string> }): { units: TypedUnit[]; tsconfigs: number; unused: number } {
  const ownership = ctx.time('plan tsconfig ownership', () =>
    planOwnership(ctx.tsconfigs, ctx.wanted, (tsconfig) => parseTsconfig(tsconfig, ctx.access, (warning) => ctx.onWarning?.(`${reportPath(ctx.cwd, tsconfig)}: ${warning}`)), (f) => toPosix(path.resolve(f))),
  );
  for (const { tsconfig, message } of ownership.failed) {
    ctx.errors.push({ file: reportPath(ctx.cwd, tsconfig), message: `cannot load tsconfig: ${message}` });
  }
  const units: TypedUnit[] = ownership.plans.map((p) => ({
    id: reportPath(ctx.cwd, p.tsconfig),
    tsconfig: p.tsconfig,
    parsed: p.parsed,
    files: p.owned,
    roots: p.roots,
  }));
  const owned = new Set(units.flatMap((u) => u.files));
  const rest = [...ctx.wanted].filter((f) => !owned.has(f)).sort();
  for (const group of unitsByPackage(toPosix(path.resolve(ctx.cwd)), rest, (dir) => `${reportPath(ctx.cwd, dir)} (files outside any tsconfig)`)) {
    units.push({ ...group, tsconfig: undefined, roots: new Set(group.files) });
  }
  return { units, tsconfigs: ctx.tsconfigs.length - ownership.failed.length, unused: ownership.unused.length };
}

export function runTypedAudit(ctx: TypedAuditContext): ProgramStats {
  const planned = typedUnits(ctx);
  const units = ctx.select ? ctx.select(planned.units) : planned.units;
  if (units.length !== planned.units.length) {
    const kept = new Set(units.flatMap((u) => u.files));
    for (const file of [...ctx.wanted]) if (!kept.has(file)) ctx.wanted.delete(file);
  }
  ctx.cache?.begin(
    units.flatMap((u) => u.files),
    units.map((u) => [u.id, u.parsed?.options ?? null]),
  );
  const shared = new SharedSourceFiles();
  const stats: ProgramStats = {
    tsconfigs: planned.tsconfigs,
    tsconfigsUnused: planned.unused,
    programsLoaded: 0,
    unitsFromCache: 0,
    sourceFilesShared: 0,
  };
  const done = new Set<string>();
  const take = (file: string, outcome: FileOutcome): void => {
    done.add(file);
    ctx.take(file, outcome);
  };

  units.forEach((unit, i) => {
    const cache = ctx.cache;
    const fromCache = (file: string): boolean => {
      const outcome = cache?.lookup(file);
      if (outcome === undefined) return false;
      done.add(file);
      ctx.take(file, outcome, true);
      return true;
    };
    if (cache !== undefined && unit.files.every((f) => !cache.isStale(f))) {
      for (const file of unit.files) fromCache(file);
      stats.unitsFromCache++;
      return;
    }
    const todo = new Set(unit.files.filter((f) => !ctx.parseFailures.has(f)));
    const label = unit.id;
    const onLoadProgress = ctx.onLoadProgress === undefined ? undefined : (files: number) => ctx.onLoadProgress!(files, label);
    let loaded: LoadedProgram | undefined;
    if (unit.tsconfig !== undefined) {
      try {
        loaded = ctx.time(
          `load ${label}`,
          () => loadTsconfigProgram(unit.tsconfig!, ctx.access, ctx.onParseFailure, shared, unit.parsed, onLoadProgress),
          (p) => p.program.getSourceFiles().length,
        );
      } catch (error) {
        ctx.errors.push({ file: label, message: `cannot load tsconfig: ${(error as Error).message}` });
      }
    } else {
      // Very large files no tsconfig covers are bundles or generated code: TypeScript's program
      // construction is quadratic on them (its search for require() calls restarts at the root for
      // each one; a 5 MB bundle takes minutes), and types add nothing there. They are analysed
      // alone, like files no program accepts.
      const loose = [...todo].filter((f) => fileSize(f) <= LOOSE_PROGRAM_MAX_BYTES);
      if (loose.length > 0) {
        try {
          loaded = ctx.time(`load ${label}`, () => loadLooseProgram(loose, ctx.access, ctx.onParseFailure, shared, onLoadProgress), (p) => p.program.getSourceFiles().length);
        } catch (error) {
          ctx.errors.push({
            file: reportPath(ctx.cwd, loose[0]!),
            message: `cannot build a program for files outside any tsconfig: ${(error as Error).message}`,
          });
        }
      }
    }
    if (loaded !== undefined) {
      stats.programsLoaded++;
      const program = loaded.program;
      if (cache !== undefined) {
        const tsm = typescript();
        for (const file of unit.files) {
          const sf = program.getSourceFile(file);
          if (sf !== undefined) cache.newImports(file, directImports(tsm, program, sf));
        }
        for (const file of todo) if (fromCache(file)) todo.delete(file);
      }
      timeChecker(program, `type checker of ${label} (created on first use)`, ctx.timings);
      const before = done.size;
      ctx.time(
        `analyze ${label}`,
        () => {
          for (const file of unit.files) {
            if (!todo.has(file) || done.has(file)) continue;
            const sf = program.getSourceFile(file);
            if (sf !== undefined) take(file, analyzeParsedFile(ctx.analysis(file), file, sf, program));
          }
        },
        () => done.size - before,
      );
    }
    // Keep shared source files only while a program still to come lists them.
    const later = units.slice(i + 1);
    shared.release((fileName) => !ctx.wanted.has(fileName) || later.some((u) => u.roots.has(fileName)));
  });
  stats.sourceFilesShared = shared.reused;

  // Anything still not analysed (a program refused it, or it is too large): alone, without types.
  const rest = units.flatMap((u) => u.files).filter((f) => !done.has(f));
  if (rest.length > 0) ctx.time('parse and analyze files without a program', () => rest.forEach((f) => ctx.analyzeUntyped(f)), () => rest.length);
  return stats;
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
