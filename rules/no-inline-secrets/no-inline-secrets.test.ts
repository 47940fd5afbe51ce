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
    {
      name: 'a password Kubernetes fills in from a secretKeyRef-fed variable, and template syntax',
      code: pod(`        - name: PG_PASSWORD\n          valueFrom: { secretKeyRef: { name: pg, key: password } }\n        - name: DATABASE_URL\n          value: postgresql://postgres:$(PG_PASSWORD)@pg:5432/app\n        - name: JWT_SECRET\n          value: \${{ inputs.JWT_SECRET }}\n        - name: SESSION_SECRET\n          value: "{{ .Values.sessionSecret }}"\n        - name: REDIS_URL\n          value: redis://default:\${REDIS_PASSWORD}@redis:6379`),
    },
    {
      name: 'placeholders the reader replaces: in a connection string, changeme-style words',
      code: pod(`        - name: DATABASE_URL\n          value: postgresql://docmost:STRONG_DB_PASSWORD@db:5432/docmost\n        - name: CORE_SECRET\n          value: changethis\n        - name: APP_SECRET\n          value: replace-me-with-a-long-secret\n        - name: ADMIN_PASSWORD\n          value: <admin-password>`),
    },
    { name: 'a build-time dummy connection string', filename: 'Dockerfile', code: 'FROM node:20-slim AS build\nENV DATABASE_URL="postgresql://user:pass@localhost:5432/dummy"\n' },
    {
      name: 'a compose stack for one machine: its datastore password and the URL that uses it',
      filename: 'docker-compose.yml',
      code: 'services:\n  app:\n    image: app:1\n    environment:\n      DATABASE_URL: postgresql://app:app@db:5432/app\n      JWT_SECRET: a8f5f167f44f4964e6c998dee827110c\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: app\n',
    },
    { name: 'a test compose file', filename: 'cypress/docker-compose.yml', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=umami\n' },
    { name: 'a dev image', filename: 'Dockerfile.dev', code: 'FROM node:20\nENV SESSION_SECRET=dev-session-secret\n' },
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
      name: 'a production compose file',
      filename: 'compose.production.yaml',
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
    {
      name: 'a vendor token leaks from a test compose file too',
      filename: 'e2e/docker-compose.yml',
      code: 'services:\n  app:\n    environment:\n      GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n      DB_PASSWORD: hunter2\n',
      errors: [{ messageId: 'byShape', data: { name: 'GITHUB_TOKEN', where: 'compose service app', shape: 'a GitHub token' }, line: 4, column: 7, endLine: 4, endColumn: 19 }],
    },
    {
      name: 'a literal password in a connection string next to a template',
      code: pod(`        - name: DATABASE_URL\n          value: postgres://app:Xk93mQ2v@$(DB_HOST):5432/app`),
      errors: [{ messageId: 'byShape', data: { name: 'DATABASE_URL', where, shape: 'a connection string with a password' }, line: 9, column: 11, endLine: 9, endColumn: 16 }],
    },
  ],
});
