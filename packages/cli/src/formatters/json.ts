import type { AuditResult } from '../report.js';

/** The contract's JSON report, as is. */
export function formatJson(result: AuditResult): string {
  return `${JSON.stringify(result.report, null, 2)}\n`;
}
