import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const filename = 'Dockerfile';

runManifestRuleTests('require-non-root-user', {
  valid: [
    { filename, code: 'FROM node:20 AS build\nUSER root\nFROM node:20-slim\nUSER node\nCMD ["node", "main.js"]\n' },
    { filename, code: 'FROM node:20 AS build\nFROM gcr.io/distroless/nodejs20-debian12:nonroot\nCOPY --from=build /app /app\n' },
    { filename, code: 'FROM node:20-slim AS base\nUSER 10001\nFROM base\nCOPY . .\n' },
    { name: 'datastore images drop privileges in their entrypoint (robot-shop mongo)', filename, code: 'FROM mongo:5\nCOPY *.js /docker-entrypoint-initdb.d/\n' },
  ],
  invalid: [
    { filename, code: 'FROM node:20-slim\nCOPY . .\n', errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 5 }] },
    { filename, code: 'FROM node:20-slim\nUSER node\nRUN x\nUSER root:root\n', errors: [{ messageId: 'rootUser', data: { user: 'root' }, line: 4, column: 1, endLine: 4, endColumn: 15 }] },
  ],
});
