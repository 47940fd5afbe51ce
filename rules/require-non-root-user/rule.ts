import { at, commandWords, defineManifestRule, isBackingServiceImage, numberValue, runtimeInstruction } from '@statelint/core';

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
      nodeImage(runtime, file) {
        // A USER of a stage the final one is built FROM carries over.
        const user = runtimeInstruction(runtime, 'USER');
        if (user === undefined) {
          const image = runtime.image;
          if (image === undefined || NON_ROOT_BASES.some((re) => re.test(image))) return; // an ARG without a default, or a non-root base
          // Datastore images (postgres, mysql, mongo, redis, …) drop to their own user in the entrypoint.
          if (isBackingServiceImage(image)) return;
          // Every workload of the run that runs this image sets a non-root user (CLI).
          const running = context.deployment.containersRunning(file);
          const asUser = (node: unknown): number | undefined => numberValue(at(node, 'securityContext', 'runAsUser'));
          if (running.length > 0 && running.every(({ template, container }) => (asUser(container.node) ?? asUser(template.spec) ?? 0) > 0)) return;
          context.report({ at: runtime.final.from.getInstructionRange(), messageId: 'noUser', symbol: 'USER' });
          return;
        }
        const name = commandWords(user)[0]?.split(':')[0] ?? '';
        if (name === 'root' || name === '0') context.report({ at: user.getRange(), messageId: 'rootUser', data: { user: name }, symbol: 'USER' });
      },
    };
  },
});
