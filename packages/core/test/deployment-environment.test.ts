import { describe, expect, it } from 'vitest';
import { dockerRuntime, environmentOf, parseDockerfile, parseYaml, stagesOf, substituteArgs, initialArgs } from '../src/index.js';

const env = (fileName: string, kind: 'kubernetes' | 'compose' | 'dockerfile', text?: string) =>
  environmentOf({ fileName: `/repo/${fileName}`, kind, root: '/repo', ...(text !== undefined ? { yaml: parseYaml(text) } : {}) });

describe('environmentOf: is a deployment file production', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['docker/edge-alpine.Dockerfile', 'dockerfile'],
    ['services/api/Containerfile', 'dockerfile'],
    ['deploy/k8s/deployment.yaml', 'kubernetes'],
    ['k8s/overlays/staging/deployment.yaml', 'kubernetes'],
    ['docker-compose.prod.yml', 'compose'],
    ['deploy/production/compose.yaml', 'compose'],
    ['docker-stack.yml', 'compose'],
  ] as const)('%s is production', (file, kind) => {
    expect(env(file, kind)).toEqual({ production: true });
  });

  it.each([
    ['Dockerfile.dev', 'dockerfile', 'its name says `dev`'],
    ['Dockerfile.local', 'dockerfile', 'its name says `local`'],
    ['test.Dockerfile', 'dockerfile', 'its name says `test`'],
    ['Dockerfile-e2e', 'dockerfile', 'its name says `e2e`'],
    ['.devcontainer/Dockerfile', 'dockerfile', 'it is under .devcontainer/'],
    ['e2e/Dockerfile', 'dockerfile', 'it is under e2e/'],
    ['examples/basic/Dockerfile', 'dockerfile', 'it is under examples/'],
    ['k8s/overlays/dev/deployment.yaml', 'kubernetes', 'it is under dev/'],
    ['deploy/deployment-local.yaml', 'kubernetes', 'its name says `local`'],
    ['cypress/docker-compose.yml', 'compose', 'it is under cypress/'],
    ['docker-compose.dev.yml', 'compose', 'its name says `dev`'],
    ['compose.override.yaml', 'compose', 'its name says `override`'],
    ['config/default/manager_auth_proxy_patch.yaml', 'kubernetes', 'it is a Kustomize patch (a partial object)'],
  ] as const)('%s is not production', (file, kind, reason) => {
    expect(env(file, kind)).toEqual({ production: false, reason });
  });

  it('a plain compose file is a stack for one machine; Swarm deploy settings make it production', () => {
    const local = 'services:\n  api:\n    image: api:1\n    deploy:\n      resources: { limits: { memory: 256M } }\n';
    expect(env('docker-compose.yml', 'compose', local)).toEqual({
      production: false,
      reason: 'it is a compose file for one machine (no production name, no Swarm `deploy` settings)',
    });
    expect(env('docker-compose.yml', 'compose', 'services:\n  api:\n    image: api:1\n    deploy:\n      replicas: 3\n')).toEqual({ production: true });
    expect(env('docker-compose.yml', 'compose', 'services:\n  api:\n    image: api:1\n    deploy:\n      mode: global\n')).toEqual({ production: true });
    expect(env('docker-compose.yml', 'compose', 'services:\n  api:\n    image: api:1\n    deploy:\n      replicas: 1\n')).toMatchObject({ production: false });
  });

  it('a Kubernetes file next to a Tiltfile is applied in a development loop', () => {
    const withTilt = (name: string) => name === 'Tiltfile';
    expect(environmentOf({ fileName: '/repo/kubernetes.yaml', kind: 'kubernetes', root: '/repo', hasSibling: withTilt })).toEqual({
      production: false,
      reason: 'a Tiltfile next to it applies it in a development loop',
    });
    expect(environmentOf({ fileName: '/repo/Dockerfile', kind: 'dockerfile', root: '/repo', hasSibling: withTilt })).toEqual({ production: true });
  });

  it('judges the path below the root only (a checkout under /tmp/test/ is not a test file)', () => {
    expect(environmentOf({ fileName: '/tmp/test/repo/Dockerfile', kind: 'dockerfile', root: '/tmp/test/repo' })).toEqual({ production: true });
  });
});

describe('dockerRuntime: what the image runs', () => {
  const runtime = (text: string) => {
    const docker = parseDockerfile(text);
    return dockerRuntime(docker, stagesOf(docker));
  };
  it('substitutes the initial ARGs in the base image, with ${VAR:-default} and $VAR', () => {
    const args = new Map([['NODE', '20-alpine'], ['EMPTY', undefined]]);
    expect(substituteArgs('node:${NODE}', args)).toBe('node:20-alpine');
    expect(substituteArgs('node:$NODE', args)).toBe('node:20-alpine');
    expect(substituteArgs('node:${MISSING:-22-slim}', args)).toBe('node:22-slim');
    expect(substituteArgs('node:${EMPTY}', args)).toBeUndefined();
    expect(initialArgs(parseDockerfile('ARG A="1"\nFROM x\nARG B=2\n'))).toEqual(new Map([['A', '1']]));
  });
  it('follows FROM <stage> to the base image, final stage first', () => {
    const r = runtime('ARG NODE_IMAGE=node:20-alpine\nFROM ${NODE_IMAGE} AS base\nUSER node\nFROM base AS build\nFROM base\n')!;
    expect(r.chain.map((s) => s.name ?? '(final)')).toEqual(['(final)', 'base']);
    expect(r.image).toBe('node:20-alpine');
    expect(r.imageFrom.getRange().start.line).toBe(1);
  });
  it('an ARG without a default leaves the image unknown', () => {
    expect(runtime('ARG BASE\nFROM ${BASE}\n')!.image).toBeUndefined();
    expect(runtime('')).toBeUndefined();
  });
});
