/**
 * The manifest rule model, next to `defineRule`: a rule over deployment files (Kubernetes YAML,
 * compose files, Dockerfiles) with the same meta as a code rule (docs with recommended/strict,
 * messages by id, an options schema), so presets, config validation and docs treat both alike.
 * A cross-check (`defineCrossCheck`) reads the code facts and the deployment model together; only
 * the CLI runs those, after every code file and deployment file has been read.
 */
import type { Node, Pair } from 'yaml';
import type { RuleMeta } from '../engine/rule.js';
import type { ComposeService } from './compose.js';
import type { DockerRuntime, LspRange } from './dockerfile.js';
import type { K8sResource, PodTemplate } from './kubernetes.js';
import type { DeploymentModel, DockerfileManifest, ManifestFile, ManifestKind } from './model.js';
import type { SourceRange } from './yaml.js';

export type ReportTarget = Node | Pair | LspRange;

export interface ManifestReportDescriptor<MessageIds extends string> {
  /** A YAML node (its key, for a pair) or a Dockerfile range. */
  at: ReportTarget;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  /** Names around the finding for its fingerprint (`Deployment/web.containers.web`). */
  symbol?: string;
}

export interface ManifestRuleContext<MessageIds extends string, Options> {
  readonly file: ManifestFile;
  readonly fileName: string;
  readonly options: Readonly<Options>;
  /** Every deployment file of the run in the CLI; this file alone in ESLint. */
  readonly deployment: DeploymentModel;
  /** Is this file production (environment.ts)? Only rules with `alsoNonProduction` see other files. */
  readonly production: boolean;
  report(descriptor: ManifestReportDescriptor<MessageIds>): void;
}

export interface ManifestVisitors {
  /** Every Kubernetes object (`kind: List` items included). */
  resource?(resource: K8sResource): void;
  /** Every object that runs pods, with its pod template. */
  workload?(template: PodTemplate): void;
  composeService?(service: ComposeService): void;
  dockerfile?(file: DockerfileManifest): void;
  /**
   * A Dockerfile whose image is a Node service's: it runs Node and says what it runs (`runsNode`,
   * `isServiceImage`), with its final stage, the stages it is built FROM and its base image resolved.
   */
  nodeImage?(runtime: DockerRuntime, file: DockerfileManifest): void;
}

export interface ManifestRuleDefinition<MessageIds extends string = string, Options extends object = object> {
  id: string;
  kind: 'manifest';
  /** The deployment files this rule reads. */
  files: readonly ManifestKind[];
  /**
   * Also run on files that are not production (a dev compose file, a test Dockerfile), for what is
   * wrong wherever it is (a live token); `context.production` tells the rule which it reads.
   */
  alsoNonProduction?: boolean;
  meta: RuleMeta<MessageIds, Options>;
  defaultOptions: Options;
  create(context: ManifestRuleContext<MessageIds, Options>): ManifestVisitors;
}

export function defineManifestRule<MessageIds extends string, Options extends object>(
  rule: Omit<ManifestRuleDefinition<MessageIds, Options>, 'kind'>,
): ManifestRuleDefinition<MessageIds, Options> {
  return { ...rule, kind: 'manifest' };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyManifestRule = ManifestRuleDefinition<any, any>;

/** A place in a file of the run, repository-relative in reports. */
export interface RelatedLocation {
  /** Absolute path. */
  file: string;
  range: Pick<SourceRange, 'line' | 'column' | 'endLine' | 'endColumn'>;
  message: string;
}

/** A finding of a code rule, as cross-checks see it. */
export interface CodeFindingRef {
  ruleId: string;
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warn';
  /** Index in the run's findings, for annotations. */
  index: number;
}

export interface CrossCheckReport<MessageIds extends string> {
  /** A deployment file of the run, and the node or range in it. */
  file: ManifestFile;
  at: ReportTarget;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  symbol?: string;
  related: readonly RelatedLocation[];
}

export interface CrossCheckAnnotation<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  related: readonly RelatedLocation[];
  /** Raise the code finding to this severity. */
  severity?: 'error';
}

export interface CrossCheckContext<MessageIds extends string, Options> {
  readonly options: Readonly<Options>;
  readonly deployment: DeploymentModel;
  /** The services of the run: code and the deployment files that run it, grouped by directory. */
  readonly services: readonly import('./service.js').ServiceUnit[];
  report(descriptor: CrossCheckReport<MessageIds>): void;
  /** Adds a sentence (and related locations) to a code rule's finding, optionally raising it. */
  annotate(finding: CodeFindingRef, annotation: CrossCheckAnnotation<MessageIds>): void;
}

export interface CrossCheckDefinition<MessageIds extends string = string, Options extends object = object> {
  id: string;
  kind: 'cross-check';
  meta: RuleMeta<MessageIds, Options>;
  defaultOptions: Options;
  check(context: CrossCheckContext<MessageIds, Options>): void;
}

export function defineCrossCheck<MessageIds extends string, Options extends object>(
  rule: Omit<CrossCheckDefinition<MessageIds, Options>, 'kind'>,
): CrossCheckDefinition<MessageIds, Options> {
  return { ...rule, kind: 'cross-check' };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCrossCheck = CrossCheckDefinition<any, any>;
