/**
 * Is a deployment file production? Decided once, here, for every manifest rule and cross-check: a
 * file for a developer's machine, a test run, a devcontainer or an example is not how the service
 * runs in production, so the rules that judge production (probes, replicas, `:latest`, a datastore
 * password) do not read it. The catalogue below is data; `environmentOf` is the one judgement.
 *
 * - a Dockerfile or a Kubernetes file is production unless its path says otherwise: a directory
 *   (`test/`, `e2e/`, `.devcontainer/`, `examples/`, `overlays/dev/`) or a word of its name
 *   (`Dockerfile.dev`, `test.Dockerfile`, `deployment-local.yaml`);
 * - a compose file is a local stack (`docker compose up` on one machine: a quick start, a dev or
 *   test environment) unless its name says production (`docker-compose.prod.yml`, `docker-stack.yml`)
 *   or it uses Swarm's `deploy` settings (`replicas`, `mode`, `update_config`, `placement`), which
 *   only a cluster reads;
 * - a Kubernetes file next to a `Tiltfile` is what Tilt applies in its development loop;
 * - rendered manifests given with `--manifests` are production: the user chose them.
 */
import path from 'node:path';
import { TEST_DIRECTORIES } from '../service/entry-points.js';
import { at, isMap, mapEntries, numberValue, type YamlFile } from './yaml.js';

export interface DeploymentEnvironment {
  production: boolean;
  /** Why a file is not production (`under e2e/`, `named *.dev`, `a compose file without Swarm settings`). */
  reason?: string;
}

export const PRODUCTION: DeploymentEnvironment = { production: true };

/** Directories whose deployment files are for development, tests, or documentation. */
export const NON_PRODUCTION_DIRECTORIES: ReadonlySet<string> = new Set([
  ...TEST_DIRECTORIES,
  'integration-tests', 'integration-test', 'e2e-tests', 'tests-e2e', 'test-e2e', 'testdata', 'test-data', '__fixtures__',
  '.devcontainer', 'devcontainer', 'dev', 'development', 'local', 'localdev', 'local-dev', 'sandbox', 'playground',
  'examples', 'example', 'samples', 'sample', 'demo', 'demos', 'quickstart', 'quick-start', 'tutorial', 'tutorials', 'docs',
  'benchmark', 'benchmarks', 'bench', 'minikube', 'kind', 'k3d', 'tilt', 'mock', 'mocks',
]);

/**
 * Words of a file name (split on `.`, `-`, `_`) that mark it as not production: `Dockerfile.dev`,
 * `dev.Dockerfile`, `docker-compose.test.yml`, `compose.override.yaml` (the file `docker compose`
 * layers on for local work), `Dockerfile-e2e`.
 */
export const NON_PRODUCTION_NAME_WORDS: ReadonlySet<string> = new Set([
  'dev', 'develop', 'development', 'local', 'localhost', 'test', 'tests', 'testing', 'e2e', 'ci', 'debug', 'devcontainer',
  'example', 'examples', 'sample', 'demo', 'mock', 'override', 'playground', 'sandbox', 'benchmark', 'bench', 'cypress',
  'playwright', 'minikube', 'kind', 'quickstart', 'tilt', 'integration',
]);

/** Words of a file name that mark a Kustomize patch: a partial object, merged into a full one elsewhere. */
export const PATCH_NAME_WORDS: ReadonlySet<string> = new Set(['patch', 'patches']);

export const PATCH_REASON = 'it is a Kustomize patch (a partial object)';

/** Words of a compose file's name (or directory) that say it is how the service runs in production. */
export const PRODUCTION_COMPOSE_WORDS: ReadonlySet<string> = new Set(['prod', 'production', 'stack', 'swarm']);

/**
 * Swarm `deploy` keys that only a cluster reads; `deploy.replicas` counts above 1 (plain `docker
 * compose up` reads `replicas: 1` and `deploy.resources` too).
 */
export const SWARM_DEPLOY_KEYS: readonly string[] = ['mode', 'update_config', 'rollback_config', 'placement'];

/** The path of the file below the audit root (`/`-separated), or the whole path when outside it. */
function relativeParts(fileName: string, root: string | undefined): string[] {
  const rel = root !== undefined ? path.relative(root, fileName) : fileName;
  const inside = root !== undefined && rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return (inside ? rel : fileName).split(/[\\/]+/).filter(Boolean);
}

function nameWords(base: string): string[] {
  return base.toLowerCase().replace(/\.ya?ml$/, '').split(/[._-]+/).filter(Boolean);
}

/** Where a path says it is not production, if it does. */
export function nonProductionPath(fileName: string, root?: string): string | undefined {
  const parts = relativeParts(fileName, root);
  const base = parts.pop() ?? '';
  const dir = parts.find((p) => NON_PRODUCTION_DIRECTORIES.has(p.toLowerCase()));
  if (dir !== undefined) return `it is under ${dir}/`;
  const words = nameWords(base);
  const word = words.find((w) => NON_PRODUCTION_NAME_WORDS.has(w));
  if (word !== undefined) return `its name says \`${word}\``;
  if (/\.ya?ml$/i.test(base) && words.some((w) => PATCH_NAME_WORDS.has(w))) return PATCH_REASON;
  return undefined;
}

/** Does a compose file use Swarm's cluster settings on any service? */
function usesSwarmDeploy(yaml: YamlFile): boolean {
  return yaml.documents.some((doc) =>
    mapEntries(at(doc.contents, 'services')).some(({ value }) => {
      const deploy = at(value, 'deploy');
      return isMap(deploy) && (SWARM_DEPLOY_KEYS.some((k) => at(deploy, k) !== undefined) || (numberValue(at(deploy, 'replicas')) ?? 0) > 1);
    }),
  );
}

/** Files of a development-loop tool: the Kubernetes files next to one are applied by it on a developer's cluster. */
export const DEV_LOOP_FILES: readonly string[] = ['Tiltfile'];

export interface EnvironmentInput {
  fileName: string;
  kind: 'kubernetes' | 'compose' | 'dockerfile';
  /** The audit root (CLI) or ESLint's working directory; paths are judged below it. */
  root?: string;
  yaml?: YamlFile;
  /** Is there a file of this name next to the deployment file (CLI; ESLint and tests may leave it out)? */
  hasSibling?: (name: string) => boolean;
}

export function environmentOf(input: EnvironmentInput): DeploymentEnvironment {
  const byPath = nonProductionPath(input.fileName, input.root);
  if (byPath !== undefined) return { production: false, reason: byPath };
  if (input.kind === 'kubernetes') {
    const tool = DEV_LOOP_FILES.find((name) => input.hasSibling?.(name) === true);
    if (tool !== undefined) return { production: false, reason: `a ${tool} next to it applies it in a development loop` };
  }
  if (input.kind === 'compose') {
    const parts = relativeParts(input.fileName, input.root);
    const words = [...nameWords(parts[parts.length - 1] ?? ''), ...parts.slice(0, -1).map((p) => p.toLowerCase())];
    if (words.some((w) => PRODUCTION_COMPOSE_WORDS.has(w))) return PRODUCTION;
    if (input.yaml !== undefined && usesSwarmDeploy(input.yaml)) return PRODUCTION;
    return { production: false, reason: 'it is a compose file for one machine (no production name, no Swarm `deploy` settings)' };
  }
  return PRODUCTION;
}
