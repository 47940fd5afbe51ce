import { defineManifestRule, parseImageRef } from '@statelint/core';
import { BUILD_COMMAND, MINIMAL_NODE_TAG, PRODUCTION_INSTALL, TOOLCHAIN_REMOVED } from './catalogue.js';

export type Options = Record<string, never>;
export type MessageId = 'singleStage' | 'fatRuntime';

export default defineManifestRule<MessageId, Options>({
  id: 'require-multi-stage-build',
  files: ['dockerfile'],
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require Dockerfiles to build in one stage and run from a minimal final stage (distroless, slim, alpine)',
      recommended: 'warn',
    },
    messages: {
      singleStage:
        'The image is built and run in one stage: the compiler, dev dependencies and package-manager caches ship in every replica, which makes pulls (and so scale-out) slow. Build in a first stage and `COPY --from` the output into a minimal runtime stage.',
      fatRuntime:
        'The final stage runs on `{{image}}`, a full build image: every replica pulls its toolchain, which slows scale-out and widens the attack surface. Use a minimal runtime base (`node:<version>-slim`, `-alpine`, or distroless).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    return {
      nodeImage(runtime, file) {
        const { final } = runtime;
        if (file.stages.length === 1) {
          // A base image with files copied in (a datastore with its init scripts) and an install of
          // production dependencies build nothing; a build that removes its toolchain in the same RUN
          // ships none of it.
          const builds = final.instructions.filter((i) => {
            const run = i.getKeyword() === 'RUN' ? (i.getRawArgumentsContent() ?? '') : '';
            return BUILD_COMMAND.test(run.replace(PRODUCTION_INSTALL, '')) && !TOOLCHAIN_REMOVED.test(run);
          });
          if (builds.length === 0) return;
          context.report({ at: final.from.getInstructionRange(), messageId: 'singleStage', symbol: 'FROM' });
          return;
        }
        // The base the final stage runs on, through `FROM <stage>` and initial ARGs (`FROM node:${NODE_VERSION}`).
        if (runtime.image === undefined) return; // an ARG without a default decides
        const { name, tag } = parseImageRef(runtime.image);
        if (/(^|\/)node$/.test(name) && !MINIMAL_NODE_TAG.test(tag ?? '')) {
          const from = runtime.imageFrom;
          context.report({ at: from.getImageRange() ?? from.getRange(), messageId: 'fatRuntime', data: { image: runtime.image }, symbol: 'FROM' });
        }
      },
    };
  },
});
