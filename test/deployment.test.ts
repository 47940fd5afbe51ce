/**
 * Deployment files end to end through the built CLI, on mini-projects written to temporary
 * directories: discovery, parse errors, suppressions, `--manifests` (file and stdin), baselines,
 * SARIF related locations, and one project per cross-check between code and deployment.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from './support/paths.js';
import { runCli, type JsonReport } from './support/run-cli.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-deploy-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function audit(dir: string, args: string[] = []): { report: JsonReport; code: number; stderr: string } {
  const run = runCli(['audit', '.', '--format', 'json', ...args], dir);
  return { report: JSON.parse(run.stdout) as JsonReport, code: run.code, stderr: run.stderr };
}

const only = (report: JsonReport, ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);
const brief = (f: JsonReport['findings'][number]) => ({
  ruleId: f.ruleId,
  file: f.file,
  line: f.line,
  column: f.column,
  endLine: f.endLine,
  endColumn: f.endColumn,
  related: (f.related ?? []).map((r) => `${r.file}:${r.line}:${r.column}`),
});

const PACKAGE = JSON.stringify({ name: 'api', type: 'module', dependencies: { express: '^4' } });

/** A serving Deployment; `container` and `pod` are spliced in (indented already). */
function deployment(options: { replicas?: number; pod?: string; container?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${options.replicas ?? 3}
  strategy:
    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
  template:
    spec:${options.pod ?? ''}
      securityContext: { runAsNonRoot: true, runAsUser: 10001 }
      containers:
        - name: api
          image: registry.example.com/api:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: http } }
          livenessProbe: { httpGet: { path: /live, port: http } }
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: "1", memory: 256Mi } }
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }${options.container ?? ''}
`;
}

const SERVER = `import express from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
const app = express();
app.get('/ready', (_req, res) => res.send('ok'));
app.get('/live', (_req, res) => res.send('ok'));
const server = app.listen(Number(process.env.PORT ?? 8080));
process.once('SIGTERM', async () => {
  await sleep(5000);
  server.close();
});
`;

describe('deployment files in the audit', () => {
  it('reports manifest findings at the key, with fingerprints, and a file that does not parse under errors', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': SERVER,
      'deploy/app.yaml': deployment({ replicas: 1 }),
      'deploy/broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: x\n',
      'deploy/values.yaml': 'just: [not, kubernetes]\n',
    });
    const { report, code } = audit(dir);
    expect(report.findings.map(brief)).toEqual([
      { ruleId: 'require-replicas', file: 'deploy/app.yaml', line: 6, column: 3, endLine: 6, endColumn: 11, related: [] },
    ]);
    expect(report.findings[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(report.errors).toEqual([{ file: 'deploy/broken.yaml', message: expect.stringMatching(/^YAML syntax error: 4:1 /) as unknown as string }]);
    expect(code).toBe(0); // require-replicas is a warning
  });

  it('honours # statelint-disable-next-line in YAML and in Dockerfiles, and baselines', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': SERVER,
      'deploy/app.yaml': deployment({ replicas: 1 }).replace('  replicas: 1', '  # statelint-disable-next-line require-replicas -- a dev cluster\n  replicas: 1'),
      Dockerfile: 'FROM node:20 AS build\nFROM node:20-slim\nUSER node\n# statelint-disable-next-line require-signal-safe-cmd\nCMD npm start\nFROM node:20-slim AS extra\nCMD ["npm", "start"]\n',
    });
    const { report } = audit(dir);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['Dockerfile:6 require-non-root-user', 'Dockerfile:7 require-signal-safe-cmd']);
    expect(runCli(['audit', '.', '--update-baseline'], dir).code).toBe(0);
    const again = audit(dir, ['--baseline', 'statelint-baseline.json']);
    expect(again.report.findings).toEqual([]);
  });

  it('reads rendered manifests from --manifests <file> and from stdin', () => {
    const dir = project({ 'package.json': PACKAGE, 'src/main.js': SERVER, 'rendered.txt': deployment({ replicas: 1 }) });
    expect(audit(dir, ['--manifests', 'rendered.txt']).report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['rendered.txt:6 require-replicas']);
    const run = spawnSync(process.execPath, [CLI_BIN, 'audit', '.', '--format', 'json', '--manifests', '-'], {
      cwd: dir,
      input: deployment({ replicas: 1 }),
      encoding: 'utf8',
    });
    expect((JSON.parse(run.stdout) as JsonReport).findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['<stdin>:6 require-replicas']);
  });

  it('skips Helm chart templates (render them and pass --manifests)', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': SERVER,
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\n',
    });
    const { report, stderr } = audit(dir);
    expect(report.errors).toEqual([]);
    expect(stderr).toContain('helm templates 1');
  });
});

describe('cross-checks between code and deployment', () => {
  it('require-writable-paths: a write where the root filesystem is read-only; an emptyDir write is annotated instead', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER}import fs from 'node:fs';\nimport os from 'node:os';\nimport path from 'node:path';\napp.post('/upload', (req, res) => {\n  fs.writeFileSync('/var/data/upload.bin', req.body);\n  fs.writeFileSync(path.join(os.tmpdir(), 'scratch'), req.body);\n  res.end();\n});\n`,
      'deploy/app.yaml': deployment({
        pod: '\n      volumes: [{ name: tmp, emptyDir: {} }]',
        container: '\n          volumeMounts: [{ name: tmp, mountPath: /tmp }]',
      }),
    });
    const { report } = audit(dir);
    expect(only(report, 'require-writable-paths').map(brief)).toEqual([
      { ruleId: 'require-writable-paths', file: 'deploy/app.yaml', line: 20, column: 30, endLine: 20, endColumn: 52, related: ['src/main.js:15:3'] },
    ]);
    const writes = only(report, 'no-fs-writes');
    expect(writes.map((f) => f.line)).toEqual([15, 16]);
    expect(writes[1]!.message).toContain('mounts an `emptyDir` at `/tmp`');
    expect(writes[1]!.related?.map((r) => `${r.file}:${r.line}`)).toEqual(['deploy/app.yaml:21']);
  });

  it('require-probe-route: a probe path no route serves, and a port the code does not listen on', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': SERVER.replace("app.get('/live'", "app.get('/livez'"),
      'deploy/app.yaml': deployment().replace('containerPort: 8080', 'containerPort: 3000').concat('---\n', deployment().replace('name: api\nspec', 'name: api2\nspec').replace('path: /live,', 'path: /livez,').replace('containerPort: 8080', 'containerPort: 9090')),
    });
    const { report } = audit(dir);
    const kind = (m: string): string => (m.includes('no route of the service serves') ? 'noRoute' : m.includes('but the code listens on 8080') ? 'wrongPort' : m);
    expect(only(report, 'require-probe-route').map((f) => `${f.line}:${f.column} ${kind(f.message)} ${brief(f).related.join(',')}`)).toEqual([
      '16:54 wrongPort src/main.js:6:16',
      '17:39 noRoute src/main.js:6:16',
      '36:54 wrongPort src/main.js:6:16',
      '37:53 wrongPort src/main.js:6:16',
    ]);
    expect(only(report, 'require-probe-route')[1]!.message).toContain('calls `/live`, but no route of the service serves that path');
  });

  it('require-probe-route: PORT from the manifest env decides the port', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': SERVER,
      'deploy/app.yaml': deployment({ container: '\n          env: [{ name: PORT, value: "3000" }]' }).replace('containerPort: 8080', 'containerPort: 3000'),
    });
    expect(only(audit(dir).report, 'require-probe-route')).toEqual([]);
  });

  it('require-probe-route: a front end built into an nginx image is not what the workload runs', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'store-front', dependencies: { vue: '^3' } }),
      'src/router.js': "export const routes = [{ path: '/products' }];\n",
      Dockerfile: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\nUSER nginx\n',
      'deploy/app.yaml': deployment().replace(/name: api/g, 'name: store-front'),
    });
    expect(only(audit(dir).report, 'require-probe-route')).toEqual([]);
  });

  it('dev, test and example files, and a compose stack for one machine, are not judged as production', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': SERVER,
      'deploy/app.yaml': deployment(),
      'deploy/overlays/dev/app.yaml': deployment({ replicas: 1 }).replace('path: /ready', 'path: /nowhere'),
      'Dockerfile.dev': 'FROM node:20\nRUN npm ci\nCMD npm run dev\n',
      'e2e/Dockerfile': 'FROM node:20\nCMD ["npm", "test"]\n',
      'loop/Tiltfile': "docker_build('api', '.')\nk8s_yaml('kubernetes.yaml')\n",
      'loop/kubernetes.yaml': deployment({ replicas: 1 }),
      'docker-compose.yml': 'services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: postgres://api:api@db:5432/api\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: api\n',
      'docker-compose.prod.yml': 'services:\n  api:\n    image: registry.example.com/api:latest\n',
    });
    expect(audit(dir).report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['docker-compose.prod.yml:3:5 require-pinned-images']);
  });

  it('require-shutdown-within-grace: a deadline past the grace period minus preStop; no preStop while closing at once', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER.replace("  await sleep(5000);\n  server.close();", "  server.close();\n  setTimeout(() => process.exit(1), 25_000).unref();")}`,
      'deploy/app.yaml': deployment({ pod: '\n      terminationGracePeriodSeconds: 20' }),
    });
    const { report } = audit(dir);
    expect(only(report, 'require-shutdown-within-grace').map(brief)).toEqual([
      { ruleId: 'require-shutdown-within-grace', file: 'deploy/app.yaml', line: 11, column: 7, endLine: 11, endColumn: 36, related: ['src/main.js:9:3'] },
      { ruleId: 'require-shutdown-within-grace', file: 'deploy/app.yaml', line: 14, column: 11, endLine: 14, endColumn: 15, related: ['src/main.js:7:1'] },
    ]);
    expect(only(report, 'require-shutdown-within-grace')[0]!.message).toContain('gives its shutdown 25 s (a forced-exit timer), but Deployment/api leaves it 20 s');
  });

  it('no-state-across-replicas: code findings say how many replicas run, and strict raises them', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER}const seen = new Map();\napp.get('/x', (req, res) => { seen.set(req.ip, Date.now()); res.end(); });\n`,
      'deploy/app.yaml': deployment({ replicas: 4 }),
    });
    const state = only(audit(dir).report, 'no-module-state');
    expect(state.map((f) => [f.line, f.severity])).toEqual([[11, 'error']]);
    expect(state[0]!.message).toContain('Deployment/api (deploy/app.yaml) runs 4 replicas: each replica has its own copy of this state');
    expect(state[0]!.related?.map((r) => `${r.file}:${r.line}:${r.column}`)).toEqual(['deploy/app.yaml:6:3']);
    const cache = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER}setInterval(async () => { await fetch('https://example.com/purge'); }, 60_000);\n`,
      'deploy/app.yaml': deployment({ replicas: 4 }),
      'statelint.config.json': '{ "rules": { "require-structured-logging": "off" } }',
    });
    const scheduler = only(audit(cache).report, 'no-local-scheduler');
    expect(scheduler.map((f) => f.severity)).toEqual(['warn']);
    fs.writeFileSync(path.join(cache, 'statelint.config.json'), '{ "extends": "strict", "rules": { "require-structured-logging": "off" } }');
    expect(only(audit(cache).report, 'no-local-scheduler').map((f) => f.severity)).toEqual(['error']);
  });

  it('--cache keeps code findings unannotated, so a second run annotates them once', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER}const seen = new Map();\napp.get('/x', (req, res) => { seen.set(req.ip, Date.now()); res.end(); });\n`,
      'deploy/app.yaml': deployment({ replicas: 4 }),
    });
    const first = only(audit(dir, ['--cache']).report, 'no-module-state');
    const second = only(audit(dir, ['--cache']).report, 'no-module-state');
    expect(second.map((f) => f.message)).toEqual(first.map((f) => f.message));
    expect(second[0]!.message.match(/runs 4 replicas/g)).toHaveLength(1);
  });

  it('no-duplicate-schedule: a CronJob of the same image while the code schedules in-process', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER}setInterval(async () => { await fetch('https://example.com/purge'); }, 60_000);\n`,
      'deploy/app.yaml': deployment(),
      'deploy/cron.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: { name: purge }
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: purge
              image: registry.example.com/api:1.0.0
              args: [dist/purge.js]
`,
    });
    const { report } = audit(dir);
    expect(only(report, 'no-duplicate-schedule').map(brief)).toEqual([
      { ruleId: 'no-duplicate-schedule', file: 'deploy/cron.yaml', line: 5, column: 3, endLine: 5, endColumn: 11, related: ['src/main.js:11:1'] },
    ]);
  });

  it('SARIF carries the related location of a cross-check', () => {
    const dir = project({
      'package.json': PACKAGE,
      'src/main.js': `${SERVER}import fs from 'node:fs';\napp.post('/u', (req, res) => { fs.writeFileSync('/data/x', 'y'); res.end(); });\n`,
      'deploy/app.yaml': deployment(),
    });
    const sarif = JSON.parse(runCli(['audit', '.', '--format', 'sarif'], dir).stdout) as {
      runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'require-writable-paths');
    expect(result?.relatedLocations?.map((l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`)).toEqual(['src/main.js:12']);
  });
});
