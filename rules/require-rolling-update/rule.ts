import { at, defineManifestRule, keyAt, numberValue, replicasOf, stringValue, workloadRole, type DeploymentModel, type K8sResource } from '@statelint/core';

export type Options = Record<string, never>;
export type MessageId = 'recreate' | 'unavailable' | 'noSurge' | 'noStrategy';

export default defineManifestRule<MessageId, Options>({
  id: 'require-rolling-update',
  files: ['kubernetes'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require serving Deployments to roll with `maxUnavailable: 0` and a surge, never `Recreate`',
      recommended: 'error',
    },
    messages: {
      recreate:
        '{{workload}} uses the `Recreate` strategy: every replica stops before the new ones start, so each release is an outage. Use `RollingUpdate` with `maxUnavailable: 0` and a `maxSurge`.',
      unavailable:
        '{{workload}} allows `maxUnavailable: {{value}}`: a rollout takes serving replicas away before their replacements are ready, and the rest take their load. Set `maxUnavailable: 0` and let `maxSurge` add the new pods first.',
      noSurge:
        '{{workload}} has `maxSurge: 0`: with `maxUnavailable: 0` the rollout cannot start a new pod, and with any other value it removes capacity first. Set `maxSurge` to 1 or a percentage.',
      noStrategy:
        '{{workload}} rolls with the default `maxUnavailable: 25%`: a quarter of the replicas stop before their replacements are ready. Set `strategy.rollingUpdate.maxUnavailable: 0` and a `maxSurge`.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    const services = context.deployment.services();
    return {
      workload(template) {
        const { resource } = template;
        if (resource.kind !== 'Deployment' || workloadRole(template, services) !== 'serving') return;
        const data = { workload: resource.label, value: '' };
        const symbol = resource.label;
        const strategy = at(resource.node, 'spec', 'strategy');
        if (stringValue(at(strategy, 'type')) === 'Recreate') {
          context.report({ at: keyAt(strategy, 'type')!, messageId: 'recreate', data, symbol });
          return;
        }
        const unavailable = at(strategy, 'rollingUpdate', 'maxUnavailable');
        const surge = at(strategy, 'rollingUpdate', 'maxSurge');
        // Kubernetes rounds a percentage of maxUnavailable down: 25% of fewer than 4 replicas is 0.
        const most = mostReplicas(context.deployment, resource);
        if (stoppedFirst(unavailable === undefined ? '25%' : stringValue(unavailable), most) === 0) {
          // nothing stops before its replacement is ready
        } else if (unavailable === undefined) {
          context.report({ at: keyAt(strategy, 'rollingUpdate') ?? keyAt(resource.node, 'spec', 'strategy') ?? keyAt(resource.node, 'spec')!, messageId: 'noStrategy', data, symbol });
        } else if (!isZero(stringValue(unavailable))) {
          context.report({ at: keyAt(strategy, 'rollingUpdate', 'maxUnavailable')!, messageId: 'unavailable', data: { ...data, value: stringValue(unavailable) ?? '?' }, symbol });
        }
        if (surge !== undefined && isZero(stringValue(surge))) {
          context.report({ at: keyAt(strategy, 'rollingUpdate', 'maxSurge')!, messageId: 'noSurge', data, symbol });
        }
      },
    };
  },
});

/** The most replicas the workload runs: its autoscaler's maximum, else `replicas` (default 1); undefined when unknown. */
function mostReplicas(deployment: DeploymentModel, resource: K8sResource): number | undefined {
  const hpa = deployment.autoscalerOf(resource);
  if (hpa !== undefined) return numberValue(at(hpa.value.node, 'spec', 'maxReplicas')) ?? numberValue(at(hpa.value.node, 'spec', 'maxReplicaCount'));
  const { value } = replicasOf(resource);
  return value === undefined ? 1 : Number.isNaN(value) ? undefined : value;
}

/** How many replicas a rollout stops before their replacements are ready (undefined when unknown). */
function stoppedFirst(value: string | undefined, replicas: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  if (percent !== null) return replicas === undefined ? undefined : Math.floor((Number(percent[1]) / 100) * replicas);
  return /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function isZero(value: string | undefined): boolean {
  return value === '0' || value === '0%';
}
