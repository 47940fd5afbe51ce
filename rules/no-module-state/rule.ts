/**
 * no-module-state: data kept in process memory between requests. Two replicas of a service each
 * hold their own copy, so they disagree; a restart or a scale-in loses it. Reported once per
 * variable, at its declaration, naming where it changes: module-level variables reassigned and
 * containers mutated at runtime (directly, through aliases, or by another module in typed mode),
 * static class fields, collections held by process-wide singletons, variables of functions run once
 * while the module loads (kept by the closures they return), and — at the write — runtime
 * writes to `globalThis` and `process.env`. Tables built while the module loads, handles created
 * once, and lazily created resources (unless `allowLazySingletons` is off) are not state.
 */
import { MODULE_STATE, browserCodeReason, defineRule, scriptReason, usesFromOtherModules, type Slot, type Verdict } from '@statelint/core';

export interface Options {
  /** Allow module-level resources created on first use (`if (!pool) pool = new Pool()`). */
  allowLazySingletons: boolean;
  /** Also report in scripts and command-line tools, which run once. */
  checkScripts: boolean;
}

export type MessageId = 'reassigned' | 'mutated' | 'singletonField' | 'closureState' | 'lazySingleton' | 'globalWrite' | 'envWrite';

export default defineRule<MessageId, Options>({
  id: 'no-module-state',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow mutable state at module, process or global scope that outlives a request.',
      recommended: 'error',
      strictOptions: { allowLazySingletons: false },
    },
    messages: {
      reassigned:
        '{{scope}} `{{name}}` is reassigned in {{where}}: the value lives in this process only, so replicas disagree and a restart loses it. Keep it in a shared store (Redis, a database) or pass it through the request.',
      mutated:
        '{{scope}} `{{name}}` is mutated in {{where}}: its contents live in this process only, so replicas disagree and a restart loses them. Keep them in a shared store (Redis, a database) or create the container per request.',
      singletonField:
        '`{{name}}` belongs to {{lifetime}}, so it lives as long as the process, and is mutated in {{where}}: each replica keeps its own contents. Keep them in a shared store (Redis, a database) or in request scope.',
      closureState:
        '`{{name}}` belongs to {{owner}}, which runs once while the module loads, so the closures it returns keep it for the life of the process; it is {{change}} in {{where}}: replicas disagree and a restart loses it. Keep it in a shared store (Redis, a database) or pass it through the request.',
      lazySingleton:
        '`{{name}}` is created on first use in {{where}} and kept for the life of the process. Create resources (pools, clients) once at startup and pass them in; keep data in a shared store (Redis, a database).',
      globalWrite:
        '`{{target}}` is written in {{where}}: a global is process-wide state that other replicas never see. Keep the value in a shared store (Redis, a database) or pass it through the request.',
      envWrite:
        '`{{target}}` is written in {{where}}: process.env is the configuration of this one process, and other replicas never see the change. Read configuration at startup; keep values that change in a shared store.',
    },
    schema: {
      type: 'object',
      properties: {
        allowLazySingletons: {
          type: 'boolean',
          description:
            'Allow module-level resources created on first use and kept afterwards (`let pool; if (!pool) pool = new Pool()`). Off in `strict`.',
        },
        checkScripts: {
          type: 'boolean',
          description:
            'Also report in scripts and command-line tools (files with a shebang, or under scripts/, bin/, tools/, cli/, commands/, migrations/, seeds/), which run once.',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { allowLazySingletons: true, checkScripts: false },
  create(context) {
    const { facts, options, sourceFile } = context;
    if (!options.checkScripts && scriptReason(facts) !== undefined) return {};
    if (browserCodeReason(facts) !== undefined) return {};
    return {
      'SourceFile:exit'() {
        const state = facts.memo(MODULE_STATE);
        for (const slot of state.slots) {
          const verdict = state.verdict(slot, usesFromOtherModules);
          if (verdict === undefined || verdict.kind === 'cache') continue;
          if (verdict.kind === 'lazy' && options.allowLazySingletons) continue;
          context.report({ node: slot.node, messageId: messageFor(slot, verdict), data: dataFor(slot, verdict) });
        }
        for (const write of state.globalWrites) {
          context.report({
            node: write.node,
            messageId: write.kind === 'env' ? 'envWrite' : 'globalWrite',
            data: { target: shorten(write.node.getText(sourceFile)), where: write.where },
          });
        }
      },
    };
  },
});

function messageFor(slot: Slot, verdict: Verdict): MessageId {
  if (verdict.kind === 'lazy') return 'lazySingleton';
  if (slot.kind === 'field') return 'singletonField';
  if (slot.kind === 'closure') return 'closureState';
  return verdict.kind === 'mutated' ? 'mutated' : 'reassigned';
}

function dataFor(slot: Slot, verdict: Verdict): Record<string, string> {
  const where = verdict.more === 0 ? verdict.site.where : `${verdict.site.where} and ${verdict.more} other place${verdict.more > 1 ? 's' : ''}`;
  if (verdict.kind === 'lazy') return { name: slot.name, where };
  if (slot.kind === 'field') return { name: slot.name, lifetime: slot.lifetime ?? 'a singleton', where };
  if (slot.kind === 'closure') return { name: slot.name, owner: slot.owner ?? 'a function', change: verdict.kind === 'mutated' ? 'mutated' : 'reassigned', where };
  return { scope: slot.kind === 'static' ? 'Static field' : 'Module-level', name: slot.name, where };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
