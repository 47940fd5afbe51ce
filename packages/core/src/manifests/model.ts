/**
 * A deployment file as the manifest rules see it, and the deployment model across files: every
 * Kubernetes object, compose service and Dockerfile the run found, with the cross-file facts rules
 * ask about (is a workload autoscaled, which Service selects it, which image tag a kustomization sets).
 * In ESLint the model is the one file being linted; in the CLI it is every deployment file of the run.
 */
import path from 'node:path';
import { composeServices, isComposeFileName, type ComposeService } from './compose.js';
import { parseDockerfile, stagesOf, type DockerfileFile, type DockerStage } from './dockerfile.js';
import { environmentOf, PATCH_REASON, type DeploymentEnvironment } from './environment.js';
import { kubernetesResources, looksLikeKubernetes, parseImageRef, podTemplate, type ContainerView, type K8sResource, type PodTemplate } from './kubernetes.js';
import { at, mapEntries, parseYaml, seqItems, stringValue, type YamlFile } from './yaml.js';

export type ManifestKind = 'kubernetes' | 'compose' | 'dockerfile';

interface FileBase {
  /** Absolute path (CLI) or the name ESLint gave. */
  fileName: string;
  text: string;
  /** Production, or why not (environment.ts): rules judge production files only, unless they say otherwise. */
  environment: DeploymentEnvironment;
}
export interface KubernetesFile extends FileBase {
  kind: 'kubernetes';
  yaml: YamlFile;
  resources: K8sResource[];
}
export interface ComposeFile extends FileBase {
  kind: 'compose';
  yaml: YamlFile;
  services: ComposeService[];
}
export interface DockerfileManifest extends FileBase {
  kind: 'dockerfile';
  docker: DockerfileFile;
  stages: DockerStage[];
}
export type ManifestFile = KubernetesFile | ComposeFile | DockerfileManifest;

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;

/** What kind of deployment file a name (and, for YAML, its text) is, if any. */
export function manifestKindOf(fileName: string, text?: string): ManifestKind | undefined {
  const base = path.basename(fileName);
  if (DOCKERFILE_NAME.test(base)) return 'dockerfile';
  if (!/\.ya?ml$/i.test(base)) return undefined;
  if (isComposeFileName(base)) return 'compose';
  if (text === undefined) return 'kubernetes';
  return looksLikeKubernetes(text) ? 'kubernetes' : undefined;
}

export type ParsedManifest = { file: ManifestFile; error?: undefined } | { file?: undefined; error: string };

export interface ParseOptions {
  /** The audit root (ESLint: its working directory): whether a file is production is judged from its path below it. */
  root?: string;
  /** Decided by the caller (rendered manifests given on the command line are production). */
  environment?: DeploymentEnvironment;
  /** Is there a file of this name next to the deployment file (a `Tiltfile`)? */
  hasSibling?: (name: string) => boolean;
}

/** Parses a deployment file; a syntax error is returned, never thrown. */
export function parseManifest(fileName: string, text: string, kind: ManifestKind, options: ParseOptions = {}): ParsedManifest {
  const environment = (yaml?: YamlFile): DeploymentEnvironment => options.environment ?? environmentOf({ fileName, kind, root: options.root, yaml, hasSibling: options.hasSibling });
  try {
    if (kind === 'dockerfile') {
      const docker = parseDockerfile(text);
      return { file: { kind, fileName, text, environment: environment(), docker, stages: stagesOf(docker) } };
    }
    const yaml = parseYaml(text);
    if (yaml.error !== undefined) return { error: `YAML syntax error: ${yaml.error}` };
    if (kind === 'compose') return { file: { kind, fileName, text, environment: environment(yaml), yaml, services: composeServices(yaml) } };
    return { file: { kind, fileName, text, environment: environment(yaml), yaml, resources: kubernetesResources(yaml) } };
  } catch (error) {
    return { error: `cannot parse: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface Located<T> {
  file: ManifestFile;
  value: T;
}

/** Everything the run found, with the cross-file questions rules ask. */
export class DeploymentModel {
  readonly resources: Located<K8sResource>[] = [];
  readonly templates: Located<PodTemplate>[] = [];
  readonly composeServices: Located<ComposeService>[] = [];
  readonly dockerfiles: DockerfileManifest[] = [];
  /**
   * Image names a tool pins at deploy time: a kustomization's `images:` with a tag or digest, and the
   * artifacts a skaffold.yaml builds (skaffold replaces them with tagged, digested references).
   */
  readonly kustomizedImages = new Set<string>();
  /** Image names skaffold builds, by the absolute directory of their build context. */
  readonly builtImages = new Map<string, string>();

  constructor(readonly files: readonly ManifestFile[]) {
    const patchFiles = new Set<string>();
    for (const file of files) {
      if (file.kind === 'dockerfile') this.dockerfiles.push(file);
      else if (file.kind === 'compose') for (const s of file.services) this.composeServices.push({ file, value: s });
      else {
        for (const r of file.resources) {
          this.resources.push({ file, value: r });
          const template = podTemplate(r);
          if (template !== undefined) this.templates.push({ file, value: template });
          if (r.kind === 'Config' && r.apiVersion.startsWith('skaffold/')) {
            for (const artifact of seqItems(at(r.node, 'build', 'artifacts'))) {
              const image = stringValue(at(artifact, 'image'));
              if (image !== undefined) this.kustomizedImages.add(image);
              if (image !== undefined) this.builtImages.set(path.resolve(path.dirname(file.fileName), stringValue(at(artifact, 'context')) ?? '.'), image);
            }
          }
          if (r.kind === 'Kustomization') {
            for (const patch of kustomizePatches(r)) patchFiles.add(path.resolve(path.dirname(file.fileName), patch));
            for (const image of seqItems(at(r.node, 'images'))) {
              const name = stringValue(at(image, 'name'));
              if (name !== undefined && (at(image, 'newTag') !== undefined || at(image, 'digest') !== undefined)) this.kustomizedImages.add(name);
            }
          }
        }
      }
    }
    this.dropPatches(patchFiles);
  }

  /** A file a Kustomization merges in as a patch is a partial object: no rule judges it as a whole one. */
  private dropPatches(patchFiles: ReadonlySet<string>): void {
    for (const file of this.files) {
      if (file.kind !== 'kubernetes' || !patchFiles.has(path.resolve(file.fileName))) continue;
      file.environment = { production: false, reason: PATCH_REASON };
    }
  }

  ofKind(kind: string): Located<K8sResource>[] {
    return this.resources.filter((r) => r.value.kind === kind);
  }

  /** The HorizontalPodAutoscaler (or KEDA ScaledObject) that targets a workload, if any. */
  autoscalerOf(resource: K8sResource): Located<K8sResource> | undefined {
    return this.resources.find(({ value: r }) => {
      if (r.namespace !== resource.namespace) return false;
      if (r.kind === 'HorizontalPodAutoscaler') {
        return stringValue(at(r.node, 'spec', 'scaleTargetRef', 'kind')) === resource.kind &&
          stringValue(at(r.node, 'spec', 'scaleTargetRef', 'name')) === resource.name;
      }
      if (r.kind === 'ScaledObject') {
        const kind = stringValue(at(r.node, 'spec', 'scaleTargetRef', 'kind')) ?? 'Deployment';
        return kind === resource.kind && stringValue(at(r.node, 'spec', 'scaleTargetRef', 'name')) === resource.name;
      }
      return false;
    });
  }

  /**
   * The containers of production workloads that run the image a Dockerfile builds: the image
   * skaffold builds from the Dockerfile's directory, else an image whose last name segment is that
   * directory's name (`…/currencyservice:1.0` for `src/currencyservice/Dockerfile`).
   */
  containersRunning(dockerfile: ManifestFile): { template: PodTemplate; container: ContainerView }[] {
    const dir = path.dirname(dockerfile.fileName);
    const built = this.builtImages.get(dir);
    const base = path.basename(dir).toLowerCase();
    const out: { template: PodTemplate; container: ContainerView }[] = [];
    for (const { file, value: template } of this.templates) {
      if (!file.environment.production) continue;
      for (const container of template.containers) {
        const image = stringValue(at(container.node, 'image'));
        if (image === undefined) continue;
        const name = parseImageRef(image).name;
        if (built !== undefined ? name === built || name.endsWith(`/${built}`) : name.split('/').pop()?.toLowerCase() === base) out.push({ template, container });
      }
    }
    return out;
  }

  services(): K8sResource[] {
    return this.ofKind('Service').map((s) => s.value);
  }
}

export { mapEntries };

/** The files a Kustomization merges in as patches (`patchesStrategicMerge`, `patches[].path`, `patchesJson6902[].path`). */
function kustomizePatches(resource: K8sResource): string[] {
  const out: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
    for (const item of seqItems(at(resource.node, key))) {
      const p = stringValue(item) ?? stringValue(at(item, 'path'));
      if (p !== undefined && /\.ya?ml$/i.test(p)) out.push(p);
    }
  }
  return out;
}
