import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const filename = 'Dockerfile';

runManifestRuleTests('require-multi-stage-build', {
  valid: [
    { filename, code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist dist\n' },
    { filename, code: 'FROM node:20 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\n' },
    { name: 'a base image with files copied in builds nothing (robot-shop mongo)', filename, code: 'FROM mongo:5\nCOPY *.js /docker-entrypoint-initdb.d/\n' },
    { filename: 'api.Dockerfile', code: 'FROM node:20 AS build\nFROM node:20-alpine AS base\nFROM base\n' },
  ],
  invalid: [
    {
      filename,
      code: 'FROM node:20-slim\nRUN npm ci\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'singleStage', line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      filename: 'Containerfile',
      code: 'FROM node:20 AS build\nRUN npm ci\nFROM node:20\nCOPY --from=build /app /app\n',
      errors: [{ messageId: 'fatRuntime', data: { image: 'node:20' }, line: 3, column: 6, endLine: 3, endColumn: 13 }],
    },
  ],
});
