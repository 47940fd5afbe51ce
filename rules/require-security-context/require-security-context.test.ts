import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const pod = (podContext: string, container: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:${podContext}
  containers:
    - name: app
${container}`;

const data = { container: 'app', workload: 'Pod/p' };

runManifestRuleTests('require-security-context', {
  valid: [
    pod('', `      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }`),
    {
      name: 'a node agent: a privileged DaemonSet on the host PID namespace',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: reporter }\nspec:\n  template:\n    spec:\n      hostPID: true\n      containers:\n        - name: reporter\n          image: reporter:1\n          securityContext: { privileged: true }\n',
    },
    { name: 'a Job runs to completion', code: 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: init }\nspec:\n  template:\n    spec:\n      containers:\n        - name: init\n          image: psql:16\n' },
    { name: 'a datastore image manages its own user', code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db }\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n' },
    {
      name: 'a datastore container next to the service\'s own one',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: ss }\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: redis:7\n        - name: app\n          image: app:1\n          securityContext: { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }\n',
    },
    { name: 'an example manifest', filename: 'examples/pod.yaml', code: pod('', `      image: app:1`) },
    { name: 'runAsNonRoot on the pod, a numeric user', code: pod('\n  securityContext: { runAsUser: 10001 }', `      securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }`) },
  ],
  invalid: [
    {
      code: pod('', `      image: app:1`),
      errors: [
        { messageId: 'runAsNonRoot', data, line: 6, column: 7, endLine: 6, endColumn: 11 },
        { messageId: 'readOnlyRootFilesystem', data, line: 6, column: 7, endLine: 6, endColumn: 11 },
        { messageId: 'allowPrivilegeEscalation', data, line: 6, column: 7, endLine: 6, endColumn: 11 },
      ],
    },
    {
      code: pod('\n  securityContext:\n    runAsNonRoot: false', `      securityContext:\n        readOnlyRootFilesystem: false\n        allowPrivilegeEscalation: true`),
      errors: [
        { messageId: 'runAsNonRoot', data, line: 6, column: 5, endLine: 6, endColumn: 17 },
        { messageId: 'readOnlyRootFilesystem', data, line: 10, column: 9, endLine: 10, endColumn: 31 },
        { messageId: 'allowPrivilegeEscalation', data, line: 11, column: 9, endLine: 11, endColumn: 33 },
      ],
    },
  ],
});
