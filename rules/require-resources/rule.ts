import { at, defineManifestRule, isBackingServiceContainer, keyAt, stringValue, workloadRole, type ContainerView } from '@statelint/core';
import { quantity } from './catalogue.js';

export interface Options {
  /** Also require a CPU limit (CPU limits throttle; many teams set requests only). */
  requireCpuLimit: boolean;
  /** The largest memory limit/request ratio allowed. */
  maxLimitRequestRatio: number;
}
export type MessageId = 'missing' | 'ratio';

export default defineManifestRule<MessageId, Options>({
  id: 'require-resources',
  files: ['kubernetes'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require CPU and memory requests and a memory limit on every container, with a bounded memory limit/request ratio',
      recommended: 'warn',
      strictOptions: { requireCpuLimit: true },
    },
    messages: {
      missing:
        'Container `{{container}}` of {{workload}} sets no `resources.{{field}}`: {{why}} Set it from a load test of one replica.',
      ratio:
        'The {{resource}} limit of `{{container}}` is {{ratio}}× its request (more than {{max}}×): the scheduler packs pods by requests, so under load the node runs out and evicts or throttles them. Bring the request closer to the limit.',
    },
    schema: {
      type: 'object',
      properties: {
        requireCpuLimit: { type: 'boolean', description: 'Also require `limits.cpu` (default false; strict: true).' },
        maxLimitRequestRatio: { type: 'number', minimum: 1, description: 'Largest memory limit/request ratio (default 4). CPU may burst above its request.' },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { requireCpuLimit: false, maxLimitRequestRatio: 4 },
  create(context) {
    const WHY: Record<string, string> = {
      'requests.cpu': 'without it the scheduler places the pod anywhere and the HPA has no utilisation to scale on.',
      'requests.memory': 'without it the scheduler overcommits the node and the pod is the first to be evicted.',
      'limits.memory': 'a leak or a burst takes the whole node down instead of restarting this container.',
      'limits.cpu': 'one busy replica can starve its neighbours.',
    };
    const check = (container: ContainerView, workload: string): void => {
      const resources = at(container.node, 'resources');
      const data = (field: string) => ({ container: container.name ?? '(unnamed)', workload, field, why: WHY[field]! });
      const symbol = `${workload}.${container.name ?? ''}`;
      const fields = ['requests.cpu', 'requests.memory', 'limits.memory', ...(context.options.requireCpuLimit ? ['limits.cpu'] : [])];
      for (const field of fields) {
        const [group, name] = field.split('.') as [string, string];
        if (at(resources, group, name) === undefined) {
          const anchor = keyAt(resources, group) ?? keyAt(container.node, 'resources') ?? container.anchor;
          context.report({ at: anchor, messageId: 'missing', data: data(field), symbol });
        }
      }
      // CPU bursts are what CPU limits above requests are for; memory over its request is what gets evicted.
      for (const name of ['memory']) {
        const request = quantity(stringValue(at(resources, 'requests', name)));
        const limit = quantity(stringValue(at(resources, 'limits', name)));
        if (request === undefined || limit === undefined || request <= 0) continue;
        const ratio = limit / request;
        if (ratio > context.options.maxLimitRequestRatio) {
          context.report({
            at: keyAt(resources, 'limits', name)!,
            messageId: 'ratio',
            data: { resource: name, container: container.name ?? '(unnamed)', ratio: Number(ratio.toFixed(1)), max: context.options.maxLimitRequestRatio },
            symbol,
          });
        }
      }
    };
    return {
      workload(template) {
        // A Job or CronJob runs to completion and holds no share of the service's capacity; a
        // datastore deployed next to the service is not the service.
        const role = workloadRole(template);
        if (role === 'batch' || role === 'datastore') return;
        for (const container of template.containers) if (!isBackingServiceContainer(container)) check(container, template.resource.label);
      },
    };
  },
});
