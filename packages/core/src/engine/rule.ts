/**
 * The rule model. A statelint rule is written once against the TypeScript AST and run unchanged by
 * both front ends: the ESLint plugin (one file at a time, typed when the parser provides a program)
 * and the CLI (whole programs loaded by ts-morph).
 */
import type * as ts from 'typescript';
import type typescript from 'typescript';
import type { FileFacts } from '../lang/facts.js';
import type { ProjectView } from '../lang/project.js';
import type { Visitors } from './visitors.js';

/** The TypeScript module instance the AST came from. Rules use it for every `SyntaxKind` and `is*`. */
export type TS = typeof typescript;

export type Severity = 'error' | 'warn';
export type SeveritySetting = Severity | 'off';

/** A JSON schema (draft-04, as ESLint validates it). Kept loose so rules need no schema types. */
export type JSONSchema = Record<string, unknown>;

export interface RuleDocs<Options> {
  /** One sentence: what the rule reports. */
  description: string;
  /** Severity in `recommended`. Every statelint rule is part of `recommended`. */
  recommended: Severity;
  /** Options `strict` sets on top of the defaults (every rule is `error` in `strict`). */
  strictOptions?: Partial<Options>;
}

export interface RuleMeta<MessageIds extends string, Options> {
  type: 'problem' | 'suggestion';
  docs: RuleDocs<Options>;
  /** Message templates by id; `{{name}}` placeholders are filled from a report's `data`. */
  messages: Record<MessageIds, string>;
  /** Schema of the single options object. Every property documented, no additional properties. */
  schema: JSONSchema;
  hasSuggestions?: boolean;
}

export interface TextEdit {
  /** Offsets into `sourceFile.text`, end exclusive. */
  range: readonly [number, number];
  text: string;
}

export interface SuggestionDescriptor<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  fix: TextEdit | readonly TextEdit[];
}

export interface ReportDescriptor<MessageIds extends string> {
  /** The node to report; the range runs from its first token (not its leading trivia) to its end. */
  node: ts.Node;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  suggest?: readonly SuggestionDescriptor<MessageIds>[];
  /**
   * The chain that makes the finding apply, in order (each call down to the effect it reaches):
   * given in the JSON report as `trace` and in SARIF as related locations.
   */
  trace?: readonly TraceNode[];
}

/** One step of a finding's chain: a node (any file of the program) and what it is. */
export interface TraceNode {
  node: ts.Node;
  what: string;
}

/** One step of a chain that explains a finding: where, and what happens there (as reported: a position, not a node). */
export interface TraceStep {
  /** Absolute file name (front ends print it relative to the repository root). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly what: string;
}

export interface RuleContext<MessageIds extends string, Options> {
  readonly ts: TS;
  readonly sourceFile: ts.SourceFile;
  /** Absolute path (or the name the caller gave) of the file being analysed. */
  readonly fileName: string;
  /** The project root (the working directory of ESLint or the CLI), for path-based decisions. */
  readonly root: string | undefined;
  /** The rule's options, already merged over its defaults. */
  readonly options: Readonly<Options>;
  /** Present only in typed mode. Ask it only where a rule needs it: every query costs. */
  readonly checker: ts.TypeChecker | undefined;
  readonly program: ts.Program | undefined;
  /** Cross-file view: the whole program in typed mode, this file alone otherwise. */
  readonly project: ProjectView;
  /** Facts about this file (scopes, imports) computed once and shared by every rule. */
  readonly facts: FileFacts;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

export interface RuleDefinition<MessageIds extends string = string, Options extends object = object> {
  /** The rule id, as in docs/contract.md (`no-fs-writes`); ESLint sees it as `statelint/<id>`. */
  id: string;
  meta: RuleMeta<MessageIds, Options>;
  defaultOptions: Options;
  create(context: RuleContext<MessageIds, Options>): Visitors;
}

/** Identity function that gives a rule definition its types. */
export function defineRule<MessageIds extends string, Options extends object>(
  rule: RuleDefinition<MessageIds, Options>,
): RuleDefinition<MessageIds, Options> {
  return rule;
}

// `RuleDefinition<'a' | 'b', X>` is not assignable to `RuleDefinition<string, object>` because
// `report` is contravariant in its message ids; registries hold rules under this alias instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = RuleDefinition<any, any>;
