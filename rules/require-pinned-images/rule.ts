import { at, defineManifestRule, initialArgs, keyAt, parentStage, parseImageRef, stringValue, substituteArgs, type YamlNode } from '@statelint/core';
import { OFFICIAL_IMAGES } from './catalogue.js';

export type Options = Record<string, never>;
export type MessageId = 'unpinned';

export default defineManifestRule<MessageId, Options>({
  id: 'require-pinned-images',
  files: ['kubernetes', 'compose', 'dockerfile'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require container images and Dockerfile base images to name a tag other than `latest` (or a digest)',
      recommended: 'warn',
    },
    messages: {
      unpinned:
        '`{{image}}` {{why}}: replicas started at different times (a scale-up, a node replacement) can run different code, and a rollback cannot go back. Pin a version tag or a digest (`@sha256:…`).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    const why = (image: string): string | undefined => {
      if (/[${}]/.test(image) || image.trim() === '' || image === 'scratch') return undefined;
      const ref = parseImageRef(image);
      if (ref.digest !== undefined) return undefined;
      if (context.deployment.kustomizedImages.has(ref.name) || context.deployment.kustomizedImages.has(image)) return undefined;
      // Image names are lower case: capitals are a placeholder a pipeline replaces (`gcr.io/PROJECT_ID/IMAGE`).
      if (/[A-Z]/.test(ref.name)) return undefined;
      // A one-word name that is no official image is built and substituted by a tool at deploy time.
      if (!ref.name.includes('/') && !OFFICIAL_IMAGES.has(ref.name)) return undefined;
      if (ref.tag === undefined) return 'has no tag, so it means `:latest`';
      if (ref.tag === 'latest') return 'uses the moving `latest` tag';
      return undefined;
    };
    const check = (node: YamlNode | undefined, keyNode: YamlNode | undefined, symbol: string): void => {
      const image = stringValue(node);
      const reason = image === undefined ? undefined : why(image);
      if (reason !== undefined) context.report({ at: keyNode ?? node!, messageId: 'unpinned', data: { image: image!, why: reason }, symbol });
    };
    return {
      workload(template) {
        for (const c of [...template.containers, ...template.initContainers]) {
          check(at(c.node, 'image'), keyAt(c.node, 'image'), `${template.resource.label}.${c.name ?? ''}`);
        }
      },
      composeService(service) {
        if (at(service.node, 'build') !== undefined) return; // the image is what `build` produces
        check(at(service.node, 'image'), keyAt(service.node, 'image'), service.name);
      },
      dockerfile(file) {
        const args = initialArgs(file.docker);
        file.stages.forEach((stage, i) => {
          const raw = stage.from.getImage();
          if (raw === null || parentStage(file.stages, stage) !== undefined) return;
          // `FROM node:${NODE_VERSION}`: the ARG's default is the image; without one, the build decides.
          const image = substituteArgs(raw, args);
          if (image === undefined) return;
          const reason = why(image);
          if (reason !== undefined) context.report({ at: stage.from.getImageRange() ?? stage.from.getRange(), messageId: 'unpinned', data: { image, why: reason }, symbol: `FROM ${i}` });
        });
      },
    };
  },
});
