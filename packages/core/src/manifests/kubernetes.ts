/**
 * Kubernetes objects in a YAML file: every document with an `apiVersion` and a `kind`, the items of
 * a `kind: List`, and for workloads the pod template and its containers, wherever the kind keeps
 * them (`spec.template.spec`, a CronJob's `spec.jobTemplate.spec.template.spec`, a Pod's `spec`).
 */
import type { Node } from 'yaml';
import { at, isMap, keyAt, mapEntries, numberValue, seqItems, stringValue, type YamlFile } from './yaml.js';

export interface K8sResource {
  kind: string;
  apiVersion: string;
  name: string | undefined;
  namespace: string | undefined;
  /** The object's map. */
  node: Node;
  /** `Deployment/web`, for messages and fingerprints. */
  label: string;
}

export interface ContainerView {
  name: string | undefined;
  node: Node;
  /** Where to report something missing on the container: its `name` key, else the map. */
  anchor: Node;
}

export interface PodTemplate {
  resource: K8sResource;
  /** The pod spec map. */
  spec: Node;
  /** The key holding the pod spec (`spec` of the template), for reports about the pod as a whole. */
  specKey: Node | undefined;
  labels: Map<string, string>;
  containers: ContainerView[];
  initContainers: ContainerView[];
}

/** Kinds that run pods, and the path to their pod spec. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
  // Argo Rollouts and OpenShift keep the Deployment's shape.
  Rollout: ['spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'],
};

/** Long-running kinds that can serve traffic behind a Service. */
export const SERVING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'Rollout', 'DeploymentConfig', 'ReplicaSet']);

/** Every Kubernetes object in the file, `kind: List` items included, in order. */
export function kubernetesResources(file: YamlFile): K8sResource[] {
  const out: K8sResource[] = [];
  const visit = (node: unknown): void => {
    if (!isMap(node)) return;
    const kind = stringValue(at(node, 'kind'));
    const apiVersion = stringValue(at(node, 'apiVersion'));
    if (kind === undefined || apiVersion === undefined) return;
    if (kind === 'List' || kind.endsWith('List')) {
      for (const item of seqItems(at(node, 'items'))) visit(item);
      return;
    }
    const name = stringValue(at(node, 'metadata', 'name'));
    out.push({
      kind,
      apiVersion,
      name,
      namespace: stringValue(at(node, 'metadata', 'namespace')),
      node: node as Node,
      label: `${kind}/${name ?? '(unnamed)'}`,
    });
  };
  for (const doc of file.documents) visit(doc.contents);
  return out;
}

/** Does the file hold at least one Kubernetes object (or look like it, when it does not parse)? */
export function looksLikeKubernetes(text: string): boolean {
  return /^\s*apiVersion\s*:/m.test(text) && /^\s*kind\s*:/m.test(text);
}

export function podTemplate(resource: K8sResource): PodTemplate | undefined {
  const path = POD_SPEC_PATHS[resource.kind];
  if (path === undefined) return undefined;
  const spec = at(resource.node, ...path);
  if (!isMap(spec)) return undefined;
  const metaPath = resource.kind === 'Pod' ? ['metadata', 'labels'] : [...path.slice(0, -1), 'metadata', 'labels'];
  const labels = new Map<string, string>();
  for (const { key, value } of mapEntries(at(resource.node, ...metaPath))) {
    const v = stringValue(value);
    if (v !== undefined) labels.set(key, v);
  }
  return {
    resource,
    spec,
    specKey: keyAt(resource.node, ...path),
    labels,
    containers: containersOf(at(spec, 'containers')),
    initContainers: containersOf(at(spec, 'initContainers')),
  };
}

function containersOf(node: unknown): ContainerView[] {
  return seqItems(node)
    .filter((c) => isMap(c))
    .map((c) => ({ name: stringValue(at(c, 'name')), node: c, anchor: keyAt(c, 'name') ?? c }));
}

/** `spec.replicas` of a workload: the number, undefined when absent, NaN when not a literal. */
export function replicasOf(resource: K8sResource): { value: number | undefined; node: Node | undefined } {
  const node = at(resource.node, 'spec', 'replicas');
  if (node === undefined) return { value: undefined, node: undefined };
  return { value: numberValue(node) ?? Number.NaN, node: keyAt(resource.node, 'spec', 'replicas') };
}

/** Does the container publish a port (`ports[].containerPort`)? */
export function publishesPorts(container: ContainerView): boolean {
  return seqItems(at(container.node, 'ports')).some((p) => at(p, 'containerPort') !== undefined);
}

/** The container's port numbers by name. */
export function containerPorts(container: ContainerView): { name: string | undefined; port: number | undefined }[] {
  return seqItems(at(container.node, 'ports')).map((p) => ({
    name: stringValue(at(p, 'name')),
    port: numberValue(at(p, 'containerPort')),
  }));
}

/** A literal environment variable of the container (`env[].value`). */
export function envValue(container: ContainerView, name: string): string | undefined {
  for (const entry of seqItems(at(container.node, 'env'))) {
    if (stringValue(at(entry, 'name')) === name) return stringValue(at(entry, 'value'));
  }
  return undefined;
}

/**
 * Is the workload serving traffic? A long-running kind whose containers publish ports, or whose pod
 * labels a Service in `services` selects.
 */
export function isServingWorkload(template: PodTemplate, services: readonly K8sResource[] = []): boolean {
  if (!SERVING_KINDS.has(template.resource.kind)) return false;
  if (template.containers.some(publishesPorts)) return true;
  return services.some((s) => selects(s, template) && !isMetricsService(s));
}

/**
 * A Service only Prometheus scrapes (`controller-manager-metrics-service`, ports named `metrics`):
 * it makes no workload a serving one.
 */
export function isMetricsService(service: K8sResource): boolean {
  if (/(^|-)metrics(-service|-svc)?$/.test(service.name ?? '')) return true;
  const names = seqItems(at(service.node, 'spec', 'ports')).map((p) => stringValue(at(p, 'name')) ?? '');
  return names.length > 0 && names.every((n) => /^(https?-)?metrics$|^prometheus$|^monitoring$/.test(n));
}

/** Does a Service's selector match the pod template's labels? */
export function selects(service: K8sResource, template: PodTemplate): boolean {
  if (service.kind !== 'Service') return false;
  const selector = mapEntries(at(service.node, 'spec', 'selector'));
  if (selector.length === 0) return false;
  return selector.every(({ key, value }) => template.labels.get(key) === stringValue(value));
}

/**
 * The containers of a serving workload that take traffic: those that publish ports, or, when none
 * does but a Service selects the pods, the first container. Empty for workloads that serve nothing.
 */
export function servingContainers(template: PodTemplate, services: readonly K8sResource[] = []): ContainerView[] {
  if (!SERVING_KINDS.has(template.resource.kind)) return [];
  const publishing = template.containers.filter(publishesPorts);
  if (publishing.length > 0) return publishing;
  return services.some((s) => selects(s, template) && !isMetricsService(s)) && template.containers[0] ? [template.containers[0]] : [];
}

export interface ImageRef {
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** `registry:5000/team/app:1.2@sha256:…` → name, tag, digest. */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  return { name: colon > slash ? rest.slice(0, colon) : rest, tag, digest };
}
