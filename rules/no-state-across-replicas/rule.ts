import { defineCrossCheck, replicaCount, servingContainers, targetRange } from '@statelint/core';
import { STATE_RULES } from './catalogue.js';

export interface Options {
  /** Raise the code finding to an error when the service runs more than one replica. */
  raiseSeverity: boolean;
}
export type MessageId = 'replicated';

export default defineCrossCheck<MessageId, Options>({
  id: 'no-state-across-replicas',
  meta: {
    type: 'problem',
    docs: {
      description: 'Say on in-memory state, cache, session and local-scheduler findings that the deployment runs the service as several replicas (optionally raising them to errors)',
      recommended: 'warn',
      strictOptions: { raiseSeverity: true },
    },
    messages: {
      replicated: '{{workload}} ({{file}}) {{replicas}}: {{consequence}}.',
    },
    schema: {
      type: 'object',
      properties: { raiseSeverity: { type: 'boolean', description: 'Raise these findings to errors when the service runs several replicas (default false; strict: true).' } },
      additionalProperties: false,
    },
  },
  defaultOptions: { raiseSeverity: false },
  check(context) {
    const services = context.deployment.services();
    for (const unit of context.services) {
      const findings = unit.codeFindings.filter((f) => STATE_RULES.has(f.ruleId));
      if (findings.length === 0) continue;
      const replicated = unit.workloads
        .filter((w) => servingContainers(w.value, services).length > 0)
        .map((w) => ({ w, count: replicaCount(context.deployment, w) }))
        .find(({ count }) => count.many);
      if (replicated === undefined) continue;
      const { w, count } = replicated;
      for (const finding of findings) {
        context.annotate(finding, {
          messageId: 'replicated',
          data: { workload: w.value.resource.label, file: w.file.fileName.split('/').slice(-2).join('/'), replicas: count.text, consequence: STATE_RULES.get(finding.ruleId)! },
          related: count.node ? [{ file: count.file.fileName, range: targetRange(count.file, count.node), message: `${w.value.resource.label} ${count.text}` }] : [],
          ...(context.options.raiseSeverity ? { severity: 'error' as const } : {}),
        });
      }
    }
  },
});
