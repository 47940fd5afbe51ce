import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const filename = 'Dockerfile';

runManifestRuleTests('require-non-root-user', {
  valid: [
    { filename, code: 'FROM node:20 AS build\nUSER root\nFROM node:20-slim\nUSER node\nCMD ["node", "main.js"]\n' },
    { filename, code: 'FROM node:20 AS build\nFROM gcr.io/distroless/nodejs20-debian12:nonroot\nCOPY --from=build /app /app\n' },
    { filename, code: 'FROM node:20-slim AS base\nUSER 10001\nFROM base\nCOPY . .\n' },
    { name: 'datastore images drop privileges in their entrypoint (robot-shop mongo)', filename, code: 'FROM mongo:5\nCOPY *.js /docker-entrypoint-initdb.d/\n' },
    { name: 'a USER two stages up carries over', filename, code: 'FROM node:20-slim AS a\nUSER node\nFROM a AS b\nRUN true\nFROM b\n' },
    { name: 'a base an ARG without a default names', filename, code: 'ARG BASE\nFROM ${BASE}\nCOPY . .\n' },
    { name: 'a non-root base an ARG names', filename, code: 'ARG BASE=gcr.io/distroless/nodejs20-debian12:nonroot\nFROM ${BASE}\n' },
    { name: 'a local dev image', filename: 'Dockerfile.local', code: 'FROM node:20-alpine\nCOPY . /app\nCMD yarn dev\n' },
    { name: 'a code generator image runs nothing of its own (no CMD, ENTRYPOINT or EXPOSE)', filename: 'src/frontend/genproto/Dockerfile', code: 'FROM node:22-alpine\nRUN apk add --no-cache protoc\nRUN npm ci\n' },
    { name: 'a devcontainer', filename: '.devcontainer/Dockerfile', code: 'FROM node:20\n' },
    {
      name: 'the workloads that run the image set a non-root runAsUser (CLI: microservices-demo-like layout)',
      filename: 'src/currency/Dockerfile',
      code: 'FROM node:20-alpine\nCOPY . .\nENTRYPOINT ["node", "server.js"]\n',
      files: { 'deploy/currency.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: currency }\nspec:\n  template:\n    spec:\n      securityContext: { runAsNonRoot: true, runAsUser: 1000 }\n      containers:\n        - name: server\n          image: currency\n' },
    },
    { name: 'a built front end served by nginx runs no Node', filename, code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n' },
    { name: 'a Go service next to the Node one', filename: 'src/checkout/Dockerfile', code: 'FROM golang:1.22 AS build\nRUN go build -o /server\nFROM gcr.io/distroless/static:nonroot-amd64\nCOPY --from=build /server /server\nENTRYPOINT ["/server"]\n' },
    { name: 'a test image named test.Dockerfile', filename: 'test.Dockerfile', code: 'FROM node:20\nUSER root\n' },
  ],
  invalid: [
    { filename, code: 'FROM node:20-slim\nCOPY . .\nCMD ["node", "main.js"]\n', errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 5 }] },
    {
      name: 'a workload runs the image without a runAsUser',
      filename: 'src/currency/Dockerfile',
      code: 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "main.js"]\n',
      files: { 'deploy/currency.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: currency }\nspec:\n  template:\n    spec:\n      securityContext: { runAsNonRoot: true }\n      containers:\n        - name: server\n          image: registry.example.com/currency:1.0\n' },
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      name: 'alpine with nodejs installed runs Node',
      filename,
      code: 'FROM alpine:3.20\nRUN apk add --no-cache nodejs tini\nCOPY . /app\nCMD ["node", "/app/main.js"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      name: 'an ARG-named base without a USER: reported at the final FROM',
      filename: 'docker/stable.Dockerfile',
      code: 'ARG NODE_IMAGE=node:20-alpine\nFROM ${NODE_IMAGE} AS base\nRUN adduser -D app\nFROM base\nCOPY . .\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'noUser', line: 4, column: 1, endLine: 4, endColumn: 5 }],
    },
    { filename, code: 'FROM node:20-slim\nUSER node\nRUN x\nUSER root:root\nCMD ["node", "main.js"]\n', errors: [{ messageId: 'rootUser', data: { user: 'root' }, line: 4, column: 1, endLine: 4, endColumn: 15 }] },
  ],
});
