import { containerEnv, defineCrossCheck, httpProbes, servingContainers, type CodeFacts, type RelatedLocation } from '@statelint/core';

export type Options = Record<string, never>;
export type MessageId = 'noRoute' | 'wrongPort';

export default defineCrossCheck<MessageId, Options>({
  id: 'require-probe-route',
  meta: {
    type: 'problem',
    docs: {
      description: "Report HTTP probes whose path no route of the code serves, or whose port is not the one the code listens on",
      recommended: 'error',
    },
    messages: {
      noRoute:
        'The {{probe}} of `{{container}}` ({{workload}}) calls `{{path}}`, but no route of the service serves that path: the probe gets a 404, so the pod never becomes ready (readiness) or is restarted over and over (liveness). Point the probe at the health route the code registers, or add one.',
      wrongPort:
        'The {{probe}} of `{{container}}` ({{workload}}) calls port {{port}}, but the code listens on {{listen}}: the probe cannot connect, so the pod never becomes ready or is restarted. Use the port the server listens on (set `PORT` in the container env, or fix the probe).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check(context) {
    const services = context.deployment.services();
    for (const unit of context.services) {
      const facts = unit.code.map((c) => c.facts);
      const paths = facts.flatMap((f) => f.paths);
      const knowsRoutes = paths.length > 0 && !facts.some((f) => f.healthLibraries.length > 0);
      for (const { file, value: template } of unit.workloads) {
        for (const container of servingContainers(template, services)) {
          for (const probe of httpProbes(container)) {
            const data = { probe: probe.kind, container: container.name ?? '', workload: template.resource.label, path: probe.path };
            const symbol = `${template.resource.label}.${container.name ?? ''}.${probe.kind}`;
            if (knowsRoutes && !served(probe.path, paths)) {
              context.report({ file, at: probe.pathNode, messageId: 'noRoute', data, symbol, related: listenLocations(unit.code, 'the server listens here') });
              continue;
            }
            if (probe.port === undefined || probe.portNode === undefined) continue;
            const listens = unit.code.flatMap((c) => c.facts.listens.map((l) => ({ file: c.file, listen: l })));
            const ports = listens.map(({ listen }) => {
              const fromEnv = listen.env === undefined ? undefined : containerEnv(container, unit.dockerfiles, listen.env);
              if (fromEnv !== undefined) return /^\d+$/.test(fromEnv) ? Number(fromEnv) : undefined;
              return listen.port;
            });
            if (listens.length === 0 || ports.some((p) => p === undefined) || ports.includes(probe.port)) continue;
            context.report({
              file,
              at: probe.portNode,
              messageId: 'wrongPort',
              data: { ...data, port: probe.port, listen: [...new Set(ports)].join(', ') },
              symbol,
              related: listenLocations(unit.code, 'the server listens here'),
            });
          }
        }
      }
    }
  },
});

function listenLocations(code: readonly { file: string; facts: CodeFacts }[], message: string): RelatedLocation[] {
  return code.flatMap((c) => c.facts.listens.map((l) => ({ file: c.file, range: l, message })));
}

/** Is the probe path one of the code's path literals: exactly, as a mounted suffix, or through a pattern? */
function served(probePath: string, paths: readonly string[]): boolean {
  const wanted = probePath.split('?')[0]!.replace(/\/+$/, '') || '/';
  for (const raw of paths) {
    const p = raw.replace(/\/+$/, '') || '/';
    if (p === wanted) return true;
    if (p.length > 1 && wanted.endsWith(p)) return true; // router mounted under a prefix
    if (/[:*{]/.test(p)) {
      const pattern = new RegExp(`^${p.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/:\w+\??/g, '[^/]+').replace(/\{[^}]+\}/g, '[^/]+').replace(/\*/g, '.*')}$`);
      if (pattern.test(wanted)) return true;
    }
  }
  return false;
}
