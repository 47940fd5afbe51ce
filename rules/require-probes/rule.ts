import { at, containerPorts, defineManifestRule, isBackingServiceContainer, isMap, keyAt, servingContainers, stringValue, workloadRole } from '@statelint/core';

export interface Options {
  /** Also require a liveness probe (a readiness probe is always required). */
  requireLiveness: boolean;
}
export type MessageId = 'missingReadiness' | 'missingLiveness' | 'identicalProbes' | 'execReadiness';

export default defineManifestRule<MessageId, Options>({
  id: 'require-probes',
  files: ['kubernetes'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require readiness and liveness probes on every serving container, different from each other, with an HTTP (or TCP/gRPC) readiness probe',
      recommended: 'error',
    },
    messages: {
      missingReadiness:
        'Container `{{container}}` of {{workload}} has no readinessProbe: during a rollout or a scale-up, the Service routes requests to it before it can answer. Add an HTTP readinessProbe on the endpoint that checks the dependencies.',
      missingLiveness:
        'Container `{{container}}` of {{workload}} has no livenessProbe: a replica that hangs keeps its share of the traffic until someone restarts it. Add a livenessProbe on a cheap endpoint (the process answers), not the readiness one.',
      identicalProbes:
        'The livenessProbe of `{{container}}` is the same as its readinessProbe: when a dependency is down, every replica fails liveness and is restarted at once. Point liveness at a check of the process alone.',
      execReadiness:
        'The readinessProbe of `{{container}}` runs a command (`exec`): it forks a process in the container every period and says nothing about the HTTP server. Use `httpGet` on the readiness endpoint.',
    },
    schema: {
      type: 'object',
      properties: { requireLiveness: { type: 'boolean', description: 'Report serving containers without a livenessProbe (default true).' } },
      additionalProperties: false,
    },
  },
  defaultOptions: { requireLiveness: true },
  create(context) {
    const services = context.deployment.services();
    return {
      workload(template) {
        // The service's serving workloads: a datastore deployed next to it is not the service.
        if (workloadRole(template, services) !== 'serving') return;
        for (const container of servingContainers(template, services)) {
          if (isBackingServiceContainer(container)) continue;
          const data = { container: container.name ?? '(unnamed)', workload: template.resource.label };
          const symbol = `${template.resource.label}.${data.container}`;
          const readiness = at(container.node, 'readinessProbe');
          const liveness = at(container.node, 'livenessProbe');
          if (!isMap(readiness)) context.report({ at: container.anchor, messageId: 'missingReadiness', data, symbol });
          else if (at(readiness, 'exec') !== undefined) context.report({ at: keyAt(readiness, 'exec')!, messageId: 'execReadiness', data, symbol });
          if (!isMap(liveness)) {
            if (context.options.requireLiveness) context.report({ at: container.anchor, messageId: 'missingLiveness', data, symbol });
          } else if (isMap(readiness) && sameCheck(readiness, liveness, container)) {
            context.report({ at: keyAt(container.node, 'livenessProbe')!, messageId: 'identicalProbes', data, symbol });
          }
        }
      },
    };
  },
});

/** Do two probes check the same thing (same handler, same path and port)? Timings do not matter. */
function sameCheck(a: unknown, b: unknown, container: Parameters<typeof containerPorts>[0]): boolean {
  const port = (probe: unknown, kind: string): string | undefined => {
    const p = stringValue(at(probe, kind, 'port'));
    const named = containerPorts(container).find((c) => c.name === p);
    return named?.port !== undefined ? String(named.port) : p;
  };
  for (const kind of ['httpGet', 'grpc']) {
    if (at(a, kind) !== undefined && at(b, kind) !== undefined) {
      return (stringValue(at(a, kind, 'path')) ?? '/') === (stringValue(at(b, kind, 'path')) ?? '/') && port(a, kind) === port(b, kind);
    }
  }
  if (at(a, 'exec') !== undefined && at(b, 'exec') !== undefined) {
    return JSON.stringify(at(a, 'exec', 'command')?.toJSON()) === JSON.stringify(at(b, 'exec', 'command')?.toJSON());
  }
  return false;
}
