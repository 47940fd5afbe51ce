import { at, defineManifestRule, keyAt, mapEntries, seqItems, stringValue, type YamlNode } from '@statelint/core';
import { AFFINITY_ANNOTATIONS, TRAEFIK_KINDS } from './catalogue.js';

export type Options = Record<string, never>;
export type MessageId = 'serviceAffinity' | 'annotation' | 'traefikSticky';

export default defineManifestRule<MessageId, Options>({
  id: 'no-session-affinity',
  files: ['kubernetes'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow sticky sessions: Service `sessionAffinity: ClientIP`, ingress cookie affinity, Traefik sticky cookies, ALB stickiness',
      recommended: 'error',
    },
    messages: {
      serviceAffinity:
        'Service {{name}} pins each client IP to one pod (`sessionAffinity: ClientIP`): load stops spreading (every client behind one NAT lands on one replica), and a pod that goes away takes its clients\' sessions with it. Keep session state in a shared store and remove the affinity.',
      annotation:
        '`{{annotation}}` turns on {{controller}} sticky sessions for {{name}}: a replica becomes the only one that can serve its clients, scale-in and rollouts log them out. Keep session state in a shared store and remove it.',
      traefikSticky:
        '{{name}} sets a Traefik sticky cookie: a replica becomes the only one that can serve its clients. Keep session state in a shared store and remove `sticky`.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    return {
      resource(resource) {
        const name = resource.label;
        if (resource.kind === 'Service' && stringValue(at(resource.node, 'spec', 'sessionAffinity')) === 'ClientIP') {
          context.report({ at: keyAt(resource.node, 'spec', 'sessionAffinity')!, messageId: 'serviceAffinity', data: { name }, symbol: name });
        }
        for (const { key, keyNode, value } of mapEntries(at(resource.node, 'metadata', 'annotations'))) {
          const spec = AFFINITY_ANNOTATIONS.find((a) => a.name === key);
          const text = stringValue(value)?.trim();
          if (spec === undefined || text === undefined) continue;
          const on = spec.contains ? spec.contains.test(text) : spec.values ? spec.values.includes(text.toLowerCase()) : !['false', 'none', ''].includes(text.toLowerCase());
          if (on) context.report({ at: keyNode, messageId: 'annotation', data: { annotation: key, controller: spec.controller, name }, symbol: name });
        }
        if (TRAEFIK_KINDS.has(resource.kind)) {
          const visit = (node: YamlNode | undefined, depth: number): void => {
            if (node === undefined || depth > 8) return;
            for (const { key, keyNode, value } of mapEntries(node)) {
              if (key === 'sticky' && at(value, 'cookie') !== undefined) context.report({ at: keyNode, messageId: 'traefikSticky', data: { name }, symbol: name });
              else visit(value, depth + 1);
            }
            for (const item of seqItems(node)) visit(item, depth + 1);
          };
          visit(at(resource.node, 'spec'), 0);
        }
      },
    };
  },
});
