/**
 * Deployment facts the cross-checks share: volume mounts and their kinds, the environment a container
 * starts with (the Dockerfile's ENV under the manifest's env), probe targets, the shutdown budget,
 * and how many replicas a workload runs.
 */
import type { Node } from 'yaml';
import { stagesOf, type DockerfileFile } from './dockerfile.js';
import { containerPorts, envValue, replicasOf, type ContainerView, type PodTemplate } from './kubernetes.js';
import type { DeploymentModel, DockerfileManifest, Located } from './model.js';
import { at, booleanValue, isMap, keyAt, mapEntries, numberValue, seqItems, stringValue } from './yaml.js';

export interface MountFact {
  path: string;
  readOnly: boolean;
  /** The volume's type: `emptyDir`, `persistentVolumeClaim`, `secret`, … */
  volumeKind: string | undefined;
  node: Node;
}

export function mountsOf(template: PodTemplate, container: ContainerView): MountFact[] {
  const volumes = new Map<string, string>();
  for (const v of seqItems(at(template.spec, 'volumes'))) {
    const name = stringValue(at(v, 'name'));
    const kind = mapEntries(v).find((e) => e.key !== 'name')?.key;
    if (name !== undefined) volumes.set(name, kind ?? '');
  }
  return seqItems(at(container.node, 'volumeMounts')).flatMap((m) => {
    const path = stringValue(at(m, 'mountPath'));
    if (path === undefined) return [];
    const name = stringValue(at(m, 'name')) ?? '';
    return [{ path, readOnly: booleanValue(at(m, 'readOnly')) === true, volumeKind: volumes.get(name), node: keyAt(m, 'mountPath') ?? m }];
  });
}

/** The container's environment variable: the manifest's `env`, else the image's `ENV`. */
export function containerEnv(container: ContainerView, dockerfiles: readonly DockerfileManifest[], name: string): string | undefined {
  const own = envValue(container, name);
  if (own !== undefined) return own;
  for (const d of dockerfiles) {
    const value = dockerfileEnv(d.docker, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function dockerfileEnv(file: DockerfileFile, name: string): string | undefined {
  const stages = stagesOf(file);
  const last = stages[stages.length - 1];
  let found: string | undefined;
  for (const i of last?.instructions ?? []) {
    if (i.getKeyword() !== 'ENV') continue;
    const props = (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    for (const p of props) if (p.getName() === name) found = p.getValue() ?? undefined;
  }
  return found;
}

/** The final stage's WORKDIR (relative writes land there). */
export function dockerfileWorkdir(dockerfiles: readonly DockerfileManifest[]): string | undefined {
  for (const d of dockerfiles) {
    const last = d.stages[d.stages.length - 1];
    const workdir = last?.instructions.filter((i) => i.getKeyword() === 'WORKDIR').pop();
    const value = workdir?.getArguments()[0]?.getValue();
    if (value !== undefined) return value;
  }
  return undefined;
}

export interface HttpProbe {
  kind: 'readinessProbe' | 'livenessProbe' | 'startupProbe';
  path: string;
  /** The port number, named ports resolved; undefined when it cannot be known. */
  port: number | undefined;
  pathNode: Node;
  portNode: Node | undefined;
}

export function httpProbes(container: ContainerView): HttpProbe[] {
  const out: HttpProbe[] = [];
  for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    const http = at(container.node, kind, 'httpGet');
    if (!isMap(http)) continue;
    const pathNode = keyAt(http, 'path') ?? keyAt(container.node, kind)!;
    const raw = stringValue(at(http, 'port'));
    const named = containerPorts(container).find((p) => p.name === raw)?.port;
    out.push({ kind, path: stringValue(at(http, 'path')) ?? '/', port: named ?? numberValue(at(http, 'port')), pathNode, portNode: keyAt(http, 'port') });
  }
  return out;
}

/** Seconds a `preStop` hook waits before SIGTERM: `sleep N` in an exec hook, or the `sleep` action. */
export function preStopSleep(container: ContainerView): { seconds: number; node: Node } | undefined {
  const hook = at(container.node, 'lifecycle', 'preStop');
  if (!isMap(hook)) return undefined;
  const node = keyAt(at(container.node, 'lifecycle'), 'preStop')!;
  const action = numberValue(at(hook, 'sleep', 'seconds'));
  if (action !== undefined) return { seconds: action, node };
  const command = seqItems(at(hook, 'exec', 'command')).map((c) => stringValue(c) ?? '').join(' ');
  const match = /\bsleep\s+(\d+(?:\.\d+)?)/.exec(command);
  if (match !== null) return { seconds: Number(match[1]), node };
  // Some other hook (an HTTP call, a drain script): it delays SIGTERM by an unknown time.
  return { seconds: 0, node };
}

/** How many replicas a workload runs: its `replicas` (default 1), or its autoscaler's range. */
export function replicaCount(deployment: DeploymentModel, template: Located<PodTemplate>): { many: boolean; text: string; node: Node | undefined; file: Located<unknown>['file'] } {
  const hpa = deployment.autoscalerOf(template.value.resource);
  if (hpa !== undefined) {
    const max = numberValue(at(hpa.value.node, 'spec', 'maxReplicas')) ?? numberValue(at(hpa.value.node, 'spec', 'maxReplicaCount'));
    return { many: max === undefined || max > 1, text: `is autoscaled by ${hpa.value.label}${max !== undefined ? ` up to ${max} replicas` : ''}`, node: keyAt(hpa.value.node, 'spec', 'scaleTargetRef') ?? hpa.value.node, file: hpa.file };
  }
  const { value, node } = replicasOf(template.value.resource);
  const count = value ?? 1;
  return { many: count > 1, text: `runs ${count} replicas`, node: node ?? keyAt(template.value.resource.node, 'spec'), file: template.file };
}
