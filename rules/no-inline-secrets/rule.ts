import { at, defineManifestRule, isMap, isSeq, keyAt, mapEntries, seqItems, stringValue, type YamlNode } from '@statelint/core';
import { CONNECTION_STRING, CONNECTION_STRING_SHAPE, isPlaceholder, REFERENCE_NAME, SECRET_NAME, SECRET_SHAPES } from './catalogue.js';

export type Options = Record<string, never>;
export type MessageId = 'byName' | 'byShape';

export default defineManifestRule<MessageId, Options>({
  id: 'no-inline-secrets',
  files: ['kubernetes', 'compose', 'dockerfile'],
  // A vendor's live token leaks from a test file too; the rest is judged in production files only.
  alsoNonProduction: true,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow secrets written inline in `env[].value`, compose `environment`, or Dockerfile `ENV`/`ARG`',
      recommended: 'error',
    },
    messages: {
      byName:
        '`{{name}}` is given a literal value in {{where}}: the secret is in the repository and in every copy of the manifest or image, and rotating it means a redeploy. Read it from a Secret (`valueFrom.secretKeyRef`, a mounted file, a build secret) instead.',
      byShape:
        'The value of `{{name}}` in {{where}} looks like {{shape}}: a secret in the repository and in every copy of the manifest or image. Read it from a Secret (`valueFrom.secretKeyRef`, a mounted file, a build secret) and rotate this one.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    const judge = (name: string, value: string | undefined, where: string, at: Parameters<typeof context.report>[0]['at'], symbol: string): void => {
      if (value === undefined) return;
      const shape = SECRET_SHAPES.find((s) => (s.everywhere || context.production) && s.pattern.test(value));
      if (shape !== undefined) {
        context.report({ at, messageId: 'byShape', data: { name, where, shape: shape.name }, symbol });
        return;
      }
      // A dev stack's or a test's credentials are its own; only production files are judged further.
      if (!context.production) return;
      const url = CONNECTION_STRING.exec(value);
      if (url !== null) {
        if (!isPlaceholder(url[2]!)) context.report({ at, messageId: 'byShape', data: { name, where, shape: CONNECTION_STRING_SHAPE }, symbol });
        return;
      }
      const upper = name.toUpperCase().replace(/-/g, '_');
      if (SECRET_NAME.test(upper) && !REFERENCE_NAME.test(upper) && !isPlaceholder(value)) {
        context.report({ at, messageId: 'byName', data: { name, where }, symbol });
      }
    };
    const envList = (env: YamlNode | undefined, where: string, symbol: string): void => {
      if (isSeq(env)) {
        for (const entry of seqItems(env)) {
          const name = stringValue(at(entry, 'name'));
          if (name === undefined || at(entry, 'value') === undefined) continue;
          judge(name, stringValue(at(entry, 'value')), where, keyAt(entry, 'value')!, symbol);
        }
      } else if (isMap(env)) {
        for (const { key, value } of mapEntries(env)) judge(key, stringValue(value), where, keyAt(env, key)!, symbol);
      }
    };
    return {
      workload(template) {
        for (const container of [...template.containers, ...template.initContainers]) {
          envList(at(container.node, 'env'), `the env of container \`${container.name ?? ''}\` of ${template.resource.label}`, `${template.resource.label}.${container.name ?? ''}`);
        }
      },
      resource(resource) {
        // A ConfigMap is plain text too: secrets belong in a Secret (which RBAC can restrict).
        if (resource.kind === 'ConfigMap') {
          for (const { key, value } of mapEntries(at(resource.node, 'data'))) {
            judge(key, stringValue(value), `ConfigMap ${resource.name ?? ''}`, keyAt(at(resource.node, 'data'), key)!, resource.label);
          }
        }
      },
      composeService(service) {
        const env = at(service.node, 'environment');
        if (isSeq(env)) {
          for (const item of seqItems(env)) {
            const text = stringValue(item);
            const eq = text?.indexOf('=') ?? -1;
            if (text !== undefined && eq > 0) judge(text.slice(0, eq), text.slice(eq + 1), `compose service ${service.name}`, item, service.name);
          }
        } else envList(env, `compose service ${service.name}`, service.name);
      },
      dockerfile(file) {
        for (const instruction of file.docker.dockerfile.getInstructions()) {
          const keyword = instruction.getKeyword();
          if (keyword !== 'ENV' && keyword !== 'ARG') continue;
          const properties = (instruction as unknown as { getProperties?: () => { getName(): string; getValue(): string | null; getNameRange(): never; getRange(): never }[] }).getProperties?.() ?? [];
          for (const p of properties) judge(p.getName(), p.getValue() ?? undefined, `the Dockerfile's ${keyword}`, p.getRange(), `${keyword} ${p.getName()}`);
        }
      },
    };
  },
});
