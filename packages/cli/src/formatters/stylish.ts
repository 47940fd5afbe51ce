/**
 * For people, like ESLint's stylish: findings grouped by file, `line:col  severity  message  rule`,
 * then a count. Nothing at all when there is nothing to report.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { AuditResult, ReportFinding } from '../report.js';

export interface StylishOptions {
  color: boolean;
}

export function formatStylish(result: AuditResult, options: StylishOptions): string {
  const chalk: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const { findings, errors } = result.report;
  if (findings.length === 0 && errors.length === 0) return '';
  const byFile = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list === undefined) byFile.set(f.file, [f]);
    else list.push(f);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push('', chalk.underline(file));
    const rows = list.map((f) => [
      `${f.line}:${f.column}`,
      f.severity === 'error' ? 'error' : 'warning',
      f.message,
      f.ruleId,
    ]);
    const width = [0, 1, 2].map((col) => Math.max(...rows.map((r) => r[col]!.length)));
    for (const [position, severity, message, ruleId] of rows) {
      const paint = severity === 'error' ? chalk.red : chalk.yellow;
      lines.push(
        `  ${chalk.dim(position!.padEnd(width[0]!))}  ${paint(severity!.padEnd(width[1]!))}  ${message!.padEnd(width[2]!)}  ${chalk.dim(ruleId)}`,
      );
    }
    for (const f of list) {
      for (const r of f.related ?? []) lines.push(chalk.dim(`  ${f.line}:${f.column}  ↳ ${r.file}:${r.line}:${r.column}  ${r.message}`));
    }
  }
  if (errors.length > 0) {
    lines.push('', chalk.bold('Files statelint could not fully analyse:'));
    for (const e of errors) lines.push(`  ${chalk.underline(e.file)}  ${e.message}`);
  }
  const errorCount = findings.filter((f) => f.severity === 'error').length;
  const warningCount = findings.length - errorCount;
  if (findings.length > 0) {
    const total = `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${errorCount} error${errorCount === 1 ? '' : 's'}, ${warningCount} warning${warningCount === 1 ? '' : 's'})`;
    lines.push('', (errorCount > 0 ? chalk.red : chalk.yellow).bold(total));
  }
  return `${lines.join('\n')}\n`;
}
