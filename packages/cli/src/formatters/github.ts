/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding, shown on the
 * pull request's diff. `%`, CR and LF are escaped in messages; `:` and `,` too in properties.
 */
import type { AuditResult } from '../report.js';

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: AuditResult): string {
  const lines = result.report.findings.map((f) => {
    const command = f.severity === 'error' ? 'error' : 'warning';
    const properties = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.line}`,
      `endLine=${f.endLine}`,
      `col=${f.column}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(`statelint/${f.ruleId}`)}`,
    ].join(',');
    const related = (f.related ?? []).map((r) => ` (${r.message}: ${r.file}:${r.line}:${r.column})`).join('');
    return `::${command} ${properties}::${escapeData(f.message + related)}`;
  });
  for (const e of result.report.errors) {
    lines.push(`::warning file=${escapeProperty(e.file)},title=${escapeProperty('statelint could not analyse this file')}::${escapeData(e.message)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
