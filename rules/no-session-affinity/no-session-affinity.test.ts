import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

runManifestRuleTests('no-session-affinity', {
  valid: [
    `apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  sessionAffinity: None`,
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/affinity-mode: balanced\n    alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=false`,
  ],
  invalid: [
    {
      code: `apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  sessionAffinity: ClientIP`,
      errors: [{ messageId: 'serviceAffinity', data: { name: 'Service/web' }, line: 5, column: 3, endLine: 5, endColumn: 18 }],
    },
    {
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=30,stickiness.enabled=true`,
      errors: [
        { messageId: 'annotation', data: { annotation: 'nginx.ingress.kubernetes.io/affinity', controller: 'ingress-nginx', name: 'Ingress/web' }, line: 6, column: 5, endLine: 6, endColumn: 41 },
        { messageId: 'annotation', data: { annotation: 'alb.ingress.kubernetes.io/target-group-attributes', controller: 'AWS Load Balancer Controller', name: 'Ingress/web' }, line: 7, column: 5, endLine: 7, endColumn: 54 },
      ],
    },
    {
      code: `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: web }
spec:
  routes:
    - match: Host(\`a\`)
      services:
        - name: web
          port: 80
          sticky:
            cookie: { name: lb }`,
      errors: [{ messageId: 'traefikSticky', data: { name: 'IngressRoute/web' }, line: 10, column: 11, endLine: 10, endColumn: 17 }],
    },
  ],
});
