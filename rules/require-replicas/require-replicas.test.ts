import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const deployment = (replicas: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:${replicas}
  template:
    spec:
      containers:
        - name: web
          ports: [{ containerPort: 8080 }]`;

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 10`;

runManifestRuleTests('require-replicas', {
  valid: [
    deployment('\n  replicas: 3'),
    { name: 'an HPA in the same file', code: `${deployment('\n  replicas: 1')}\n---\n${hpa}` },
    { name: 'an HPA in another file of the run (CLI)', code: deployment(''), files: { 'deploy/hpa.yaml': hpa } },
    { name: 'scaled to zero on purpose', code: deployment('\n  replicas: 0') },
    {
      name: 'a datastore deployed next to the service (example-voting-app db) is not the service',
      code: deployment('\n  replicas: 1').replace('        - name: web', '        - name: postgres\n          image: postgres:15-alpine'),
    },
    { code: deployment('\n  replicas: 2'), options: { minReplicas: 2 } },
    { name: 'a local overlay runs one replica on purpose', filename: 'deploy/overlays/local/deployment.yaml', code: deployment('\n  replicas: 1') },
    {
      name: 'a DocumentDB (MongoDB-compatible) datastore is not the service',
      code: deployment('\n  replicas: 1').replace('        - name: web', '        - name: documentdb\n          image: ghcr.io/documentdb/documentdb/documentdb-local:pg17-0.112.0'),
    },
    { name: 'a Kustomize patch by its name', filename: 'config/default/manager_auth_proxy_patch.yaml', code: deployment('') },
    {
      name: 'a file a kustomization merges in as a patch (CLI)',
      filename: 'config/manager/manager.yaml',
      code: deployment(''),
      files: { 'config/manager/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - manager.yaml\n' },
    },
    {
      name: 'a Service only Prometheus scrapes makes no workload a serving one (kubebuilder controller-manager)',
      code: deployment('\n  replicas: 1').replace('          ports: [{ containerPort: 8080 }]', '          image: controller:1').replace('    spec:\n      containers', '    metadata: { labels: { control-plane: manager } }\n    spec:\n      containers'),
      files: { 'deploy/metrics.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: controller-manager-metrics-service }\nspec:\n  selector: { control-plane: manager }\n  ports: [{ name: https, port: 8443 }]\n' },
    },
    { name: 'a minikube manifest', filename: 'minikube/app.yaml', code: deployment('') },
    { name: 'a node agent on the host network', code: deployment('\n  replicas: 1').replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:') },
  ],
  invalid: [
    {
      code: deployment('\n  replicas: 1'),
      errors: [{ messageId: 'tooFew', data: { workload: 'Deployment/web', replicas: '1', min: 2 }, line: 6, column: 3, endLine: 6, endColumn: 11 }],
    },
    {
      code: deployment(''),
      errors: [{ messageId: 'defaultOne', data: { workload: 'Deployment/web', replicas: '1', min: 2 }, line: 5, column: 1, endLine: 5, endColumn: 5 }],
    },
    {
      code: deployment('\n  replicas: 2'),
      options: { minReplicas: 3 },
      errors: [{ messageId: 'tooFew', data: { workload: 'Deployment/web', replicas: '2', min: 3 }, line: 6, column: 3, endLine: 6, endColumn: 11 }],
    },
  ],
});
