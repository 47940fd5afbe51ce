import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const pod = (resources: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
${resources}`;

const why = {
  cpu: 'without it the scheduler places the pod anywhere and the HPA has no utilisation to scale on.',
  memory: 'without it the scheduler overcommits the node and the pod is the first to be evicted.',
  limit: 'a leak or a burst takes the whole node down instead of restarting this container.',
  cpuLimit: 'one busy replica can starve its neighbours.',
};

runManifestRuleTests('require-resources', {
  valid: [
    { name: 'a Job runs to completion', code: 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: app:1\n' },
    { name: 'a datastore deployed next to the service', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db }\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16-alpine\n' },
    { name: 'a CronJob runs to completion', code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: purge }\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: purge\n              image: app:1\n' },
    pod(`      resources:\n        requests: { cpu: 100m, memory: 128Mi }\n        limits: { memory: 256Mi }`),
    { name: 'CPU may burst above its request', code: pod(`      resources:\n        requests: { cpu: 100m, memory: 128Mi }\n        limits: { cpu: "2", memory: 256Mi }`) },
    { options: { requireCpuLimit: true }, code: pod(`      resources:\n        requests: { cpu: 100m, memory: 1Gi }\n        limits: { cpu: 500m, memory: 1Gi }`) },
  ],
  invalid: [
    {
      name: 'a node agent still takes its share of every node',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent }\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: agent:1\n',
      errors: [
        { messageId: 'missing', data: { container: 'agent', workload: 'DaemonSet/agent', field: 'requests.cpu', why: why.cpu }, line: 8, column: 11, endLine: 8, endColumn: 15 },
        { messageId: 'missing', data: { container: 'agent', workload: 'DaemonSet/agent', field: 'requests.memory', why: why.memory }, line: 8, column: 11, endLine: 8, endColumn: 15 },
        { messageId: 'missing', data: { container: 'agent', workload: 'DaemonSet/agent', field: 'limits.memory', why: why.limit }, line: 8, column: 11, endLine: 8, endColumn: 15 },
      ],
    },
    {
      name: 'no resources: at the container name',
      code: pod(`      image: app:1`),
      errors: [
        { messageId: 'missing', data: { container: 'app', workload: 'Pod/p', field: 'requests.cpu', why: why.cpu }, line: 6, column: 7, endLine: 6, endColumn: 11 },
        { messageId: 'missing', data: { container: 'app', workload: 'Pod/p', field: 'requests.memory', why: why.memory }, line: 6, column: 7, endLine: 6, endColumn: 11 },
        { messageId: 'missing', data: { container: 'app', workload: 'Pod/p', field: 'limits.memory', why: why.limit }, line: 6, column: 7, endLine: 6, endColumn: 11 },
      ],
    },
    {
      name: 'requests only, and a CPU limit in strict',
      options: { requireCpuLimit: true },
      code: pod(`      resources:\n        requests: { cpu: 100m, memory: 64Mi }\n        limits:\n          memory: 1Gi`),
      errors: [
        { messageId: 'missing', data: { container: 'app', workload: 'Pod/p', field: 'limits.cpu', why: why.cpuLimit }, line: 9, column: 9, endLine: 9, endColumn: 15 },
        { messageId: 'ratio', data: { resource: 'memory', container: 'app', ratio: 16, max: 4 }, line: 10, column: 11, endLine: 10, endColumn: 17 },
      ],
    },
  ],
});
