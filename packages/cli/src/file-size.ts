/** Sizes given by the user (`--max-file-size 20MB`, `"maxFileSize": 20000000`). */
import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024, gb: 1024 * 1024 * 1024, g: 1024 * 1024 * 1024 };

/** Bytes from a number, or a string like `512KB`, `10MB`, `1.5mb`; a usage error naming `where` otherwise. */
export function parseByteSize(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(`${where} must be a positive size in bytes, or with KB, MB or GB (got ${JSON.stringify(value)})`);
  }
  return bytes;
}
