/**
 * The order of a report's findings and errors: by file, position, then everything else that tells
 * two entries apart, so that a report's order depends on its contents alone (a merge of shard
 * reports sorts back to the order of a single run).
 */
import type { ReportError, ReportFinding } from './report.js';

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    text(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    text(a.message, b.message) ||
    text(a.fingerprint, b.fingerprint)
  );
}

export function compareErrors(a: ReportError, b: ReportError): number {
  return text(a.file, b.file) || text(a.ruleId ?? '', b.ruleId ?? '') || text(a.message, b.message);
}
