import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const deployment = (strategy: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${strategy}
  template:
    spec:
      containers:
        - name: web
          ports: [{ containerPort: 8080 }]`;

runManifestRuleTests('require-rolling-update', {
  valid: [
    deployment(`  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxUnavailable: 0, maxSurge: 25% }`),
    deployment(`  strategy:\n    rollingUpdate:\n      maxUnavailable: "0%"`),
    { name: 'a worker Deployment may recreate', code: deployment(`  strategy: { type: Recreate }`).replace('          ports: [{ containerPort: 8080 }]', '          image: w:1') },
    { name: 'a datastore must recreate (example-voting-app redis)', code: deployment(`  replicas: 1`).replace('        - name: web', '        - name: redis\n          image: redis:alpine') },
    { name: 'the default 25% of fewer than 4 replicas rounds down to 0', code: deployment(`  replicas: 3`) },
    { name: 'no replicas: Kubernetes runs 1, and 25% of 1 is 0', code: deployment('') },
    { name: 'a percentage that rounds down to 0', code: deployment(`  replicas: 3\n  strategy:\n    rollingUpdate: { maxUnavailable: 30% }`) },
    { name: 'StatefulSets are not judged', code: deployment(`  updateStrategy: { type: OnDelete }`).replace('kind: Deployment', 'kind: StatefulSet') },
  ],
  invalid: [
    {
      code: deployment(`  strategy:\n    type: Recreate`),
      errors: [{ messageId: 'recreate', data: { workload: 'Deployment/web', value: '' }, line: 7, column: 5, endLine: 7, endColumn: 9 }],
    },
    {
      code: deployment(`  strategy:\n    rollingUpdate:\n      maxUnavailable: 1\n      maxSurge: 0`),
      errors: [
        { messageId: 'unavailable', data: { workload: 'Deployment/web', value: '1' }, line: 8, column: 7, endLine: 8, endColumn: 21 },
        { messageId: 'noSurge', data: { workload: 'Deployment/web', value: '' }, line: 9, column: 7, endLine: 9, endColumn: 15 },
      ],
    },
    {
      name: 'no strategy with 4 replicas (25% of 4 is 1): reported at spec',
      code: deployment(`  replicas: 4`),
      errors: [{ messageId: 'noStrategy', data: { workload: 'Deployment/web', value: '' }, line: 5, column: 1, endLine: 5, endColumn: 5 }],
    },
    {
      name: 'the default strategy of a Deployment an HPA scales to 10',
      code: `${deployment('')}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web }\nspec:\n  scaleTargetRef: { kind: Deployment, name: web }\n  minReplicas: 2\n  maxReplicas: 10`,
      errors: [{ messageId: 'noStrategy', data: { workload: 'Deployment/web', value: '' }, line: 5, column: 1, endLine: 5, endColumn: 5 }],
    },
  ],
});
