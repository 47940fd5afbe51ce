/**
 * Which tsconfig analyses which file. Every audited file is analysed once, with the one tsconfig
 * that owns it: of the tsconfigs whose root files include it, the nearest (the fewest path steps
 * from the tsconfig's directory to the file), then the first in the audit's order (discovered
 * tsconfigs sorted by path, each followed by the ones it references). The choice depends on the
 * files and tsconfigs alone, never on timing, so it is the same on every run and every shard.
 *
 * A tsconfig that owns no audited file is not loaded at all: a monorepo package's 28 sibling
 * tsconfigs, or 60 tsconfigs that all include one shared folder, cost a read of their JSON and a
 * directory listing each, not a program.
 *
 * Only the tsconfigs' root files are known before a program is built. A file that no tsconfig lists
 * but a loaded program reaches through an import is analysed with the first loaded program that has
 * it (see typed-audit.ts), as before.
 */
import path from 'node:path';
import type * as ts from 'typescript';

export interface ProgramPlan {
  tsconfig: string;
  parsed: ts.ParsedCommandLine;
  /** The audited files this tsconfig owns, sorted. */
  owned: string[];
  /** Every root file of the tsconfig (audited or not), for releasing shared source files. */
  roots: ReadonlySet<string>;
}

export interface Ownership {
  /** Tsconfigs that own at least one audited file, in the audit's order. */
  plans: ProgramPlan[];
  /** Tsconfigs that parsed but own no audited file: not loaded. */
  unused: string[];
  /** Tsconfigs that could not be parsed, with TypeScript's message. */
  failed: { tsconfig: string; message: string }[];
}

/** Path steps from a tsconfig's directory to a file (`src/a.ts` is 2, `../x/a.ts` is 3). */
export function distance(tsconfig: string, file: string): number {
  return path.posix.relative(path.posix.dirname(tsconfig), file).split('/').length;
}

export function planOwnership(
  tsconfigs: readonly string[],
  wanted: ReadonlySet<string>,
  parse: (tsconfig: string) => ts.ParsedCommandLine,
  normalize: (fileName: string) => string,
): Ownership {
  const failed: Ownership['failed'] = [];
  const candidates: { tsconfig: string; parsed: ts.ParsedCommandLine; roots: Set<string> }[] = [];
  for (const tsconfig of tsconfigs) {
    try {
      const parsed = parse(tsconfig);
      candidates.push({ tsconfig, parsed, roots: new Set(parsed.fileNames.map(normalize)) });
    } catch (error) {
      failed.push({ tsconfig, message: (error as Error).message });
    }
  }
  const owned = new Map<string, string[]>(candidates.map((c) => [c.tsconfig, []]));
  for (const file of [...wanted].sort()) {
    let best: (typeof candidates)[number] | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
      if (!candidate.roots.has(file)) continue;
      const d = distance(candidate.tsconfig, file);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best !== undefined) owned.get(best.tsconfig)!.push(file);
  }
  const plans: ProgramPlan[] = [];
  const unused: string[] = [];
  for (const c of candidates) {
    const files = owned.get(c.tsconfig)!;
    if (files.length > 0) plans.push({ tsconfig: c.tsconfig, parsed: c.parsed, owned: files, roots: c.roots });
    else unused.push(c.tsconfig);
  }
  return { plans, unused, failed };
}
