/**
 * `pnpm bench`: statelint side by side with the tools users already run, on generated service code
 * at 1k, 5k and 20k files (or on a repository given with --repo), with medians of several runs,
 * min–max, wall time and peak memory, the ratios against the targets of issue 9, and a JSON file.
 *
 *   pnpm bench                         the default plan (about 6 minutes on 2 cores)
 *   pnpm bench -- --repo <dir>         every tool on a real repository (--runs, default 3)
 *   pnpm bench -- --sizes 1000 --runs 5 --full --json out.json
 *   pnpm bench -- --write-readme       also put the table into README.md (between its markers)
 *   pnpm bench -- --quick              every comparison once, on smaller corpora (a shared machine)
 *   pnpm bench -- --tools scale,layout only the cache/shard scenario and the tsconfig layouts
 *
 * Every measured tool runs in its own process (`node --require bench/tools/probe.cjs …`), one after
 * the other, rounds interleaved so that drift hits every tool alike. Wall time is measured here,
 * from spawn to exit (process start-up included, as users see it); peak memory is the process's
 * own maxRSS (getrusage, all threads).
 *
 * The default plan measures what each target needs and no more, so that it ends in under ten
 * minutes on a 2-core machine: every tool at 1k files (3 runs); at 5k the parse floor, tsc and
 * both audits (2 runs); at 20k the parse floor and both audits (1 run: the per-file growth
 * ratio). `--full` runs every tool at every size.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATOR_VERSION, generateMonorepo, generateMonorepoPackage, generateOverlapping, generateProject } from './generate.mjs';
import { formatReport, TARGETS, withBenchTable } from './report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, '.bench');
const PROBE = path.join(ROOT, 'bench', 'tools', 'probe.cjs');
const CLI = path.join(ROOT, 'packages', 'cli', 'bin', 'statelint.js');
const TSC = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'lib', 'tsc.js');
const RUN_TIMEOUT_MS = 20 * 60_000;

/** The tools, in table order. `needs` says what a project must have for the tool to run. */
const TOOLS = [
  { id: 'parse', label: 'TypeScript parse (floor)', cmd: (p) => [path.join(ROOT, 'bench/tools/parse.mjs'), p.filesJson] },
  { id: 'tsc', label: 'tsc --noEmit', needs: 'tsconfig', cmd: (p) => [TSC, '--noEmit', '-p', p.tsconfig] },
  { id: 'audit', label: 'statelint audit (typed)', cmd: (p) => [CLI, 'audit', '.', ...p.ruleArgs, '--format', 'json', '-o', p.reportFile('typed')] },
  {
    id: 'audit-untyped',
    label: 'statelint audit --no-type-check',
    cmd: (p) => [CLI, 'audit', '.', ...p.ruleArgs, '--no-type-check', '--format', 'json', '-o', p.reportFile('untyped')],
  },
  { id: 'eslint', label: 'ESLint, parser only', cmd: (p) => eslintArgs(p, 'none', false) },
  { id: 'eslint-plugin', label: 'ESLint + statelint.configs.all', cmd: (p) => eslintArgs(p, 'statelint', false) },
  { id: 'eslint-typed', label: 'ESLint typed, parser only', needs: 'tsconfig', cmd: (p) => eslintArgs(p, 'none', true) },
  {
    id: 'eslint-typed-checker',
    label: 'ESLint typed, parser + type checker (reference)',
    needs: 'tsconfig',
    cmd: (p) => eslintArgs(p, 'checker', true),
  },
  { id: 'eslint-plugin-typed', label: 'ESLint typed + statelint.configs.all', needs: 'tsconfig', cmd: (p) => eslintArgs(p, 'statelint', true) },
];

function eslintArgs(project, rules, typed) {
  return [path.join(ROOT, 'bench/tools/eslint.mjs'), project.dir, project.filesJson, '--rules', rules, ...(typed ? ['--typed'] : [])];
}

const DEFAULT_PLAN = [
  { files: 1000, runs: 3, tools: TOOLS.map((t) => t.id), relint: true },
  { files: 5000, runs: 2, tools: ['parse', 'tsc', 'audit', 'audit-untyped'] },
  { files: 20000, runs: 1, tools: ['parse', 'audit', 'audit-untyped'] },
  { monorepo: 5000, packages: 20, runs: 1 },
  { layout: 'overlapping', files: 1000, runs: 1 },
  { layout: 'monorepo-package', files: 1000, runs: 1 },
];

/**
 * `--quick`: every comparison once, on smaller corpora, for a shared 2-core machine (about a third
 * of the default plan's time): the tools at 1k, the growth ratio at 5k, cache and shards on a
 * 5,000-file monorepo of 20 packages, both tsconfig layouts at 500 files.
 */
const QUICK_PLAN = [
  { files: 1000, runs: 1, tools: TOOLS.map((t) => t.id), relint: false },
  { files: 5000, runs: 1, tools: ['parse', 'audit', 'audit-untyped'] },
  { monorepo: 5000, packages: 20, runs: 1 },
  { layout: 'overlapping', files: 500, runs: 1 },
  { layout: 'monorepo-package', files: 500, runs: 1 },
];

async function main() {
  // `pnpm bench -- --repo x` passes the `--` on.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      sizes: { type: 'string' },
      runs: { type: 'string' },
      tools: { type: 'string' },
      full: { type: 'boolean' },
      'no-relint': { type: 'boolean' },
      json: { type: 'string' },
      seed: { type: 'string' },
      'write-readme': { type: 'boolean' },
      quick: { type: 'boolean' },
    },
  });
  if (!fs.existsSync(path.join(ROOT, 'packages/cli/dist/main.js'))) {
    throw new Error('build first: pnpm build (pnpm bench does it for you)');
  }
  fs.mkdirSync(WORK, { recursive: true });
  const started = performance.now();
  const seed = Number(values.seed ?? 1);
  const onlyTools = values.tools?.split(',');
  const runsOverride = values.runs === undefined ? undefined : Number(values.runs);

  let plan;
  if (values.repo !== undefined) {
    plan = [{ repo: path.resolve(values.repo), runs: runsOverride ?? 3, tools: TOOLS.map((t) => t.id), relint: true }];
  } else if (values.sizes !== undefined || values.full) {
    const sizes = values.sizes?.split(',').map(Number) ?? [1000, 5000, 20000];
    plan = sizes.map((files, i) => ({ files, runs: runsOverride ?? 3, tools: TOOLS.map((t) => t.id), relint: i === 0 }));
  } else {
    plan = (values.quick ? QUICK_PLAN : DEFAULT_PLAN).map((step) => ({ ...step, runs: runsOverride ?? step.runs }));
  }
  if (values['no-relint']) for (const step of plan) step.relint = false;

  const machine = describeMachine();
  log(`machine: ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}`);
  const results = { version: 1, date: new Date().toISOString(), machine, plan: [], measurements: [], relint: [], ratios: [] };

  for (const step of plan) {
    if (step.monorepo !== undefined || step.layout !== undefined) {
      if (onlyTools !== undefined && !onlyTools.some((t) => t.startsWith(step.layout !== undefined ? 'layout' : 'scale'))) continue;
      const measured = step.monorepo !== undefined ? await scaleScenario(step, seed, onlyTools) : await layoutScenario(step, seed);
      if (measured.length === 0) continue;
      results.measurements.push(...measured);
      results.plan.push({ project: measured[0].project, files: measured[0].files, runs: step.runs, tools: measured.map((m) => m.tool) });
      continue;
    }
    const project = step.repo !== undefined ? await repoProject(step.repo) : await generatedProject(step.files, seed);
    const tools = TOOLS.filter((t) => step.tools.includes(t.id) && (onlyTools === undefined || onlyTools.includes(t.id)))
      .filter((t) => t.needs !== 'tsconfig' || project.tsconfig !== undefined);
    results.plan.push({ project: project.name, files: project.files.length, runs: step.runs, tools: tools.map((t) => t.id) });
    log(`\n${project.name}: ${project.files.length} files; ${tools.length} tools × ${step.runs} run${step.runs === 1 ? '' : 's'}`);
    const samples = new Map(tools.map((t) => [t.id, []]));
    for (let round = 0; round < step.runs; round++) {
      for (const tool of tools) {
        const sample = await measure(tool.cmd(project), project.dir);
        samples.get(tool.id).push(sample);
        log(
          `  ${tool.label.padEnd(48)} ${(sample.wallMs / 1000).toFixed(2).padStart(7)} s ${(sample.cpuMs / 1000).toFixed(2).padStart(7)} s CPU ${fmtMb(sample.maxRssKb).padStart(8)}  load ${sample.load.map((l) => l.toFixed(1)).join('→')}  ${sample.summary ?? ''}`,
        );
      }
    }
    for (const tool of tools) {
      results.measurements.push({ project: project.name, files: project.files.length, tool: tool.id, label: tool.label, ...stats(samples.get(tool.id)) });
    }
    if (step.relint && (onlyTools === undefined || onlyTools.includes('relint'))) {
      results.relint.push(...(await relint(project, Math.max(1, Math.min(step.runs, 2)))));
    }
  }
  if (values.repo !== undefined && (onlyTools === undefined || onlyTools.some((t) => t.startsWith('scale')))) {
    const measured = await scaleScenario({ repoDir: path.resolve(values.repo), runs: runsOverride ?? 1 }, seed, onlyTools);
    results.measurements.push(...measured);
    if (measured.length > 0) results.plan.push({ project: measured[0].project, files: measured[0].files, runs: runsOverride ?? 1, tools: measured.map((m) => m.tool) });
  }
  results.ratios = computeRatios(results);
  results.totalSeconds = (performance.now() - started) / 1000;

  const jsonFile = path.resolve(values.json ?? path.join(WORK, 'results.json'));
  fs.writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${formatReport(results)}\n`);
  log(`\nwrote ${path.relative(process.cwd(), jsonFile)} (${results.totalSeconds.toFixed(0)} s in all)`);
  if (values['write-readme']) {
    const readme = path.join(ROOT, 'README.md');
    fs.writeFileSync(readme, withBenchTable(fs.readFileSync(readme, 'utf8'), results));
    log('wrote the table into README.md');
  }
}

async function generatedProject(files, seed) {
  const name = `generated-${files}`;
  const dir = path.join(WORK, 'projects', `${name}-seed${seed}`);
  const stamp = path.join(dir, '.generated');
  const want = JSON.stringify({ GENERATOR_VERSION, files, seed });
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    const t = performance.now();
    generateProject(dir, files, seed);
    fs.writeFileSync(stamp, want);
    log(`generated ${files} files in ${path.relative(ROOT, dir)} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  return projectAt(name, dir);
}

async function repoProject(dir) {
  if (!fs.statSync(dir).isDirectory()) throw new Error(`--repo ${dir}: not a directory`);
  return projectAt(path.basename(dir), dir);
}

/** The files statelint audits there (its own discovery and config), shared by every tool. */
async function projectAt(name, dir) {
  const { discover } = await import(path.join(ROOT, 'packages/cli/dist/discover.js'));
  const { loadConfig } = await import(path.join(ROOT, 'packages/cli/dist/config.js'));
  const { rules } = await import(path.join(ROOT, 'rules/dist/index.js'));
  const { config, baseDir } = loadConfig(dir, undefined, dir);
  const found = discover({ cwd: dir, paths: ['.'], include: config.include, exclude: config.exclude, baseDir, findTsconfigs: false });
  const files = found.files;
  const key = `${name}-${files.length}`.replace(/[^\w.-]/g, '_');
  const filesJson = path.join(WORK, `${key}.files.json`);
  fs.writeFileSync(filesJson, JSON.stringify(files));
  const tsconfig = fs.existsSync(path.join(dir, 'tsconfig.json')) ? path.join(dir, 'tsconfig.json') : undefined;
  return {
    name,
    dir,
    files,
    filesJson,
    tsconfig,
    // Every rule in @statelint/rules, at error: the CLI's counterpart of configs.all.
    ruleArgs: rules.flatMap((rule) => ['--rule', `${rule.id}=error`]),
    reportFile: (mode) => path.join(WORK, `${key}.${mode}.report.json`),
  };
}

/**
 * `--cache` and `--shard` on a generated monorepo (or the repository given with --repo): cold
 * audit with an empty cache, then one file edited and the warm audit; typed and untyped. Then the
 * single run against four shards run one after the other (as four CI machines would run them at
 * once: the slowest shard's wall is what a matrix waits for). Every report is checked against the
 * uncached single run's.
 */
async function scaleScenario(step, seed, onlyTools) {
  let dir;
  let name;
  if (step.repoDir !== undefined) {
    dir = step.repoDir;
    name = path.basename(dir);
  } else {
    name = `monorepo-${step.monorepo}x${step.packages}`;
    dir = path.join(WORK, 'projects', `${name}-seed${seed}`);
    const stamp = path.join(dir, '.generated');
    const want = JSON.stringify({ GENERATOR_VERSION, monorepo: step.monorepo, packages: step.packages, seed });
    if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
      generateMonorepo(dir, step.monorepo, step.packages, seed);
      fs.writeFileSync(stamp, want);
      log(`generated a ${step.packages}-package monorepo of ${step.monorepo} files in ${path.relative(ROOT, dir)}`);
    }
  }
  const project = await projectAt(name, dir);
  const cacheDir = path.join(WORK, `${name}.cache`);
  const target = relintTarget(project);
  const original = fs.readFileSync(target, 'utf8');
  const edit = `${original}\nexport function benchEdit(): number {\n  return ${Date.now() % 1000};\n}\n`;
  const out = [];
  log(`\n${name}: ${project.files.length} files; cache cold/warm after editing ${path.relative(dir, target)}, and 4 shards`);
  const modes = [
    { id: 'typed', args: [] },
    { id: 'untyped', args: ['--no-type-check'] },
  ];
  const samples = new Map();
  const add = (tool, label, sample) => {
    if (!samples.has(tool)) samples.set(tool, { label, list: [] });
    samples.get(tool).list.push(sample);
    log(`  ${label.padEnd(48)} ${(sample.wallMs / 1000).toFixed(2).padStart(7)} s ${(sample.cpuMs / 1000).toFixed(2).padStart(7)} s CPU ${fmtMb(sample.maxRssKb).padStart(8)}  ${sample.summary ?? ''}`);
  };
  const audit = (mode, extra, file) => [CLI, 'audit', '.', ...project.ruleArgs, ...mode.args, '--format', 'json', '-o', file, ...extra];
  const same = (a, b, what) => {
    if (fs.readFileSync(a, 'utf8') !== fs.readFileSync(b, 'utf8')) throw new Error(`${name}: ${what}: the report differs from the uncached single run's`);
  };
  try {
    for (let round = 0; round < step.runs; round++) {
      for (const mode of modes) {
        if (onlyTools !== undefined && !onlyTools.includes(`scale-${mode.id}`) && !onlyTools.includes('scale')) continue;
        // Shards are checked against the cold run, the warm run against an uncached run of the
        // edited files; both cached and uncached reports being identical is tested (scale.test.ts).
        // The cold run (an empty cache) is also the one-machine run the shards are compared with.
        fs.writeFileSync(target, original);
        fs.rmSync(cacheDir, { recursive: true, force: true });
        const single = path.join(WORK, `${name}.${mode.id}.cold.json`);
        const cold = await measure(audit(mode, ['--cache', '--cache-location', cacheDir, '--performance'], single), dir);
        add(`audit-${mode.id}-cold`, `statelint audit --cache, ${mode.id}, cold (one machine)`, cold);
        add(`audit-${mode.id}-single`, `statelint audit, ${mode.id}, one machine (the cold run)`, cold);
        fs.writeFileSync(target, edit);
        const reference = path.join(WORK, `${name}.${mode.id}.edited.json`);
        const warm = path.join(WORK, `${name}.${mode.id}.warm.json`);
        add(`audit-${mode.id}-warm`, `statelint audit --cache, ${mode.id}, warm, 1 file edited`, await measure(audit(mode, ['--cache', '--cache-location', cacheDir, '--performance'], warm), dir));
        await measure(audit(mode, [], reference), dir);
        same(warm, reference, 'warm cache after an edit');
        fs.writeFileSync(target, original);
        const shards = [];
        for (let k = 1; k <= 4; k++) {
          const file = path.join(WORK, `${name}.${mode.id}.shard${k}.json`);
          const sample = await measure(audit(mode, ['--shard', `${k}/4`, '--performance'], file), dir);
          add(`audit-${mode.id}-shard${k}`, `statelint audit --shard ${k}/4, ${mode.id}`, sample);
          shards.push({ file, sample });
        }
        const merged = path.join(WORK, `${name}.${mode.id}.merged.json`);
        await measure([CLI, 'merge', ...shards.map((s) => s.file), '-o', merged], dir);
        same(merged, single, '4 shards merged');
        const slowest = shards.reduce((a, b) => (b.sample.wallMs > a.sample.wallMs ? b : a)).sample;
        add(`audit-${mode.id}-shards`, `statelint audit, ${mode.id}, slowest of 4 shards`, slowest);
      }
    }
  } finally {
    fs.writeFileSync(target, original);
  }
  for (const [tool, { label, list }] of samples) out.push({ project: name, files: project.files.length, tool, label, ...stats(list) });
  return out;
}

/** Issue 18's two tsconfig layouts, typed, with the programs loaded and files analysed. */
async function layoutScenario(step, seed) {
  const name = `${step.layout}-${step.files}`;
  const dir = path.join(WORK, 'projects', `${name}-seed${seed}`);
  const stamp = path.join(dir, '.generated');
  const want = JSON.stringify({ GENERATOR_VERSION, layout: step.layout, files: step.files, seed });
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    if (step.layout === 'overlapping') generateOverlapping(dir, step.files, 60, seed);
    else generateMonorepoPackage(dir, step.files, 28, seed);
    fs.writeFileSync(stamp, want);
  }
  const paths = step.layout === 'overlapping' ? ['.'] : ['packages/app'];
  const label = step.layout === 'overlapping' ? '60 tsconfigs sharing files + 1 uncovered file' : 'a package referencing 28 sibling tsconfigs';
  const list = [];
  log(`\n${name}: ${label}`);
  for (let round = 0; round < step.runs; round++) {
    const report = path.join(WORK, `${name}.report.json`);
    const sample = await measure([CLI, 'audit', ...paths, '--format', 'json', '-o', report, '--performance'], dir);
    list.push(sample);
    log(`  ${`statelint audit (typed): ${label}`.padEnd(48)} ${(sample.wallMs / 1000).toFixed(2).padStart(7)} s  ${sample.summary ?? ''}`);
  }
  return [{ project: name, files: step.files, tool: `layout-${step.layout}`, label: `statelint audit (typed): ${label}`, ...stats(list) }];
}

/** One run of a tool in a child process: wall time here, peak RSS from the probe. */
function measure(args, cwd) {
  const probeFile = path.join(WORK, `probe-${process.pid}.json`);
  fs.rmSync(probeFile, { force: true });
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const loadBefore = os.loadavg()[0];
    const child = spawn(process.execPath, ['--require', PROBE, ...args], {
      cwd,
      env: { ...process.env, BENCH_PROBE_FILE: probeFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-100_000)));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - startedAt;
      clearTimeout(timer);
      let probe = {};
      try {
        probe = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
      } catch {
        // killed before it could write: no memory figure
      }
      resolve({
        wallMs,
        maxRssKb: probe.maxRssKb,
        cpuMs: (probe.userMs ?? 0) + (probe.systemMs ?? 0),
        load: [loadBefore, os.loadavg()[0]],
        code,
        signal,
        summary: summarize(args, stdout, stderr, code),
      });
    });
  });
}

/** A short note on what a run produced, to spot a broken run in the log. */
function summarize(args, stdout, stderr, code) {
  const output = args.indexOf('-o');
  if (output >= 0) {
    try {
      const report = JSON.parse(fs.readFileSync(args[output + 1], 'utf8'));
      const counts = performanceCounts(stderr);
      return `${report.findings.length} findings, ${report.errors.length} errors (exit ${code})${counts}`;
    } catch {
      return `no report (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
    }
  }
  const line = stdout.trim().split('\n').pop() ?? '';
  if (line.startsWith('{')) return `${line} (exit ${code})`;
  const errors = (stdout.match(/error TS\d+/g) ?? []).length;
  return `exit ${code}${errors > 0 ? `, ${errors} type errors` : ''}${code !== 0 && errors === 0 ? `: ${stderr.trim().split('\n').slice(-2).join(' | ')}` : ''}`;
}

/** `--performance`'s counts (programs loaded, files analysed, from the cache), when printed. */
function performanceCounts(stderr) {
  const pick = (name) => new RegExp(`^${name.replace(/[()]/g, '\\$&')}\\s+(\\d+)$`, 'm').exec(stderr)?.[1];
  const parts = [
    ['tsconfigs found', 'tsconfigs'],
    ['tsconfigs owning no audited file (not loaded)', 'not loaded'],
    ['programs loaded', 'programs loaded'],
    ['files analysed', 'files analysed'],
    ['files from the cache', 'from cache'],
  ]
    .map(([name, short]) => [pick(name), short])
    .filter(([v]) => v !== undefined)
    .map(([v, short]) => `${short} ${v}`);
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

function stats(samples) {
  const walls = samples.map((s) => s.wallMs);
  const rss = samples.map((s) => s.maxRssKb).filter((v) => typeof v === 'number');
  return {
    runs: samples.length,
    wallMs: { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) },
    maxRssMb: rss.length === 0 ? null : { median: median(rss) / 1024, min: Math.min(...rss) / 1024, max: Math.max(...rss) / 1024 },
    cpuMs: { median: median(samples.map((s) => s.cpuMs)), min: Math.min(...samples.map((s) => s.cpuMs)), max: Math.max(...samples.map((s) => s.cpuMs)) },
    /** One-minute load averages seen before and after each run: other work on the machine. */
    load: { min: Math.min(...samples.flatMap((s) => s.load)), max: Math.max(...samples.flatMap((s) => s.load)) },
    exitCodes: [...new Set(samples.map((s) => s.code))],
    summary: samples[0]?.summary,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Re-lint latency of one file after an edit, in a long-lived ESLint (as in the editor). */
async function relint(project, rounds) {
  const target = relintTarget(project);
  log(`\nre-lint latency: ${path.relative(project.dir, target)} in ${project.name} (${rounds} process${rounds === 1 ? '' : 'es'} per setup, 20 edits each)`);
  const setups = [
    { id: 'untyped-parser', typed: false, rules: 'none' },
    { id: 'untyped-statelint', typed: false, rules: 'statelint' },
    ...(project.tsconfig ? [{ id: 'typed-parser', typed: true, rules: 'none' }, { id: 'typed-statelint', typed: true, rules: 'statelint' }] : []),
  ];
  const out = [];
  const latencies = new Map(setups.map((s) => [s.id, []]));
  for (let round = 0; round < rounds; round++) {
    for (const setup of setups) {
      const args = [path.join(ROOT, 'bench/tools/relint.mjs'), project.dir, target, '--rules', setup.rules, ...(setup.typed ? ['--typed'] : [])];
      const run = await measure(args, project.dir);
      const line = /\{.*\}/.exec(run.summary ?? '');
      if (line === null) throw new Error(`relint ${setup.id} failed: ${run.summary}`);
      latencies.get(setup.id).push(...JSON.parse(line[0]).latenciesMs);
    }
  }
  for (const setup of setups) {
    const all = latencies.get(setup.id);
    const entry = { project: project.name, files: project.files.length, file: path.relative(project.dir, target), setup: setup.id, edits: all.length, ms: { median: median(all), min: Math.min(...all), max: Math.max(...all) } };
    log(`  ${setup.id.padEnd(20)} median ${entry.ms.median.toFixed(1)} ms (${entry.ms.min.toFixed(1)}–${entry.ms.max.toFixed(1)})`);
    out.push(entry);
  }
  return out;
}

function relintTarget(project) {
  const routes = project.files.filter((f) => f.endsWith('.routes.ts'));
  const pool = routes.length > 0 ? routes : project.files.filter((f) => /\.[cm]?tsx?$/.test(f));
  const list = pool.length > 0 ? pool : project.files;
  return list[list.length >> 1];
}

/** The ratios of issue 9, wherever both sides were measured. */
function computeRatios(results) {
  const ratios = [];
  const at = (project, tool) => results.measurements.find((m) => m.project === project && m.tool === tool);
  const projects = [...new Set(results.measurements.map((m) => m.project))];
  for (const project of projects) {
    const files = at(project, 'parse')?.files ?? results.measurements.find((m) => m.project === project).files;
    const pairs = [
      ['typedVsTsc', 'audit', 'tsc', 'wall'],
      ['typedMemoryVsTsc', 'audit', 'tsc', 'memory'],
      ['untypedVsParse', 'audit-untyped', 'parse', 'wall'],
      ['eslintUntypedOverhead', 'eslint-plugin', 'eslint', 'wall'],
      ['eslintTypedOverhead', 'eslint-plugin-typed', 'eslint-typed', 'wall'],
      ['eslintTypedOverChecker', 'eslint-plugin-typed', 'eslint-typed-checker', 'wall'],
    ];
    for (const [id, a, b, kind] of pairs) {
      const ma = at(project, a);
      const mb = at(project, b);
      if (ma === undefined || mb === undefined) continue;
      const value = kind === 'wall' ? ma.wallMs.median / mb.wallMs.median : ma.maxRssMb && mb.maxRssMb ? ma.maxRssMb.median / mb.maxRssMb.median : NaN;
      ratios.push(ratio(id, project, files, value, kind === 'wall' ? ma.cpuMs.median / mb.cpuMs.median : undefined));
    }
  }
  // Issue 18: the cache and the shards, wherever measured.
  for (const project of projects) {
    for (const mode of ['typed', 'untyped']) {
      const cold = at(project, `audit-${mode}-cold`);
      const warm = at(project, `audit-${mode}-warm`);
      const single = at(project, `audit-${mode}-single`);
      const shards = at(project, `audit-${mode}-shards`);
      const files = (cold ?? single)?.files;
      if (cold && warm) ratios.push(ratio(`warmVsCold${mode === 'typed' ? 'Typed' : 'Untyped'}`, project, files, warm.wallMs.median / cold.wallMs.median, warm.cpuMs.median / cold.cpuMs.median));
      if (single && shards) ratios.push(ratio(`shardsVsSingle${mode === 'typed' ? 'Typed' : 'Untyped'}`, project, files, shards.wallMs.median / single.wallMs.median, shards.cpuMs.median / single.cpuMs.median));
    }
  }
  // Near-linear growth: time per file at the largest size over time per file at the smallest.
  const sizes = [...new Set(results.measurements.filter((m) => m.project.startsWith('generated-')).map((m) => m.files))].sort((a, b) => a - b);
  if (sizes.length >= 2) {
    const small = sizes[0];
    const large = sizes[sizes.length - 1];
    for (const tool of ['audit', 'audit-untyped']) {
      const ms = results.measurements.find((m) => m.files === small && m.tool === tool);
      const ml = results.measurements.find((m) => m.files === large && m.tool === tool);
      if (ms === undefined || ml === undefined) continue;
      ratios.push(
        ratio(
          tool === 'audit' ? 'growthTyped' : 'growthUntyped',
          `generated ${large} vs ${small}`,
          large,
          ml.wallMs.median / large / (ms.wallMs.median / small),
          ml.cpuMs.median / large / (ms.cpuMs.median / small),
        ),
      );
    }
  }
  for (const entry of results.relint) {
    if (entry.setup === 'untyped-statelint') ratios.push(ratio('relintUntypedMs', entry.project, entry.files, entry.ms.median));
    if (entry.setup === 'typed-statelint') {
      const parser = results.relint.find((e) => e.project === entry.project && e.setup === 'typed-parser');
      if (parser) ratios.push(ratio('relintTypedVsParser', entry.project, entry.files, entry.ms.median / parser.ms.median));
    }
  }
  return ratios;
}

/** `cpu`: the same ratio of CPU times (less sensitive to other work on the machine than wall times). */
function ratio(id, project, files, value, cpu) {
  const target = TARGETS[id];
  const shift = (v) => (v === undefined ? undefined : target.overhead ? v - 1 : v);
  const shown = shift(value);
  return { id, project, files, value: shown, cpu: shift(cpu), target: target.limit, met: target.limit === undefined ? null : shown <= target.limit };
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function fmtMb(kb) {
  return kb === undefined ? '?' : `${(kb / 1024).toFixed(0)} MB`;
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
