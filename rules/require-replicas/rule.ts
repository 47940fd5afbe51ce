import { defineManifestRule, keyAt, replicasOf, workloadRole } from '@statelint/core';

export interface Options {
  /** The fewest replicas a serving workload may run without an autoscaler. */
  minReplicas: number;
}
export type MessageId = 'tooFew' | 'defaultOne';

export default defineManifestRule<MessageId, Options>({
  id: 'require-replicas',
  files: ['kubernetes'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require serving workloads to run at least two replicas, or to be targeted by a HorizontalPodAutoscaler',
      recommended: 'warn',
    },
    messages: {
      tooFew:
        '{{workload}} runs {{replicas}} replica(s) and no HorizontalPodAutoscaler targets it: one node drain or crash is an outage, and a rollout has nothing to fall back on. Run at least {{min}} replicas or add an HPA with `minReplicas: {{min}}`.',
      defaultOne:
        '{{workload}} sets no `replicas` (Kubernetes runs 1) and no HorizontalPodAutoscaler targets it: one node drain or crash is an outage. Set `replicas: {{min}}` or more, or add an HPA.',
    },
    schema: {
      type: 'object',
      properties: { minReplicas: { type: 'integer', minimum: 1, description: 'The fewest replicas without an autoscaler (default 2).' } },
      additionalProperties: false,
    },
  },
  defaultOptions: { minReplicas: 2 },
  create(context) {
    const services = context.deployment.services();
    return {
      workload(template) {
        const { resource } = template;
        if (workloadRole(template, services) !== 'serving' || resource.kind === 'ReplicaSet') return;
        if (context.deployment.autoscalerOf(resource) !== undefined) return;
        const { value, node } = replicasOf(resource);
        const data = { workload: resource.label, replicas: String(value ?? 1), min: context.options.minReplicas };
        if (value === undefined) context.report({ at: keyAt(resource.node, 'spec')!, messageId: 'defaultOne', data, symbol: resource.label });
        else if (!Number.isNaN(value) && value < context.options.minReplicas && value > 0) {
          context.report({ at: node!, messageId: 'tooFew', data, symbol: resource.label });
        }
      },
    };
  },
});
