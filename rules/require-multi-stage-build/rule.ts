import { defineManifestRule, isStageReference } from '@statelint/core';
import { BUILD_COMMAND, MINIMAL_BASES, MINIMAL_NODE_TAG } from './catalogue.js';

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
      dockerfile(file) {
        const stages = file.stages;
        const last = stages[stages.length - 1];
        if (last === undefined) return;
        const range = last.from.getImageRange() ?? last.from.getRange();
        if (stages.length === 1) {
          // A base image with files copied in (a datastore with its init scripts) builds nothing.
          const builds = last.instructions.some((i) => i.getKeyword() === 'RUN' && BUILD_COMMAND.test(i.getRawArgumentsContent() ?? ''));
          if (!builds) return;
          context.report({ at: last.from.getInstructionRange(), messageId: 'singleStage', symbol: 'FROM' });
          return;
        }
        if (isStageReference(stages, stages.length - 1)) return; // FROM runtime-base AS final
        const name = last.from.getImageName() ?? '';
        const tag = last.from.getImageTag() ?? '';
        if (name.includes('$')) return; // an ARG decides
        const minimal = MINIMAL_BASES.some((re) => re.test(name)) && (!/(^|\/)node$/.test(name) || MINIMAL_NODE_TAG.test(tag));
        if (!minimal && /(^|\/)node$/.test(name)) {
          context.report({ at: range, messageId: 'fatRuntime', data: { image: last.from.getImage() ?? name }, symbol: 'FROM' });
        }
      },
    };
  },
});
