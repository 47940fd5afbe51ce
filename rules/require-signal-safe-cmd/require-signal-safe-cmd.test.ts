import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const filename = 'Dockerfile';

runManifestRuleTests('require-signal-safe-cmd', {
  valid: [
    { filename, code: 'FROM node:20-slim\nCMD ["node", "dist/main.js"]\n' },
    { filename, code: 'FROM node:20-slim\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD npm start\n' },
    { filename, code: 'FROM node:20-slim\nENTRYPOINT ["dumb-init", "npm", "start"]\n' },
    { filename, code: 'FROM node:20-slim\nCMD exec node dist/main.js\n' },
    { name: 'distroless: the entrypoint is node', filename, code: 'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["dist/main.js"]\n' },
    {
      name: 'init: true in the compose service built from this folder (CLI)',
      filename,
      code: 'FROM node:20-slim\nCMD npm start\n',
      files: { 'compose.yaml': 'services:\n  api:\n    build: .\n    init: true\n' },
    },
    { name: 'a local dev image', filename: 'Dockerfile.local', code: 'FROM node:20-alpine\nCMD yarn dev\n' },
    { name: 'a Python image (a load generator next to the service)', filename: 'src/loadgen/Dockerfile', code: 'FROM python:3.12-slim\nENTRYPOINT locust --headless\n' },
    { name: 'a test image', filename: 'e2e/Dockerfile', code: 'FROM node:20-alpine\nCMD ["npm", "test"]\n' },
    { name: 'tini in the stage the final one is built FROM', filename, code: 'FROM node:20-slim AS base\nENTRYPOINT ["tini", "--"]\nFROM base\nCMD ["npm", "start"]\n' },
  ],
  invalid: [
    { filename, code: 'FROM node:20-slim\nCMD node dist/main.js\n', errors: [{ messageId: 'shellForm', data: { keyword: 'CMD' }, line: 2, column: 1, endLine: 2, endColumn: 22 }] },
    { filename, code: 'FROM node:20-slim\nCMD ["npm", "start"]\n', errors: [{ messageId: 'runner', data: { runner: 'npm' }, line: 2, column: 1, endLine: 2, endColumn: 21 }] },
    {
      name: 'a CMD of the stage the final one is built FROM carries over',
      filename,
      code: 'FROM node:20-slim AS base\nCMD ["pnpm", "start"]\nFROM base\nCOPY . .\n',
      errors: [{ messageId: 'runner', data: { runner: 'pnpm' }, line: 2, column: 1, endLine: 2, endColumn: 22 }],
    },
    { filename, code: 'FROM node:20-slim\nENTRYPOINT ["sh", "-c", "node main.js"]\n', errors: [{ messageId: 'shellForm', data: { keyword: 'ENTRYPOINT' }, line: 2, column: 1, endLine: 2, endColumn: 40 }] },
  ],
});
