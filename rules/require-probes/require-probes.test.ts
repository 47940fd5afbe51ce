import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const deployment = (container: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
${container}`;

runManifestRuleTests('require-probes', {
  valid: [
    deployment(`        - name: web
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
          livenessProbe: { httpGet: { path: /live, port: 8080 } }`),
    { name: 'a worker that serves nothing needs no probes', code: deployment(`        - name: worker\n          image: app:1`) },
    { name: 'a Job is not serving', code: `apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\nspec:\n  template:\n    spec:\n      containers:\n        - name: j\n          ports: [{ containerPort: 1 }]` },
    {
      name: 'a datastore probes with exec, the same command for both (abhishek26w/Kubernetes mysql)',
      code: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: mysql }\nspec:\n  template:\n    spec:\n      containers:\n        - name: mysql\n          image: mysql:8\n          ports: [{ containerPort: 3306 }]\n          readinessProbe: { exec: { command: [mysqladmin, ping] } }\n          livenessProbe: { exec: { command: [mysqladmin, ping] } }`,
    },
    { name: 'TCP probes on both are fine', code: deployment(`        - name: web\n          ports: [{ containerPort: 5432 }]\n          readinessProbe: { tcpSocket: { port: 5432 } }\n          livenessProbe: { tcpSocket: { port: 5432 } }`) },
    { name: 'liveness optional by option', options: { requireLiveness: false }, code: deployment(`        - name: web\n          ports: [{ containerPort: 8080 }]\n          readinessProbe: { httpGet: { path: /ready, port: 8080 } }`) },
    {
      name: 'a node agent on the host network serves the node, not the Service',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: agent }\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - name: agent\n          ports: [{ containerPort: 9100 }]\n',
    },
    { name: 'a datastore deployed next to the service', code: deployment(`        - name: redis\n          image: redis:7-alpine\n          ports: [{ containerPort: 6379 }]`) },
    { name: 'a DaemonSet that publishes a port', code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent }\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          ports: [{ containerPort: 9100 }]\n' },
    { name: 'a dev overlay', filename: 'k8s/overlays/dev/app.yaml', code: deployment(`        - name: web\n          ports: [{ containerPort: 8080 }]`) },
    { name: 'a disabled finding', code: deployment(`        # statelint-disable-next-line require-probes -- a sidecar-only pod\n        - name: web\n          ports: [{ containerPort: 8080 }]`) },
  ],
  invalid: [
    {
      name: 'no probes at all: reported at the container name',
      code: deployment(`        - name: web\n          ports:\n            - containerPort: 8080`),
      errors: [
        { messageId: 'missingReadiness', data: { container: 'web', workload: 'Deployment/web' }, line: 9, column: 11, endLine: 9, endColumn: 15 },
        { messageId: 'missingLiveness', data: { container: 'web', workload: 'Deployment/web' }, line: 9, column: 11, endLine: 9, endColumn: 15 },
      ],
    },
    {
      name: 'identical probes, and exec readiness',
      code: deployment(`        - name: web
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe:
            exec: { command: [cat, /tmp/ready] }
          livenessProbe:
            exec: { command: [cat, /tmp/ready] }`),
      errors: [
        { messageId: 'execReadiness', data: { container: 'web', workload: 'Deployment/web' }, line: 12, column: 13, endLine: 12, endColumn: 17 },
        { messageId: 'identicalProbes', data: { container: 'web', workload: 'Deployment/web' }, line: 13, column: 11, endLine: 13, endColumn: 24 },
      ],
    },
    {
      name: 'same HTTP check through a named port',
      code: deployment(`        - name: web
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /health, port: http } }
          livenessProbe: { httpGet: { path: /health, port: 8080 }, periodSeconds: 20 }`),
      errors: [{ messageId: 'identicalProbes', data: { container: 'web', workload: 'Deployment/web' }, line: 12, column: 11, endLine: 12, endColumn: 24 }],
    },
    {
      name: 'a container without ports that a Service (in the same file) selects',
      code: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec: { selector: { app: web } }
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      template:
        metadata: { labels: { app: web } }
        spec:
          containers:
            - name: web
              livenessProbe: { httpGet: { path: /live, port: 80 } }`,
      errors: [{ messageId: 'missingReadiness', data: { container: 'web', workload: 'Deployment/web' }, line: 16, column: 15, endLine: 16, endColumn: 19 }],
    },
  ],
});
