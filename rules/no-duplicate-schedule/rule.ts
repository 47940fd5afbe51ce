import { at, defineCrossCheck, keyAt, parseImageRef, stringValue } from '@statelint/core';

export type Options = Record<string, never>;
export type MessageId = 'twice';

export default defineCrossCheck<MessageId, Options>({
  id: 'no-duplicate-schedule',
  meta: {
    type: 'problem',
    docs: {
      description: 'Report a CronJob that runs the service\'s image while the service code also schedules work in-process',
      recommended: 'warn',
    },
    messages: {
      twice:
        '{{cronjob}} runs the service\'s image on a schedule, and the service also schedules work in-process ({{code}}): the job runs in the CronJob and again in every replica. Keep one: the CronJob, and remove the in-process timer from the web service.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check(context) {
    for (const unit of context.services) {
      const schedulers = unit.codeFindings.filter((f) => f.ruleId === 'no-local-scheduler');
      if (schedulers.length === 0) continue;
      const images = new Set(
        unit.workloads
          .filter((w) => w.value.resource.kind !== 'CronJob')
          .flatMap((w) => w.value.containers.map((c) => stringValue(at(c.node, 'image'))))
          .filter((i): i is string => i !== undefined)
          .map((i) => parseImageRef(i).name),
      );
      for (const { file, value: template } of unit.workloads) {
        if (template.resource.kind !== 'CronJob') continue;
        const same = template.containers.some((c) => {
          const image = stringValue(at(c.node, 'image'));
          return image !== undefined && images.has(parseImageRef(image).name);
        });
        if (!same) continue;
        const first = schedulers[0]!;
        context.report({
          file,
          at: keyAt(template.resource.node, 'spec', 'schedule') ?? keyAt(template.resource.node, 'spec')!,
          messageId: 'twice',
          data: { cronjob: template.resource.label, code: `${first.file.split('/').pop()}:${first.line}` },
          symbol: template.resource.label,
          related: schedulers.map((s) => ({ file: s.file, range: s, message: 'schedules work in every replica' })),
        });
      }
    }
  },
});
