/**
 * The reference service as a package users copy: pinned dependencies, a standalone lockfile in step
 * with them (for its Dockerfile), the strict statelint config, and deployment files that keep the
 * promises of its README. Static checks; the runtime ones are in runtime.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_DIR } from './support/service.js';

const read = (file: string): string => fs.readFileSync(path.join(SERVICE_DIR, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  statelint: unknown;
};

describe('reference service package', () => {
  it('pins every dependency exactly and extends the strict statelint config', () => {
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(pkg.statelint).toEqual({ extends: 'strict' });
  });

  it('has a standalone lockfile in step with package.json (pnpm install --ignore-workspace --lockfile-only)', () => {
    const lock = read('pnpm-lock.yaml');
    const importer = /^importers:\n\n {2}\.:\n([\s\S]*?)\n\npackages:/m.exec(lock)?.[1] ?? '';
    const specifiers = Object.fromEntries(
      [...importer.matchAll(/^ {6}'?([^'\n]+?)'?:\n {8}specifier: (\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(specifiers).toEqual({ ...pkg.dependencies, ...pkg.devDependencies });
  });
});

describe('reference service deployment', () => {
  const deployment = read('deploy/deployment.yaml');

  it('rolls out without losing capacity, with probes, limits and a locked-down container', () => {
    expect(deployment).toMatch(/maxUnavailable: 0\n\s+maxSurge: 30%/);
    expect(deployment).toMatch(/readinessProbe:\n\s+httpGet:\n\s+path: \/health\/ready/);
    expect(deployment).toMatch(/livenessProbe:\n\s+httpGet:\n\s+path: \/health\/live/);
    expect(deployment).toMatch(/requests:\n\s+cpu: \S+\n\s+memory: \S+\n\s+limits:\n\s+cpu: \S+\n\s+memory: \S+/);
    expect(deployment).toContain('runAsNonRoot: true');
    expect(deployment).toContain('readOnlyRootFilesystem: true');
    expect(deployment).toContain('configMapRef:');
    expect(deployment).toContain('secretName: reference-service');
    // The service's own shutdown deadline (4.5 s) fits in the grace period.
    expect(Number(/terminationGracePeriodSeconds: (\d+)/.exec(deployment)?.[1])).toBeGreaterThan(5);
  });

  it('has a Service without session affinity, an HPA, and everything in the kustomization', () => {
    expect(read('deploy/service.yaml')).toContain('sessionAffinity: None');
    expect(read('deploy/hpa.yaml')).toContain('kind: HorizontalPodAutoscaler');
    const kustomization = read('deploy/kustomization.yaml');
    for (const file of ['configmap.yaml', 'deployment.yaml', 'service.yaml', 'hpa.yaml', 'pdb.yaml']) {
      expect(kustomization).toContain(`- ${file}`);
    }
    expect(kustomization).not.toContain('secret.example.yaml');
    // The example Secret holds placeholders only.
    const values = /^stringData:\n((?: {2}.+\n?)+)/m.exec(read('deploy/secret.example.yaml'))?.[1] ?? '';
    expect(values.trim().split('\n').map((line) => line.split(': ')[1])).toEqual(['REPLACE_ME', 'REPLACE_ME', 'REPLACE_ME', 'REPLACE_ME']);
  });

  it('builds a multi-stage image that runs as a numeric non-root user and holds no secrets', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/nodejs20-debian12:nonroot/m);
    expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    expect(dockerfile).not.toMatch(/^(ENV|ARG) .*(SECRET|PASSWORD|PRIVATE|TOKEN|DATABASE_URL|REDIS_URL)/im);
  });
});
