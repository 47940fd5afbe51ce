/** The one-line summary on stderr: what was scanned, how, and what the default scope skipped. */
import { SKIP_CATEGORIES } from './discover.js';
import type { AuditResult, PerformanceCount, PhaseTiming } from './report.js';

export function formatSummary(result: AuditResult, baseline: { baselineFile: string | undefined; updated: boolean }): string {
  const { summary, report } = result;
  const mode = summary.typed
    ? `typed, ${summary.programs} program${summary.programs === 1 ? '' : 's'}`
    : 'syntactic only';
  const parts = [`statelint: scanned ${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'} (${mode})`];
  const skipped = SKIP_CATEGORIES.filter((category) => (summary.skipped.get(category) ?? 0) > 0);
  if (skipped.length > 0) parts.push(`skipped ${skipped.map((category) => `${category} ${summary.skipped.get(category)}`).join(', ')}`);
  if (summary.refused !== undefined) parts.push(summary.refused);
  if (report.errors.length > 0) parts.push(`${report.errors.length} could not be fully analysed`);
  if (baseline.baselineFile !== undefined) {
    parts.push(
      baseline.updated
        ? `wrote ${summary.baselined} finding${summary.baselined === 1 ? '' : 's'} to ${baseline.baselineFile}`
        : `${summary.baselined} in baseline${summary.staleBaseline > 0 ? `, ${summary.staleBaseline} baseline entries fixed since (run --update-baseline to prune)` : ''}`,
    );
  }
  if (summary.typesLost !== undefined) parts.push(summary.typesLost);
  return `${parts.join('; ')}\n`;
}

export function formatTimings(timings: readonly PhaseTiming[], peakMemoryMb?: number, counts: readonly PerformanceCount[] = []): string {
  const total = timings.filter((t) => !t.nested).reduce((sum, t) => sum + t.ms, 0);
  const label = (t: PhaseTiming): string => (t.nested ? `  ${t.phase}` : t.phase);
  const width = Math.max(5, ...timings.map((t) => label(t).length));
  const row = (name: string, ms: string, files: string): string => `${name.padEnd(width)}  ${ms.padStart(12)}  ${files.padStart(7)}`;
  const rows = timings.map((t) => row(label(t), `${t.ms.toFixed(1)} ms`, t.files === undefined ? '' : String(t.files)));
  const lines = ['', row('phase', 'time', 'files'), ...rows, row('total', `${total.toFixed(1)} ms`, '')];
  if (peakMemoryMb !== undefined) lines.push(row('peak memory', `${peakMemoryMb.toFixed(0)} MB`, ''));
  if (counts.length > 0) {
    lines.push('');
    const countWidth = Math.max(...counts.map((c) => c.name.length));
    for (const c of counts) lines.push(`${c.name.padEnd(countWidth)}  ${String(c.value).padStart(7)}`);
  }
  return [...lines, ''].join('\n');
}
