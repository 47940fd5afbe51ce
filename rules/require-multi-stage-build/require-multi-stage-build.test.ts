import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const filename = 'Dockerfile';

runManifestRuleTests('require-multi-stage-build', {
  valid: [
    { filename, code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist dist\n' },
    { filename, code: 'FROM node:20 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\n' },
    { name: 'a base image with files copied in builds nothing (robot-shop mongo)', filename, code: 'FROM mongo:5\nCOPY *.js /docker-entrypoint-initdb.d/\n' },
    { filename: 'api.Dockerfile', code: 'FROM node:20 AS build\nFROM node:20-alpine AS base\nFROM base\n' },
    { name: 'an alpine base an ARG names', filename, code: 'ARG NODE_IMAGE=node:20-alpine\nFROM ${NODE_IMAGE} AS build\nRUN npm ci\nFROM ${NODE_IMAGE}\nCOPY --from=build /app /app\n' },
    { name: 'an alpine tag an ARG names', filename, code: 'ARG NODE_VERSION="22-alpine"\nFROM node:${NODE_VERSION} AS build\nRUN npm ci\nFROM node:${NODE_VERSION}\n' },
    { name: 'an ARG without a default: the build decides', filename, code: 'ARG NODE_VERSION\nFROM node:${NODE_VERSION} AS build\nRUN npm ci\nFROM node:${NODE_VERSION}\n' },
    {
      name: 'one stage that removes its toolchain in the same RUN',
      filename,
      code: 'FROM node:20-slim\nRUN apt-get update && apt-get install -y g++ make && npm ci --omit=dev && apt-get purge -y g++ make\nCMD ["node", "main.js"]\n',
    },
    { name: 'one stage that installs production dependencies only', filename, code: 'FROM node:20-alpine\nCOPY package*.json ./\nRUN npm ci --omit=dev\nRUN yarn install --production --frozen-lockfile\nCMD ["node", "index.js"]\n' },
    { name: 'a dev image', filename: 'Dockerfile.dev', code: 'FROM node:20\nRUN npm ci\nCMD ["npm", "run", "dev"]\n' },
    { name: 'a code generator image runs nothing of its own', filename: 'tools/codegen/Dockerfile', code: 'FROM node:22-alpine\nRUN apk add --no-cache protoc\nRUN npm ci\n' },
    { name: 'a test image', filename: 'test/e2e.Dockerfile', code: 'FROM node:20\nRUN npm ci\n' },
  ],
  invalid: [
    {
      filename,
      code: 'FROM node:20-slim\nRUN npm ci\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'singleStage', line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      filename: 'Containerfile',
      code: 'FROM node:20 AS build\nRUN npm ci\nFROM node:20\nCOPY --from=build /app /app\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'fatRuntime', data: { image: 'node:20' }, line: 3, column: 6, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'a full tag an ARG names: reported at the FROM, with the image it resolves to',
      filename,
      code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION} AS build\nRUN npm ci\nFROM node:${NODE_VERSION}\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'fatRuntime', data: { image: 'node:22' }, line: 4, column: 6, endLine: 4, endColumn: 26 }],
    },
    {
      name: 'the final stage is built FROM a stage on a full image: reported at that stage\'s FROM',
      filename,
      code: 'FROM node:20 AS base\nFROM base AS build\nRUN npm ci\nFROM base\nCOPY --from=build /app /app\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'fatRuntime', data: { image: 'node:20' }, line: 1, column: 6, endLine: 1, endColumn: 13 }],
    },
    {
      name: 'a production install followed by a build step',
      filename,
      code: 'FROM node:20-alpine\nRUN npm ci --omit=dev && npm run build\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'singleStage', line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      name: 'a cleanup in another RUN does not remove what the build RUN wrote',
      filename,
      code: 'FROM node:20-slim\nRUN npm ci\nRUN apt-get purge -y g++\nCMD ["node", "main.js"]\n',
      errors: [{ messageId: 'singleStage', line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
  ],
});
