/**
 * Which code a deployment file runs. A service is a package directory (the nearest `package.json`
 * above the code, as the front end found it); a deployment file belongs to the deepest service
 * directory that contains it, and one outside every service directory (a repository-level `deploy/`)
 * belongs to the only service there is, or to the one whose directory or package name its workload
 * or image names. Deployment files that match no service take part in no cross-check.
 */
import path from 'node:path';
import { dockerRuntime, runsNode } from './dockerfile.js';
import { stringValue, at } from './yaml.js';
import type { CodeFacts } from './code-facts.js';
import type { PodTemplate } from './kubernetes.js';
import type { DeploymentModel, DockerfileManifest, Located, ManifestFile } from './model.js';
import type { CodeFindingRef } from './rule.js';

export interface CodeFileFacts {
  /** Absolute path. */
  file: string;
  facts: CodeFacts;
}

export interface ServiceRoot {
  dir: string;
  /** The package name, when there is one. */
  name: string | undefined;
}

export interface ServiceUnit {
  root: ServiceRoot;
  code: CodeFileFacts[];
  codeFindings: CodeFindingRef[];
  workloads: Located<PodTemplate>[];
  dockerfiles: DockerfileManifest[];
  /** Every deployment file assigned to this service. */
  files: ManifestFile[];
}

export interface GroupInput {
  roots: readonly ServiceRoot[];
  /** The service directory of each code file. */
  rootOf: (file: string) => string;
  code: readonly CodeFileFacts[];
  codeFindings: readonly CodeFindingRef[];
  deployment: DeploymentModel;
}

function contains(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function groupServices(input: GroupInput): ServiceUnit[] {
  const units = new Map<string, ServiceUnit>();
  for (const root of input.roots) units.set(root.dir, { root, code: [], codeFindings: [], workloads: [], dockerfiles: [], files: [] });
  for (const c of input.code) units.get(input.rootOf(c.file))?.code.push(c);
  for (const f of input.codeFindings) units.get(input.rootOf(f.file))?.codeFindings.push(f);
  // Every package directory takes part in placing deployment files (a manifest next to its own
  // package.json belongs to that package, code or not); only those with code are checked.
  const all = [...units.values()];
  const roots = all.filter((u) => u.code.length > 0 || u.codeFindings.length > 0);

  /**
   * The deepest package directory containing the file. A package without code of its own that
   * contains packages with code (a monorepo root) gives way to the name match below.
   */
  const byDirectory = (fileName: string): ServiceUnit | undefined => {
    let best: ServiceUnit | undefined;
    for (const unit of all) if (contains(unit.root.dir, fileName) && (best === undefined || unit.root.dir.length > best.root.dir.length)) best = unit;
    if (best !== undefined && !roots.includes(best) && roots.some((r) => contains(best!.root.dir, r.root.dir))) return undefined;
    return best;
  };
  const byName = (names: readonly string[]): ServiceUnit | undefined => {
    if (roots.length === 1) return roots[0];
    const matches = roots.filter((u) => {
      const candidates = [path.basename(u.root.dir), u.root.name?.replace(/^@[^/]+\//, '')].filter((s): s is string => s !== undefined && s.length > 1);
      return names.some((n) => candidates.some((c) => n === c || n.split(/[/:@]/).includes(c)));
    });
    return matches.length === 1 ? matches[0] : undefined;
  };
  const add = (unit: ServiceUnit | undefined, file: ManifestFile): void => {
    if (unit !== undefined && !unit.files.includes(file)) unit.files.push(file);
  };

  // Files for a developer's machine, a test run or an example do not say how the service runs.
  for (const w of input.deployment.templates) {
    if (!w.file.environment.production) continue;
    const names = [w.value.resource.name ?? '', ...w.value.containers.map((c) => stringValue(at(c.node, 'image')) ?? '')].filter(Boolean);
    const unit = byDirectory(w.file.fileName) ?? byName(names);
    if (unit !== undefined) {
      unit.workloads.push(w);
      add(unit, w.file);
    }
  }
  for (const d of input.deployment.dockerfiles) {
    if (!d.environment.production) continue;
    const unit = byDirectory(d.fileName) ?? byName([path.basename(path.dirname(d.fileName))]);
    if (unit !== undefined) {
      unit.dockerfiles.push(d);
      add(unit, d);
    }
  }
  // A package whose images run no Node (a front end built into an nginx image) is not what its
  // workloads run: its routes, writes and timers say nothing about them.
  for (const unit of roots) {
    const runtimes = unit.dockerfiles.map((d) => dockerRuntime(d.docker, d.stages)).filter((r) => r !== undefined);
    if (runtimes.length > 0 && !runtimes.some(runsNode)) unit.workloads.length = 0;
  }
  return roots;
}

