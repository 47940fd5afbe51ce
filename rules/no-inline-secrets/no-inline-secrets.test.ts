import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const pod = (env: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      env:
${env}`;
const where = 'the env of container `app` of Pod/p';

runManifestRuleTests('no-inline-secrets', {
  valid: [
    pod(`        - name: DB_PASSWORD\n          valueFrom: { secretKeyRef: { name: db, key: password } }\n        - name: JWT_SECRET_FILE\n          value: /var/run/secrets/jwt\n        - name: PASSWORD_CHECK_URL\n          value: https://api.pwnedpasswords.com/range/\n        - name: API_TOKEN\n          value: \${API_TOKEN}`),
    {
      name: 'a placeholder a deploy script substitutes (microservices-demo shopping assistant)',
      code: pod(`        - name: GOOGLE_API_KEY\n          value: GOOGLE_API_KEY_VAL\n        - name: DB_PASSWORD\n          value: your-password-here`),
    },
    { name: 'a flag named like a secret (robot-shop mysql)', filename: 'Dockerfile', code: 'FROM mysql:5.7\nENV MYSQL_ALLOW_EMPTY_PASSWORD=yes MYSQL_DATABASE=cities\n' },
    { name: 'a Dockerfile ARG without a default', filename: 'Dockerfile', code: 'FROM node:20-slim\nARG NPM_TOKEN\nENV NODE_ENV=production\n' },
  ],
  invalid: [
    {
      code: pod(`        - name: DB_PASSWORD\n          value: hunter2-prod\n        - name: DATABASE_URL\n          value: postgres://app:s3cr3tpw@db:5432/app`),
      errors: [
        { messageId: 'byName', data: { name: 'DB_PASSWORD', where }, line: 9, column: 11, endLine: 9, endColumn: 16 },
        { messageId: 'byShape', data: { name: 'DATABASE_URL', where, shape: 'a connection string with a password' }, line: 11, column: 11, endLine: 11, endColumn: 16 },
      ],
    },
    {
      filename: 'compose.yaml',
      code: `services:\n  api:\n    build: .\n    environment:\n      - SESSION_SECRET=keyboard-cat-prod\n      - NODE_ENV=production`,
      errors: [{ messageId: 'byName', data: { name: 'SESSION_SECRET', where: 'compose service api' }, line: 5, column: 9, endLine: 5, endColumn: 41 }],
    },
    {
      filename: 'Dockerfile',
      code: 'FROM node:20-slim\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE NODE_ENV=production\nARG NPM_TOKEN=npm_abcdefghijklmnop\n',
      errors: [
        { messageId: 'byShape', data: { name: 'AWS_ACCESS_KEY_ID', where: "the Dockerfile's ENV", shape: 'an AWS access key id' }, line: 2, column: 5, endLine: 2, endColumn: 43 },
        { messageId: 'byName', data: { name: 'NPM_TOKEN', where: "the Dockerfile's ARG" }, line: 3, column: 5, endLine: 3, endColumn: 35 },
      ],
    },
  ],
});
