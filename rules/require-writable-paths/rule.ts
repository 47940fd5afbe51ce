import { at, booleanValue, containerEnv, defineCrossCheck, dockerfileWorkdir, keyAt, mountsOf, targetRange } from '@statelint/core';
import path from 'node:path';

export type Options = Record<string, never>;
export type MessageId = 'readOnlyWrite' | 'scratchWrite';

export default defineCrossCheck<MessageId, Options>({
  id: 'require-writable-paths',
  meta: {
    type: 'problem',
    docs: {
      description: 'Report code that writes to a path the deployment makes read-only (`readOnlyRootFilesystem: true` and no volume mounted there)',
      recommended: 'error',
    },
    messages: {
      readOnlyWrite:
        'Container `{{container}}` of {{workload}} has a read-only root filesystem, but the code writes to `{{path}}` ({{code}}), where no volume is mounted: the write fails at run time with EROFS. Keep the data in a database or object store; for scratch files mount an `emptyDir` there.',
      scratchWrite:
        '{{workload}} mounts an `emptyDir` at `{{mount}}` for this write: it works, as scratch space that dies with the pod; never as data another request or replica reads.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check(context) {
    for (const unit of context.services) {
      const writes = unit.code.flatMap((c) => c.facts.writes.map((w) => ({ file: c.file, write: w })));
      if (writes.length === 0) continue;
      for (const { file, value: template } of unit.workloads) {
        for (const container of template.containers) {
          const readOnly = booleanValue(at(container.node, 'securityContext', 'readOnlyRootFilesystem')) === true;
          if (!readOnly) continue;
          const mounts = mountsOf(template, container);
          const workdir = stringOr(at(container.node, 'workingDir')) ?? dockerfileWorkdir(unit.dockerfiles);
          for (const { file: codeFile, write } of writes) {
            let target = write.path;
            if (target === undefined) continue;
            if (target.startsWith('$TMPDIR')) target = (containerEnv(container, unit.dockerfiles, 'TMPDIR') ?? '/tmp') + target.slice('$TMPDIR'.length);
            if (!path.posix.isAbsolute(target)) {
              if (workdir === undefined) continue;
              target = path.posix.join(workdir, target);
            }
            const mount = mounts
              .filter((m) => target === m.path || target!.startsWith(m.path.endsWith('/') ? m.path : `${m.path}/`))
              .sort((a, b) => b.path.length - a.path.length)[0];
            const codeRange = { line: write.line, column: write.column, endLine: write.endLine, endColumn: write.endColumn };
            const code = `${path.basename(codeFile)}:${write.line}`;
            if (mount === undefined || mount.readOnly) {
              const keyNode = keyAt(at(container.node, 'securityContext'), 'readOnlyRootFilesystem')!;
              context.report({
                file,
                at: keyNode,
                messageId: 'readOnlyWrite',
                data: { container: container.name ?? '', workload: template.resource.label, path: target, code },
                symbol: `${template.resource.label}.${container.name ?? ''}.${target}`,
                related: [{ file: codeFile, range: codeRange, message: `writes to ${target}` }],
              });
            } else if (mount.volumeKind === 'emptyDir') {
              const finding = unit.codeFindings.find((f) => f.ruleId === 'no-fs-writes' && f.file === codeFile && f.line === write.line && f.column === write.column);
              if (finding !== undefined) {
                context.annotate(finding, {
                  messageId: 'scratchWrite',
                  data: { workload: template.resource.label, mount: mount.path },
                  related: [{ file: file.fileName, range: targetRange(file, mount.node), message: `emptyDir mounted at ${mount.path}` }],
                });
              }
            }
          }
        }
      }
    }
  },
});

function stringOr(node: unknown): string | undefined {
  return typeof (node as { value?: unknown } | undefined)?.value === 'string' ? ((node as { value: string }).value) : undefined;
}
