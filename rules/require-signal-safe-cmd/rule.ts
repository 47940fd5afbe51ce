import { commandWords, defineManifestRule, isExecForm, runtimeInstruction } from '@statelint/core';
import path from 'node:path';
import { INITS, RUNNERS, SHELLS } from './catalogue.js';

export type Options = Record<string, never>;
export type MessageId = 'shellForm' | 'runner';

export default defineManifestRule<MessageId, Options>({
  id: 'require-signal-safe-cmd',
  files: ['dockerfile'],
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `CMD`/`ENTRYPOINT` in exec form running `node` directly (or behind tini/dumb-init), never a shell or `npm start` as PID 1',
      recommended: 'error',
    },
    messages: {
      shellForm:
        '`{{keyword}}` in shell form runs `/bin/sh -c` as PID 1, which does not pass SIGTERM on to Node: the graceful shutdown never runs and Kubernetes kills the pod after its grace period, mid-request. Use exec form: `{{keyword}} ["node", "dist/main.js"]` (or put `tini` / `dumb-init` first).',
      runner:
        '`{{runner}}` as PID 1 does not deliver SIGTERM to the Node process it starts: the graceful shutdown never runs and in-flight requests are cut at SIGKILL. Run `node` directly (`CMD ["node", "dist/main.js"]`) or put `tini` / `dumb-init` first.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  create(context) {
    return {
      nodeImage(runtime, file) {
        // `init: true` in a compose service built from this Dockerfile's folder.
        const dir = path.dirname(file.fileName);
        const composeInit = context.deployment.composeServices.some(({ file: f, value: s }) => {
          const init = s.node && (s.node as { get?: (k: string) => unknown }).get?.('init');
          const build = (s.node as { get?: (k: string) => unknown }).get?.('build');
          const context_ = typeof build === 'string' ? build : (build as { get?: (k: string) => unknown } | undefined)?.get?.('context');
          return init === true && typeof context_ === 'string' && path.resolve(path.dirname(f.fileName), context_) === dir;
        });
        if (composeInit) return;
        // An ENTRYPOINT or CMD of a stage the final one is built FROM carries over.
        const entrypoint = runtimeInstruction(runtime, 'ENTRYPOINT');
        const cmd = runtimeInstruction(runtime, 'CMD');
        const first = entrypoint ?? cmd;
        if (first === undefined) return;
        const words = commandWords(first);
        if (INITS.some((re) => re.test(words[0] ?? ''))) return;
        if (!isExecForm(first)) {
          if (words[0] === 'exec') {
            const runner = words[1] ?? '';
            if (RUNNERS.has(path.basename(runner))) context.report({ at: first.getRange(), messageId: 'runner', data: { runner }, symbol: first.getKeyword() });
            return;
          }
          if (INITS.some((re) => re.test(words[0] ?? ''))) return;
          context.report({ at: first.getRange(), messageId: 'shellForm', data: { keyword: first.getKeyword() }, symbol: first.getKeyword() });
          return;
        }
        // Exec form: judge the program that becomes PID 1 (the ENTRYPOINT's, else the CMD's).
        const program = path.basename(words[0] ?? '');
        if (SHELLS.has(words[0] ?? '') && (words.includes('-c') || words[0] === '/usr/bin/env')) {
          const script = words.slice(words.indexOf('-c') + 1).join(' ');
          if (words[0] !== '/usr/bin/env' && !/^\s*exec\s/.test(script)) {
            context.report({ at: first.getRange(), messageId: 'shellForm', data: { keyword: first.getKeyword() }, symbol: first.getKeyword() });
          }
          return;
        }
        if (RUNNERS.has(program)) context.report({ at: first.getRange(), messageId: 'runner', data: { runner: program }, symbol: first.getKeyword() });
      },
    };
  },
});
