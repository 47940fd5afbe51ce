/**
 * For people, like ESLint's stylish: findings grouped by file, `line:col  severity  message  rule`,
 * then a count. Nothing at all when there is nothing to report. In a terminal (`width`: its
 * columns), a file's rows that would run past the edge wrap their message under the message
 * column, the rule id after its last line; piped output (no width) keeps one row per finding.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import type { AuditResult, ReportFinding } from '../report.js';

export interface StylishOptions {
  color: boolean;
  /** `--explain`: print each finding's chain under it. */
  explain?: boolean;
  /** The terminal's columns: rows wider than this wrap. Undefined (not a terminal): no wrapping. */
  width?: number;
}

/** Below this many columns for the message, wrapping helps no one: rows stay whole. */
const MIN_MESSAGE_COLUMNS = 30;

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
    const width = [0, 1, 2, 3].map((col) => Math.max(...rows.map((r) => r[col]!.length)));
    const indent = 2 + width[0]! + 2 + width[1]! + 2;
    const messageColumns = options.width === undefined ? undefined : options.width - indent;
    const wrap = messageColumns !== undefined && messageColumns >= MIN_MESSAGE_COLUMNS && indent + width[2]! + 2 + width[3]! > options.width!;
    rows.forEach(([position, severity, message, ruleId], i) => {
      const paint = severity === 'error' ? chalk.red : chalk.yellow;
      const head = `  ${chalk.dim(position!.padEnd(width[0]!))}  ${paint(severity!.padEnd(width[1]!))}  `;
      if (!wrap) lines.push(`${head}${message!.padEnd(width[2]!)}  ${chalk.dim(ruleId)}`);
      else {
        const wrapped = wrapAnsi(message!, messageColumns!, { hard: true, trim: true }).split('\n');
        const last = wrapped[wrapped.length - 1]!;
        if (last.length + 2 + ruleId!.length <= messageColumns!) wrapped[wrapped.length - 1] = `${last}  ${chalk.dim(ruleId)}`;
        else wrapped.push(chalk.dim(ruleId));
        wrapped.forEach((text, n) => lines.push(n === 0 ? `${head}${text}` : `${' '.repeat(indent)}${text}`));
      }
      // --explain: the chain under the finding.
      const trace = options.explain ? (list[i]!.trace ?? []) : [];
      trace.forEach((step, n) => lines.push(chalk.dim(`      ${n === 0 ? 'why:' : '  → '} ${step.file}:${step.line}:${step.column}  ${step.what}`)));
    });
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
