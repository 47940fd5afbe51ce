import { at, booleanValue, defineManifestRule, isBackingServiceContainer, keyAt, numberValue, workloadRole, type ContainerView, type PodTemplate } from '@statelint/core';

export type Options = Record<string, never>;
export type MessageId = 'runAsNonRoot' | 'readOnlyRootFilesystem' | 'allowPrivilegeEscalation';

export default defineManifestRule<MessageId, Options>({
  id: 'require-security-context',
  files: ['kubernetes'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `runAsNonRoot`, `readOnlyRootFilesystem: true` and `allowPrivilegeEscalation: false` on every container',
      recommended: 'warn',
    },
    messages: {
      runAsNonRoot:
        'Container `{{container}}` of {{workload}} may run as root: set `securityContext.runAsNonRoot: true` (on the pod or the container) with a numeric `runAsUser`, so a compromised process cannot own the node\'s view of the container.',
      readOnlyRootFilesystem:
        'Container `{{container}}` of {{workload}} has a writable root filesystem: files written there live on one replica and vanish with it. Set `readOnlyRootFilesystem: true`, and mount an `emptyDir` for scratch space (`/tmp`).',
      allowPrivilegeEscalation:
        'Container `{{container}}` of {{workload}} does not set `allowPrivilegeEscalation: false`: a setuid binary in the image can gain privileges. Set it in the container\'s `securityContext`.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    const check = (template: PodTemplate, container: ContainerView): void => {
      const pod = at(template.spec, 'securityContext');
      const own = at(container.node, 'securityContext');
      const anchor = keyAt(container.node, 'securityContext') ?? container.anchor;
      const data = { container: container.name ?? '(unnamed)', workload: template.resource.label };
      const symbol = `${template.resource.label}.${data.container}`;
      const nonRoot = booleanValue(at(own, 'runAsNonRoot')) ?? booleanValue(at(pod, 'runAsNonRoot'));
      const user = numberValue(at(own, 'runAsUser')) ?? numberValue(at(pod, 'runAsUser'));
      if (nonRoot === false || (nonRoot === undefined && (user === undefined || user === 0)) || user === 0) {
        context.report({ at: keyAt(own, 'runAsNonRoot') ?? keyAt(pod, 'runAsNonRoot') ?? anchor, messageId: 'runAsNonRoot', data, symbol });
      }
      if (booleanValue(at(own, 'readOnlyRootFilesystem')) !== true) {
        context.report({ at: keyAt(own, 'readOnlyRootFilesystem') ?? anchor, messageId: 'readOnlyRootFilesystem', data, symbol });
      }
      if (booleanValue(at(own, 'allowPrivilegeEscalation')) !== false && booleanValue(at(own, 'privileged')) !== true) {
        context.report({ at: keyAt(own, 'allowPrivilegeEscalation') ?? anchor, messageId: 'allowPrivilegeEscalation', data, symbol });
      }
    };
    return {
      workload(template) {
        // The service's own workloads: a node agent needs root and the host by design, a datastore
        // image drops to its own user, and a Job runs to completion.
        const role = workloadRole(template, context.deployment.services());
        if (role !== 'serving' && role !== 'worker') return;
        for (const container of template.containers) if (!isBackingServiceContainer(container)) check(template, container);
      },
    };
  },
});
