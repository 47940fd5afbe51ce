/** The bench's table: a pure function of the results (also used for the README's section). */

/** Targets of issues 9 and 18. `overhead`: the value shown is the ratio minus one (0.2 = 20 % more). */
export const TARGETS = {
  typedVsTsc: { label: 'typed audit wall / `tsc --noEmit` wall', limit: 0.9, unit: '×' },
  typedMemoryVsTsc: { label: 'typed audit peak memory / `tsc --noEmit` peak memory', limit: 1.2, unit: '×' },
  untypedVsParse: { label: '`--no-type-check` wall / TypeScript parse wall', limit: 1.5, unit: '×' },
  eslintUntypedOverhead: { label: 'ESLint untyped: statelint.configs.all over parser only', limit: 0.15, unit: '%', overhead: true },
  eslintTypedOverhead: { label: 'ESLint typed: statelint.configs.all over parser only', limit: 0.1, unit: '%', overhead: true },
  eslintTypedOverChecker: {
    label: 'ESLint typed: statelint.configs.all over parser + type checker (reference, no target)',
    limit: undefined,
    unit: '%',
    overhead: true,
  },
  growthTyped: { label: 'typed audit: time per file, largest / smallest size', limit: 1.2, unit: '×' },
  growthUntyped: { label: '`--no-type-check`: time per file, largest / smallest size', limit: 1.2, unit: '×' },
  warmVsColdTyped: { label: 'typed `--cache`: warm after a one-file edit / cold', limit: 0.15, unit: '×' },
  warmVsColdUntyped: { label: '`--no-type-check --cache`: warm after a one-file edit / cold', limit: 0.15, unit: '×' },
  shardsVsSingleTyped: { label: 'typed: slowest of 4 shards / one machine', limit: 0.35, unit: '×' },
  shardsVsSingleUntyped: { label: '`--no-type-check`: slowest of 4 shards / one machine', limit: 0.35, unit: '×' },
  relintUntypedMs: { label: 'editor re-lint of one file, untyped (median)', limit: 50, unit: 'ms' },
  relintTypedVsParser: { label: 'editor re-lint, typed: statelint / parser only (medians)', limit: 2, unit: '×' },
};

const seconds = (ms) => (ms / 1000).toFixed(2);
const mb = (v) => v.toFixed(0);

function show(value, unit) {
  if (unit === '%') return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)} %`;
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)}×`;
}

export function formatReport(results) {
  const lines = [];
  const { machine } = results;
  lines.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}.`);
  lines.push('');
  for (const step of results.plan) {
    const rows = results.measurements.filter((m) => m.project === step.project);
    if (rows.length === 0) continue;
    lines.push(`**${step.project}** (${step.files} files, ${step.runs} run${step.runs === 1 ? '' : 's'} each: median, min–max)`);
    lines.push('');
    lines.push('| tool | wall (s) | min–max | CPU (s) | peak RSS (MB) | min–max |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const m of rows) {
      const rss = m.maxRssMb;
      lines.push(
        `| ${m.label} | ${seconds(m.wallMs.median)} | ${seconds(m.wallMs.min)}–${seconds(m.wallMs.max)} | ${seconds(m.cpuMs.median)} | ${rss ? mb(rss.median) : '?'} | ${rss ? `${mb(rss.min)}–${mb(rss.max)}` : ''} |`,
      );
    }
    const counted = rows.filter((m) => / programs loaded \d+| files analysed \d+/.test(m.summary ?? ''));
    if (counted.length > 0) {
      lines.push('');
      for (const m of counted) lines.push(`- ${m.label}: ${m.summary.replace(/ \(exit \d+\)/, '')}`);
    }
    const load = rows.flatMap((m) => [m.load.min, m.load.max]);
    lines.push('');
    lines.push(`Load average during these runs: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} (${results.machine.cores} cores).`);
    lines.push('');
  }
  if (results.relint.length > 0) {
    lines.push('**Editor re-lint of one file** (one long-lived ESLint instance, `lintText` after an edit)');
    lines.push('');
    lines.push('| project | setup | median (ms) | min–max |');
    lines.push('| --- | --- | ---: | ---: |');
    for (const r of results.relint) {
      lines.push(`| ${r.project} | ${r.setup} | ${r.ms.median.toFixed(1)} | ${r.ms.min.toFixed(1)}–${r.ms.max.toFixed(1)} |`);
    }
    lines.push('');
  }
  lines.push('**Targets**');
  lines.push('');
  lines.push('| target | measured on | measured (wall) | by CPU time | goal | |');
  lines.push('| --- | --- | ---: | ---: | ---: | --- |');
  for (const r of results.ratios) {
    const target = TARGETS[r.id];
    const goal = r.target === undefined ? '—' : `≤ ${show(r.target, target.unit)}`;
    const verdict = r.target === undefined ? '' : r.met ? 'met' : '**missed**';
    const cpu = r.cpu === undefined || r.cpu === null ? '' : show(r.cpu, target.unit);
    lines.push(`| ${target.label} | ${r.project} | ${show(r.value, target.unit)} | ${cpu} | ${goal} | ${verdict} |`);
  }
  return lines.join('\n');
}

export const BEGIN = '<!-- begin bench table (written by pnpm bench -- --write-readme) -->';
export const END = '<!-- end bench table -->';

/** The README with the bench table (and the date and total time of the run) between the markers. */
export function withBenchTable(readme, results) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no bench table markers');
  const stamp = `Measured ${results.date.slice(0, 10)} with \`pnpm bench\` (${Math.round(results.totalSeconds)} s in all).`;
  return `${readme.slice(0, start)}${BEGIN}\n${stamp}\n\n${formatReport(results)}\n${readme.slice(end)}`;
}
