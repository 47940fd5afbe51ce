import path from 'node:path';

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A report path: relative to the working directory, `/`-separated. */
export function reportPath(cwd: string, abs: string): string {
  return toPosix(path.relative(cwd, abs)) || '.';
}

export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
