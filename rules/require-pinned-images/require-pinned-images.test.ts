import { runManifestRuleTests } from '../../test/manifest-rule-tester.js';

const pod = (image: string): string => `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: app\n      image: ${image}`;

runManifestRuleTests('require-pinned-images', {
  valid: [
    pod('registry:5000/team/app:1.4.2'),
    pod('app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    { name: 'a tag a kustomization sets (CLI)', code: pod('app'), files: { 'deploy/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n  - name: app\n    newTag: "1.2"\n' } },
    { filename: 'compose.yaml', code: 'services:\n  api:\n    build: .\n    image: api\n' },
    {
      name: 'an artifact skaffold builds and pins at deploy time (microservices-demo kubernetes-manifests)',
      code: pod('adservice'),
      files: { 'skaffold.yaml': 'apiVersion: skaffold/v3\nkind: Config\nbuild:\n  artifacts:\n    - image: adservice\n      context: src/adservice\n' },
    },
    { filename: 'Dockerfile', code: 'ARG NODE=20\nFROM node:${NODE}-slim AS build\nFROM build\nFROM scratch\n' },
    { name: 'a base image an ARG without a default names: the build decides', filename: 'Dockerfile', code: 'ARG BASE\nFROM ${BASE}\n' },
    { name: 'a compose stack for one machine: its datastore images are for trying things', filename: 'docker-compose.yml', code: 'services:\n  redis:\n    image: redis\n  db:\n    image: postgres:latest\n' },
    { name: 'a dev compose file', filename: 'docker-compose.dev.yml', code: 'services:\n  api:\n    image: api:latest\n' },
    { name: 'a test Dockerfile', filename: 'test/Dockerfile', code: 'FROM node\n' },
    { name: 'a devcontainer', filename: '.devcontainer/Dockerfile', code: 'FROM node:latest\n' },
    { name: 'a one-word name no registry serves: a build tool (Tilt, skaffold, kind load) substitutes it', code: pod('example-nodejs-image') },
    { name: 'a placeholder a pipeline replaces (capitals are no image name)', code: pod('gcr.io/PROJECT_ID/IMAGE') },
    { name: 'a base image built locally', filename: 'Dockerfile', code: 'FROM my-base\n' },
    { name: 'an example manifest', filename: 'examples/k8s/app.yaml', code: pod('app') },
  ],
  invalid: [
    { code: pod('team/app'), errors: [{ messageId: 'unpinned', data: { image: 'team/app', why: 'has no tag, so it means `:latest`' }, line: 7, column: 7, endLine: 7, endColumn: 12 }] },
    { name: 'an official image by its one-word name', code: pod('redis'), errors: [{ messageId: 'unpinned', data: { image: 'redis', why: 'has no tag, so it means `:latest`' }, line: 7, column: 7, endLine: 7, endColumn: 12 }] },
    { code: pod('registry:5000/app:latest'), errors: [{ messageId: 'unpinned', data: { image: 'registry:5000/app:latest', why: 'uses the moving `latest` tag' }, line: 7, column: 7, endLine: 7, endColumn: 12 }] },
    {
      name: 'a production compose file',
      filename: 'docker-compose.prod.yml',
      code: 'services:\n  redis:\n    image: redis\n',
      errors: [{ messageId: 'unpinned', data: { image: 'redis', why: 'has no tag, so it means `:latest`' }, line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      name: 'a compose file with Swarm deploy settings is production',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    image: ghcr.io/team/api:latest\n    deploy:\n      replicas: 3\n',
      errors: [{ messageId: 'unpinned', data: { image: 'ghcr.io/team/api:latest', why: 'uses the moving `latest` tag' }, line: 3, column: 5, endLine: 3, endColumn: 10 }],
    },
    {
      name: 'an ARG default that names :latest',
      filename: 'Dockerfile',
      code: 'ARG BASE=node:latest\nFROM ${BASE}\n',
      errors: [{ messageId: 'unpinned', data: { image: 'node:latest', why: 'uses the moving `latest` tag' }, line: 2, column: 6, endLine: 2, endColumn: 13 }],
    },
    { filename: 'Dockerfile', code: 'FROM node AS build\nFROM node:latest\n', errors: [
      { messageId: 'unpinned', data: { image: 'node', why: 'has no tag, so it means `:latest`' }, line: 1, column: 6, endLine: 1, endColumn: 10 },
      { messageId: 'unpinned', data: { image: 'node:latest', why: 'uses the moving `latest` tag' }, line: 2, column: 6, endLine: 2, endColumn: 17 },
    ] },
  ],
});
