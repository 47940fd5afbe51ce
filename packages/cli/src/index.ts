/** Programmatic use of the CLI: run an audit and format its report. */
export { runAudit, type AuditOptions } from './audit.js';
export { FORMATS, format, formatGithub, formatJson, formatSarif, formatStylish, type FormatName } from './formatters/index.js';
export { main } from './main.js';
export type { AuditReport, AuditResult, ReportError, ReportFinding } from './report.js';
