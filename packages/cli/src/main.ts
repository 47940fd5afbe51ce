/**
 * The command line: `statelint audit [paths...]`. Parses flags, runs the audit, prints the report
 * and a one-line summary (on stderr, so stdout stays a clean report), and returns the exit code:
 * 0 no error findings, 1 error findings or too many warnings, 2 usage, config or internal failure.
 */
import path from 'node:path';
import { presetSetting } from '@statelint/core';
import { crossChecks, manifestRules, rules as codeRules } from '@statelint/rules';

const allRules = [...codeRules, ...manifestRules, ...crossChecks];
import { Command, CommanderError, Option } from 'commander';
import { runAudit, type AuditOptions } from './audit.js';
import { DEFAULT_CACHE_LOCATION } from './cache.js';
import { parseSeverity } from './config.js';
import { init } from './commands/init.js';
import { printConfig } from './commands/print-config.js';
import { INTERNAL_ERROR, UsageError } from './errors.js';
import { parseByteSize } from './file-size.js';
import { FORMATS, format, type FormatName } from './formatters/index.js';
import { mergeReports } from './merge.js';
import { createProgress } from './progress.js';
import { parseShard } from './shard.js';
import type { AuditResult } from './report.js';
import { formatSummary, formatTimings } from './summary.js';
import { repositoryRoot } from './repo-root.js';
import { guardStdio } from './stdio.js';
import { toolVersion } from './version.js';
import { writeFileAtomic } from './write-atomic.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** stdout is a terminal (colors, stylish rows wrapped to `columns`). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** stderr is a terminal: progress is drawn there, and only then (progress.ts). */
  stderrIsTTY?: boolean;
  /** The terminal's width when stdout is one. */
  columns?: number;
  /** The clock progress reads (tests pass their own). */
  now?: () => number;
}

const defaultIo = (): Io => ({
  ...guardStdio(),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  stderrIsTTY: Boolean(process.stderr.isTTY),
  ...(process.stdout.isTTY && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
});

interface AuditFlags {
  format: FormatName;
  output?: string;
  project: string[];
  config?: string;
  typeCheck: boolean;
  baseline?: string;
  updateBaseline?: boolean;
  rule: string[];
  maxWarnings?: string;
  performance?: boolean;
  explain?: boolean;
  concurrency?: string;
  color?: boolean;
  ignorePath: string[];
  cache?: boolean;
  cacheLocation?: string;
  shard?: string;
  maxFileSize?: string;
  debug?: boolean;
  manifests?: string;
  reportUnusedDisableDirectives?: boolean;
  reportUnusedDisableDirectivesSeverity?: string;
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('statelint')
    .description('Find what keeps a Node.js / TypeScript service from scaling horizontally.')
    .version(toolVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run statelint --help for usage)');

  program
    .command('audit')
    .description('audit files and directories (default: the working directory)')
    .argument('[paths...]', 'files or directories to audit', ['.'])
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-p, --project <tsconfig>', 'tsconfig to load (repeatable); default: discover them', collect, [])
    .option('-c, --config <file>', 'config file (default: statelint.config.json, else package.json "statelint")')
    .option('--no-type-check', 'syntactic analysis only (faster, less precise)')
    .option('--baseline <file>', 'report only findings that are not in this baseline')
    .option('--update-baseline', 'write the current findings to the baseline file')
    .option('--rule <id[=severity]>', 'run only this rule (repeatable), optionally at a severity', collect, [])
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--performance', 'print time per phase and per rule (stderr)')
    .option('--explain', 'print, under each finding, the chain that made it apply (entry point → … → the code); JSON and SARIF carry it as trace')
    .option('--concurrency <n|auto|off>', 'worker threads for --no-type-check (default: auto, one per core)')
    .option('--no-color', 'no colors in the stylish report')
    .option('--ignore-path <file>', 'more gitignore-style patterns to skip (repeatable; .gitignore files are always read)', collect, [])
    .option('--cache', 're-analyse only the files that changed, or whose imports or importers changed')
    .option('--cache-location <dir>', `where --cache keeps its files (default: ${DEFAULT_CACHE_LOCATION})`)
    .option('--shard <k/n>', 'audit one deterministic share of the programs/packages (join the reports with statelint merge)')
    .option('--max-file-size <size>', 'skip files larger than this (bytes, or with KB/MB; default 10MB)')
    .option('--report-unused-disable-directives', 'report statelint-disable comments (and eslint-disable comments naming statelint rules) that suppress nothing, as errors')
    .option('--report-unused-disable-directives-severity <level>', 'the same, at this severity: off, warn or error (0, 1, 2)')
    .option('--debug', 'print stack traces of internal and output errors')
    .option('--manifests <file|->', 'also read rendered Kubernetes YAML (helm template output) from a file or stdin (-)')
    .action(async (paths: string[], flags: AuditFlags) => {
      exitCode = await audit(paths, flags, io);
    });

  program
    .command('merge')
    .description('join the JSON or SARIF reports of --shard runs into the report of a single run')
    .argument('<reports...>', 'report files, all JSON or all SARIF')
    .option('-o, --output <file>', 'write the merged report to a file instead of stdout')
    .action((reports: string[], flags: { output?: string }) => {
      exitCode = merge(reports, flags, io);
    });

  program
    .command('rules')
    .description('list the rules with their recommended severity')
    .action(() => {
      for (const rule of allRules) {
        const severity = presetSetting(rule, 'recommended').severity;
        io.stdout(`${rule.id.padEnd(28)} ${String(severity).padEnd(6)} ${rule.meta.docs.description}\n`);
      }
    });

  program
    .command('init')
    .description('write statelint.config.json, and show (or with --write add) the lines for eslint.config.*')
    .option('--write', 'also add statelint to the ESLint flat config file')
    .action((flags: { write?: boolean }) => {
      exitCode = usage(io, () => {
        for (const line of init(io.cwd, { write: flags.write === true }).lines) io.stdout(`${line}\n`);
      });
    });

  program
    .command('print-config')
    .description("the effective rules, options and code kind for one file (JSON)")
    .argument('<file>', 'the file')
    .option('-c, --config <file>', 'config file (default: the nearest one, as audit finds it)')
    .action((file: string, flags: { config?: string }) => {
      exitCode = usage(io, () => io.stdout(`${JSON.stringify(printConfig(io.cwd, file, flags.config), null, 2)}\n`));
    });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; every real parse error is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}

/**
 * Colors as chalk decides them: FORCE_COLOR (any value but 0 / false) turns them on even when
 * stdout is not a terminal (CI logs), NO_COLOR or FORCE_COLOR=0 turns them off; else a TTY has them.
 */
function colorFromEnvironment(io: Io): boolean {
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return io.isTTY && !io.env['NO_COLOR'];
}

/** Runs a command; a UsageError is exit 2 with its message. */
function usage(io: Io, work: () => void): number {
  try {
    work();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`statelint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function merge(reports: string[], flags: { output?: string }, io: Io): number {
  try {
    const merged = mergeReports(io.cwd, reports);
    if (flags.output !== undefined) {
      writeFileAtomic({ file: path.resolve(io.cwd, flags.output), label: flags.output, trees: [io.cwd, repositoryRoot(io.cwd)] }, merged.text);
    }
    else io.stdout(merged.text);
    return exitCodeOf(merged.result, {}, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`statelint: ${error.message}\n`);
      return 2;
    }
    io.stderr(`statelint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function audit(paths: string[], flags: AuditFlags, io: Io): Promise<number> {
  try {
    const options = toAuditOptions(paths, flags, io);
    // Progress goes to stderr, only when it is a terminal: never into stdout, a report file or a CI log.
    const progress = createProgress(io.stderrIsTTY === true, io.stderr, io.now);
    let result: AuditResult;
    try {
      result = await runAudit({ ...options, onProgress: progress.update, onLoadProgress: progress.loading });
    } finally {
      progress.done();
    }
    const color = flags.color !== false && flags.output === undefined && colorFromEnvironment(io);
    // Stylish rows wrap to the terminal's width; a report file or a pipe keeps one row per finding.
    const width = flags.output === undefined && io.isTTY ? io.columns : undefined;
    const text = format(flags.format, result, { color, explain: flags.explain === true, ...(width !== undefined ? { width } : {}) });
    if (flags.output !== undefined) {
      writeFileAtomic({ file: path.resolve(io.cwd, flags.output), label: flags.output, trees: [io.cwd, repositoryRoot(io.cwd)] }, text);
    } else if (text.length > 0) {
      io.stdout(text);
    }
    io.stderr(formatSummary(result, { baselineFile: options.baseline, updated: options.updateBaseline }));
    if (result.cacheNote !== undefined) io.stderr(`statelint: ${result.cacheNote}\n`);
    if (flags.performance) io.stderr(formatTimings(result.timings, result.peakMemoryMb, result.counts));
    return exitCodeOf(result, flags, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`statelint: ${error.message}\n${flags.debug && error.stack ? `${error.stack}\n` : ''}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    const stack = flags.debug && error instanceof Error && error.stack ? `\n${error.stack}` : ' (run with --debug for the stack trace)';
    io.stderr(`statelint: internal error: ${message}${stack}\n`);
    return 2;
  }
}

function toAuditOptions(paths: string[], flags: AuditFlags, io: Io): AuditOptions {
  let onlyRules: Map<string, 'error' | 'warn' | 'off' | undefined> | undefined;
  if (flags.rule.length > 0) {
    onlyRules = new Map();
    for (const entry of flags.rule) {
      const [id, severity] = entry.split('=', 2) as [string, string | undefined];
      const bare = id.startsWith('statelint/') ? id.slice('statelint/'.length) : id;
      onlyRules.set(bare, severity === undefined ? undefined : parseSeverity(severity, `--rule ${entry}`));
    }
  }
  if (flags.maxWarnings !== undefined && !/^\d+$/.test(flags.maxWarnings)) {
    throw new UsageError(`--max-warnings must be a non-negative integer (got ${JSON.stringify(flags.maxWarnings)})`);
  }
  const concurrency = parseConcurrency(flags.concurrency);
  // As ESLint: the flag reports them as errors; the -severity flag chooses (and wins).
  let unusedDirectives: 'error' | 'warn' | 'off' = flags.reportUnusedDisableDirectives ? 'error' : 'off';
  if (flags.reportUnusedDisableDirectivesSeverity !== undefined) {
    unusedDirectives = parseSeverity(flags.reportUnusedDisableDirectivesSeverity, '--report-unused-disable-directives-severity');
  }
  return {
    ...(unusedDirectives !== 'off' ? { unusedDirectives } : {}),
    cwd: io.cwd,
    paths: paths.length > 0 ? paths : ['.'],
    projects: flags.project,
    config: flags.config,
    typeCheck: flags.typeCheck,
    onlyRules,
    baseline: flags.baseline ?? (flags.updateBaseline ? 'statelint-baseline.json' : undefined),
    updateBaseline: flags.updateBaseline === true,
    performance: flags.performance === true,
    explain: flags.explain === true,
    concurrency,
    ignorePaths: flags.ignorePath,
    onWarning: (message) => io.stderr(`statelint: warning: ${message}\n`),
    ...(flags.cache ? { cache: { location: flags.cacheLocation } } : {}),
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
    ...(flags.maxFileSize !== undefined ? { maxFileSize: parseByteSize(flags.maxFileSize, '--max-file-size') } : {}),
    ...(flags.manifests !== undefined ? { manifests: flags.manifests } : {}),
  };
}

function parseConcurrency(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 1;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new UsageError(`--concurrency must be a positive integer, auto or off (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

function exitCodeOf(result: AuditResult, flags: Pick<AuditFlags, 'maxWarnings'>, io: Io): number {
  const { findings, errors } = result.report;
  const internal = (e: (typeof errors)[number]): boolean => e.ruleId !== undefined || e.message.startsWith(INTERNAL_ERROR);
  if (errors.some((e) => internal(e) || e.message === 'no such file or directory')) return 2;
  if (findings.some((f) => f.severity === 'error')) return 1;
  const warnings = findings.length;
  if (flags.maxWarnings !== undefined && warnings > Number(flags.maxWarnings)) {
    io.stderr(`statelint: too many warnings (${warnings}); the maximum is ${flags.maxWarnings}\n`);
    return 1;
  }
  return 0;
}
