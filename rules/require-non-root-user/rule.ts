import { commandWords, defineManifestRule, isBackingServiceImage, lastInstruction } from '@statelint/core';

export type Options = Record<string, never>;
export type MessageId = 'noUser' | 'rootUser';

/** Base images whose default user is not root. */
const NON_ROOT_BASES = [/distroless\/.*:(.*-)?nonroot/, /^cgr\.dev\/chainguard\//, /(^|\/)ubi\d+\/nodejs-\d+/];

export default defineManifestRule<MessageId, Options>({
  id: 'require-non-root-user',
  files: ['dockerfile'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the final stage of a Dockerfile to switch to a non-root `USER`',
      recommended: 'error',
    },
    messages: {
      noUser:
        'The final stage never sets `USER`, so the service runs as root: Kubernetes\' `runAsNonRoot` refuses the pod, and a compromised process owns the container. Add `USER node` (official node images) or a numeric `USER 10001`.',
      rootUser:
        'The final stage runs as `{{user}}`: Kubernetes\' `runAsNonRoot` refuses the pod, and a compromised process owns the container. Switch to an unprivileged user (`USER node`, or numeric `USER 10001`).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(file) {
        const last = file.stages[file.stages.length - 1];
        if (last === undefined) return;
        const user = lastInstruction(last, 'USER');
        if (user === undefined) {
          const image = last.from.getImage() ?? '';
          if (NON_ROOT_BASES.some((re) => re.test(image))) return;
          // Datastore images (postgres, mysql, mongo, redis, …) drop to their own user in the entrypoint.
          if (isBackingServiceImage(image)) return;
          // FROM another stage of this file: that stage's USER carries over.
          const base = file.stages.find((s) => s.name !== undefined && s.name === last.from.getImageName()?.toLowerCase());
          if (base !== undefined && lastInstruction(base, 'USER') !== undefined) return;
          context.report({ at: last.from.getInstructionRange(), messageId: 'noUser', symbol: 'USER' });
          return;
        }
        const name = commandWords(user)[0]?.split(':')[0] ?? '';
        if (name === 'root' || name === '0') context.report({ at: user.getRange(), messageId: 'rootUser', data: { user: name }, symbol: 'USER' });
      },
    };
  },
});
