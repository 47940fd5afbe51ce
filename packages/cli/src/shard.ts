/**
 * `--shard k/n`: one deterministic share of the audit, for CI machines that split a large monorepo.
 * The audit is split by unit, never by file, so that cross-file facts stay whole: in typed mode a
 * unit is a program (the tsconfig that owns the files, or the files of one package no tsconfig
 * lists); without types it is a package (the nearest package.json directory). Units go to shards
 * largest first, each to the shard with the fewest files so far (the lower shard on a tie), so the
 * shares are balanced and the split depends on the files alone. `statelint merge` joins the shards'
 * reports into the report of a single run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface AuditUnit {
  /** Stable name (a tsconfig or package directory, relative to the working directory). */
  id: string;
  files: readonly string[];
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be k/n with 1 <= k <= n (got ${JSON.stringify(value)})`);
  }
  return { index, count };
}

/** The units of shard `shard` (in their original order). */
export function selectShard<U extends AuditUnit>(units: readonly U[], shard: Shard): U[] {
  if (shard.count === 1) return [...units];
  const order = [...units].sort((a, b) => b.files.length - a.files.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const load = new Array<number>(shard.count).fill(0);
  const assigned = new Map<U, number>();
  for (const unit of order) {
    let target = 0;
    for (let i = 1; i < shard.count; i++) if (load[i]! < load[target]!) target = i;
    load[target]! += unit.files.length;
    assigned.set(unit, target);
  }
  return units.filter((u) => assigned.get(u) === shard.index - 1);
}

/** Files grouped by their package: the nearest directory with a package.json, at or under `root`. */
export function unitsByPackage(root: string, files: readonly string[], label: (dir: string) => string): AuditUnit[] {
  const byDir = new Map<string, string[]>();
  const packageOf = new Map<string, string>();
  const find = (dir: string): string => {
    const known = packageOf.get(dir);
    if (known !== undefined) return known;
    let found: string;
    if (fs.existsSync(path.join(dir, 'package.json')) || dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) found = dir;
    else found = find(path.dirname(dir));
    packageOf.set(dir, found);
    return found;
  };
  for (const file of files) {
    const dir = find(path.dirname(file));
    const list = byDir.get(dir);
    if (list === undefined) byDir.set(dir, [file]);
    else list.push(file);
  }
  return [...byDir].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([dir, list]) => ({ id: label(dir), files: list }));
}
