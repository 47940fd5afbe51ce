import { at, defineCrossCheck, keyAt, numberValue, preStopSleep, servingContainers } from '@statelint/core';

export interface Options {
  /** Seconds the rule leaves between the code's deadline and SIGKILL for the process to exit. */
  marginSeconds: number;
}
export type MessageId = 'deadlineTooLong' | 'noPreStop';

export default defineCrossCheck<MessageId, Options>({
  id: 'require-shutdown-within-grace',
  meta: {
    type: 'problem',
    docs: {
      description: 'Report shutdown deadlines longer than `terminationGracePeriodSeconds` minus the `preStop` sleep, and servers closed at once without a `preStop` delay',
      recommended: 'error',
    },
    messages: {
      deadlineTooLong:
        'The code gives its shutdown {{deadline}} s ({{what}}), but {{workload}} leaves it {{budget}} s: `terminationGracePeriodSeconds` {{grace}} s{{prestop}}. Kubernetes sends SIGKILL mid-drain and the requests still in flight fail. Raise `terminationGracePeriodSeconds` or shorten the deadline.',
      noPreStop:
        'Container `{{container}}` of {{workload}} has no `preStop` delay, and the code closes its server as soon as SIGTERM arrives: endpoints are removed from load balancers after the signal, so for a few seconds requests are still routed to a pod that no longer accepts them. Add `lifecycle.preStop` (`sleep: { seconds: 5 }`) or wait (failing readiness) before closing.',
    },
    schema: {
      type: 'object',
      properties: { marginSeconds: { type: 'number', minimum: 0, description: 'Seconds kept between the code\'s deadline and SIGKILL (default 1).' } },
      additionalProperties: false,
    },
  },
  defaultOptions: { marginSeconds: 1 },
  check(context) {
    const services = context.deployment.services();
    for (const unit of context.services) {
      const deadlines = unit.code.flatMap((c) => c.facts.shutdownDeadlines.map((d) => ({ file: c.file, d })));
      const closing = unit.code.flatMap((c) => (c.facts.closesAtOnce ? [{ file: c.file, range: c.facts.closesAtOnce }] : []));
      for (const { file, value: template } of unit.workloads) {
        const containers = servingContainers(template, services);
        if (containers.length === 0) continue;
        const grace = numberValue(at(template.spec, 'terminationGracePeriodSeconds')) ?? 30;
        const graceNode = keyAt(template.spec, 'terminationGracePeriodSeconds') ?? template.specKey ?? template.resource.node;
        for (const container of containers) {
          const preStop = preStopSleep(container);
          const budget = grace - (preStop?.seconds ?? 0);
          const longest = deadlines.sort((a, b) => b.d.ms - a.d.ms)[0];
          const symbol = `${template.resource.label}.${container.name ?? ''}`;
          if (longest !== undefined && longest.d.ms / 1000 + context.options.marginSeconds > budget) {
            context.report({
              file,
              at: graceNode,
              messageId: 'deadlineTooLong',
              data: {
                deadline: longest.d.ms / 1000,
                what: longest.d.what,
                workload: template.resource.label,
                budget,
                grace,
                prestop: preStop && preStop.seconds > 0 ? ` minus a ${preStop.seconds} s preStop sleep` : keyAt(template.spec, 'terminationGracePeriodSeconds') ? '' : ' (the default)',
              },
              symbol,
              related: [{ file: longest.file, range: longest.d, message: `shutdown deadline: ${longest.d.ms} ms` }],
            });
          }
          if (preStop === undefined && closing.length > 0) {
            context.report({
              file,
              at: container.anchor,
              messageId: 'noPreStop',
              data: { container: container.name ?? '', workload: template.resource.label },
              symbol,
              related: closing.map((c) => ({ file: c.file, range: c.range, message: 'closes the server on SIGTERM' })),
            });
          }
        }
      }
    }
  },
});
