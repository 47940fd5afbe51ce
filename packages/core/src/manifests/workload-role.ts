/**
 * What a workload is for, decided once for every manifest rule:
 *
 * - `serving`: a long-running workload that takes traffic (it publishes ports, or a Service selects
 *   it): probes, rolling updates and replicas are about these;
 * - `worker`: a long-running workload that serves nothing (a queue consumer);
 * - `node-agent`: a DaemonSet, or a pod that needs the node itself (`privileged`, `hostPID`,
 *   `hostNetwork`): one per node by design, root and a writable filesystem by design;
 * - `batch`: a Job, a CronJob, or a bare Pod that runs to completion: it holds no share of the
 *   service's capacity;
 * - `datastore`: every container runs a backing-service image (postgres, redis, …): it keeps state on
 *   purpose and its image manages its own user.
 */
import { isBackingService } from './backing-services.js';
import { isServingWorkload, type K8sResource, type PodTemplate } from './kubernetes.js';
import { at, booleanValue, stringValue } from './yaml.js';

export type WorkloadRole = 'serving' | 'worker' | 'node-agent' | 'batch' | 'datastore';

const BATCH_KINDS: ReadonlySet<string> = new Set(['Job', 'CronJob']);

/** Does the pod need the node (host namespaces, or a privileged container)? */
export function needsTheNode(template: PodTemplate): boolean {
  if (['hostPID', 'hostNetwork', 'hostIPC'].some((k) => booleanValue(at(template.spec, k)) === true)) return true;
  return [...template.containers, ...template.initContainers].some((c) => booleanValue(at(c.node, 'securityContext', 'privileged')) === true);
}

export function workloadRole(template: PodTemplate, services: readonly K8sResource[] = []): WorkloadRole {
  const kind = template.resource.kind;
  if (BATCH_KINDS.has(kind)) return 'batch';
  if (kind === 'Pod' && ['Never', 'OnFailure'].includes(stringValue(at(template.spec, 'restartPolicy')) ?? '')) return 'batch';
  if (kind === 'DaemonSet' || needsTheNode(template)) return 'node-agent';
  if (isBackingService(template)) return 'datastore';
  return isServingWorkload(template, services) ? 'serving' : 'worker';
}
