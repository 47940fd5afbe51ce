/**
 * The engine: one traversal of a file dispatches every node to every enabled rule's visitors, then
 * applies suppression comments. A rule that throws is isolated: its error is recorded with the file
 * and rule, the rule stops for this file, and every other rule goes on.
 */
import type * as ts from 'typescript';
import { fastTypeScript } from './fast-ts.js';
import { formatMessage } from './messages.js';
import { collectCodeFacts, type CodeFacts } from '../manifests/code-facts.js';
import { normalizedSnippet, symbolPath } from './fingerprint.js';
import { programView, singleFileView, type ProjectView, type SharedFacts } from '../lang/project.js';
import { explain } from '../service/explain.js';
import type { TraceStep } from './rule.js';
import type { AnyRule, ReportDescriptor, Severity, TextEdit, TraceNode, TS } from './rule.js';
import { isSuppressed, parseDirectives, unusedDirectives, type UnusedDirective } from './suppressions.js';
import type { Visitor } from './visitors.js';
import { walk } from './walk.js';

export interface ConfiguredRule {
  rule: AnyRule;
  severity: Severity;
  /** The user's options; merged over the rule's defaults by the engine. */
  options?: object;
}

export interface Suggestion {
  messageId: string;
  data: Record<string, string | number> | undefined;
  message: string;
  edits: readonly TextEdit[];
}

/** Where a finding is: 1-based, as ESLint reports it; `endColumn` is one past the last character. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets into the file's text, end exclusive. */
  start: number;
  end: number;
}

export interface Finding extends SourceRange {
  ruleId: string;
  severity: Severity;
  messageId: string;
  data: Record<string, string | number> | undefined;
  message: string;
  /** Fingerprint basis: the named declarations around the finding, and the reported code. */
  symbolPath: string;
  snippet: string;
  suggestions: readonly Suggestion[];
  /** The chain that makes the finding apply (see `ReportDescriptor.trace`); `file` is the node's file name. */
  trace?: readonly TraceStep[];
}


export interface RuleFailure {
  ruleId: string;
  message: string;
  stack: string | undefined;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Rules that threw on this file (each stopped for this file only). */
  failures: RuleFailure[];
  /** What the deployment cross-checks need from this file (when `codeFacts` was asked for). */
  codeFacts?: CodeFacts;
}

export interface AnalyzeOptions {
  ts: TS;
  sourceFile: ts.SourceFile;
  rules: readonly ConfiguredRule[];
  /** Typed mode: the program the source file belongs to. */
  program?: ts.Program;
  /** Defaults to the program's view in typed mode, the file alone otherwise. */
  project?: ProjectView;
  /** Honour `eslint-disable*` comments too (the CLI does; ESLint applies its own). */
  eslintDirectives?: boolean;
  /** The project root (working directory), for path-based decisions such as `codeKind`. */
  root?: string;
  /** When given, milliseconds spent in each rule are added to it (for `--performance`). */
  timings?: Map<string, number>;
  /** Give every finding the chain that made it apply (`--explain`): the rule's own trace, else the program model's. */
  explain?: boolean;
  /** Untyped: file-independent project facts shared with the other files of the run (see project.ts). */
  sharedFacts?: SharedFacts;
  /** Also collect the facts deployment cross-checks read (routes, ports, shutdown, writes). */
  codeFacts?: boolean;
  /** `--report-unused-disable-directives`: report disable comments that suppress nothing, at this severity. */
  unusedDirectives?: Severity;
}

/** The rule id under which unused disable directives are reported (no rule of its own). */
export const UNUSED_DIRECTIVE_RULE_ID = 'unused-disable-directive';

interface ActiveRule {
  configured: ConfiguredRule;
  visitors: Map<ts.SyntaxKind, Visitor[]>;
  exits: Map<ts.SyntaxKind, Visitor[]>;
  failed: boolean;
}

export function analyzeSourceFile(options: AnalyzeOptions): AnalysisResult {
  const { sourceFile } = options;
  // Rules and facts see TypeScript through a fast view of the module (see fast-ts.ts).
  const ts = fastTypeScript(options.ts);
  const project =
    options.project ??
    (options.program ? programView(ts, options.program) : singleFileView(ts, sourceFile, options.sharedFacts));
  const facts = project.factsOf(sourceFile);
  project.root ??= options.root;
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const active: ActiveRule[] = [];

  const fail = (rule: ActiveRule, error: unknown): void => {
    rule.failed = true;
    failures.push({
      ruleId: rule.configured.rule.id,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  };

  for (const configured of options.rules) {
    const { rule, severity } = configured;
    const ruleOptions = mergeOptions(rule.defaultOptions, configured.options);
    const report = (descriptor: ReportDescriptor<string>): void => {
      const finding = toFinding(ts, sourceFile, rule, severity, descriptor);
      if (options.explain && finding.trace === undefined) {
        const trace = explain(facts, descriptor.node);
        if (trace.length > 0) finding.trace = trace;
      }
      findings.push(finding);
    };
    const entry: ActiveRule = { configured, visitors: new Map(), exits: new Map(), failed: false };
    try {
      const visitors = rule.create({
        ts,
        sourceFile,
        fileName: sourceFile.fileName,
        root: options.root,
        options: ruleOptions,
        get checker() {
          return project.checker;
        },
        program: project.program,
        project,
        facts,
        report,
      });
      for (const [key, visitor] of Object.entries(visitors)) {
        if (visitor === undefined) continue;
        const exit = key.endsWith(':exit');
        const kindName = exit ? key.slice(0, -5) : key;
        const kind = (ts.SyntaxKind as unknown as Record<string, ts.SyntaxKind | undefined>)[kindName];
        if (kind === undefined) throw new Error(`rule ${rule.id}: unknown visitor key '${key}'`);
        const map = exit ? entry.exits : entry.visitors;
        const list = map.get(kind);
        if (list === undefined) map.set(kind, [visitor as Visitor]);
        else list.push(visitor as Visitor);
      }
    } catch (error) {
      fail(entry, error);
      continue;
    }
    active.push(entry);
  }

  const { timings } = options;
  // Per syntax kind, the rules that visit it (in rule order): nodes no rule visits cost one load.
  const enterTable = kindTable(ts);
  const exitTable = kindTable(ts);
  for (const rule of active) {
    for (const kind of rule.visitors.keys()) (enterTable[kind] ??= []).push(rule);
    for (const kind of rule.exits.keys()) (exitTable[kind] ??= []).push(rule);
  }
  const dispatch = (node: ts.Node, exit: boolean): void => {
    const rules = (exit ? exitTable : enterTable)[node.kind];
    if (rules === undefined) return;
    for (const rule of rules) {
      if (rule.failed) continue;
      const list = (exit ? rule.exits : rule.visitors).get(node.kind)!;
      const started = timings === undefined ? 0 : performance.now();
      for (const visitor of list) {
        try {
          visitor(node);
        } catch (error) {
          fail(rule, error);
          break;
        }
      }
      if (timings !== undefined) {
        const id = rule.configured.rule.id;
        timings.set(id, (timings.get(id) ?? 0) + performance.now() - started);
      }
    }
  };

  if (active.length > 0) {
    walk(ts, sourceFile, {
      enter: (node) => dispatch(node, false),
      leave: (node) => dispatch(node, true),
    });
  }

  // A rule that failed reports nothing for this file: half a result reads as a real one.
  const failedIds = new Set(failures.map((f) => f.ruleId));
  let kept = failedIds.size > 0 ? findings.filter((f) => !failedIds.has(f.ruleId)) : findings;
  const unused: Finding[] = [];
  if (kept.length > 0 || options.unusedDirectives !== undefined) {
    const directives = parseDirectives(ts, sourceFile, { eslint: options.eslintDirectives === true });
    if (options.unusedDirectives !== undefined && directives.length > 0) {
      const ran = new Set(active.filter((r) => !r.failed).map((r) => r.configured.rule.id));
      for (const idle of unusedDirectives(kept, directives, ran)) unused.push(unusedDirectiveFinding(sourceFile, idle, options.unusedDirectives));
    }
    if (directives.length > 0 && kept.length > 0) kept = kept.filter((f) => !isSuppressed(f, directives));
  }
  kept = [...kept, ...unused];
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  // Suppressed writes still fail on a read-only filesystem: code facts see every finding.
  const codeFacts = options.codeFacts ? collectCodeFacts(facts, findings) : undefined;
  return { findings: dedupe(kept), failures, ...(codeFacts ? { codeFacts } : {}) };
}

function unusedDirectiveFinding(sourceFile: ts.SourceFile, { directive, ruleIds }: UnusedDirective, severity: Severity): Finding {
  const start = sourceFile.getLineAndCharacterOfPosition(directive.pos);
  const end = sourceFile.getLineAndCharacterOfPosition(directive.end);
  const comment = `${directive.source}-${directive.kind}`;
  const message =
    ruleIds.length === 0
      ? `Unused ${comment} directive (no problems were reported). Remove it: a stale suppression would hide the next real finding there.`
      : `Unused ${comment} directive (no problems were reported from ${ruleIds.map((id) => `'${id}'`).join(', ')}). ${directive.ruleIds !== 'all' && directive.ruleIds.length > ruleIds.length ? 'Remove those rule ids from it' : 'Remove it'}: a stale suppression would hide the next real finding there.`;
  return {
    ruleId: UNUSED_DIRECTIVE_RULE_ID,
    severity,
    messageId: 'unusedDirective',
    data: undefined,
    message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    start: directive.pos,
    end: directive.end,
    symbolPath: '',
    snippet: normalizedSnippet(sourceFile.text.slice(directive.pos, directive.end)),
    suggestions: [],
  };
}

const kindCounts = new WeakMap<object, number>();

/** An array with a slot for every syntax kind of this TypeScript (packed, so loads stay fast). */
function kindTable(ts: TS): (ActiveRule[] | undefined)[] {
  let count = kindCounts.get(ts);
  if (count === undefined) {
    count = 0;
    for (const value of Object.values(ts.SyntaxKind)) if (typeof value === 'number' && value >= count) count = value + 1;
    kindCounts.set(ts, count);
  }
  return new Array<ActiveRule[] | undefined>(count).fill(undefined);
}

function toFinding(
  ts: TS,
  sourceFile: ts.SourceFile,
  rule: AnyRule,
  severity: Severity,
  descriptor: ReportDescriptor<string>,
): Finding {
  const { node } = descriptor;
  const start = node.getStart(sourceFile);
  const end = Math.max(node.getEnd(), start);
  const startLc = sourceFile.getLineAndCharacterOfPosition(start);
  const endLc = sourceFile.getLineAndCharacterOfPosition(end);
  const messages = rule.meta.messages as Record<string, string>;
  const template = messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id}: unknown messageId '${descriptor.messageId}'`);
  return {
    ruleId: rule.id,
    severity,
    messageId: descriptor.messageId,
    data: descriptor.data,
    message: formatMessage(template, descriptor.data),
    line: startLc.line + 1,
    column: startLc.character + 1,
    endLine: endLc.line + 1,
    endColumn: endLc.character + 1,
    start,
    end,
    symbolPath: symbolPath(ts, node),
    snippet: normalizedSnippet(sourceFile.text.slice(start, end)),
    ...(descriptor.trace !== undefined && descriptor.trace.length > 0 ? { trace: descriptor.trace.map(traceStep) } : {}),
    suggestions: (descriptor.suggest ?? []).map((s) => {
      const suggestionTemplate = messages[s.messageId];
      if (suggestionTemplate === undefined) throw new Error(`rule ${rule.id}: unknown messageId '${s.messageId}'`);
      return {
        messageId: s.messageId,
        data: s.data,
        message: formatMessage(suggestionTemplate, s.data),
        edits: Array.isArray(s.fix) ? s.fix : [s.fix as TextEdit],
      };
    }),
  };
}

function traceStep(step: TraceNode): TraceStep {
  const sf = step.node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(step.node.getStart(sf));
  return { file: sf.fileName, line: line + 1, column: character + 1, what: step.what };
}

/** A rule reporting the same range twice with the same message reports it once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.start}\u0000${f.end}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * User options over defaults: plain objects merge deeply, anything else (arrays included) replaces.
 * The same merge typescript-eslint's `applyDefault` does, so both front ends see the same options.
 */
export function mergeOptions<T extends object>(defaults: T, user: object | undefined): T {
  if (user === undefined) return defaults;
  if (typeof user !== 'object' || user === null) return deepMerge(defaults, user) as T;
  // Both front ends pass the same options object for every file: merge it once.
  let byUser = merged.get(defaults);
  if (byUser === undefined) merged.set(defaults, (byUser = new WeakMap()));
  let result = byUser.get(user);
  if (result === undefined) byUser.set(user, (result = deepMerge(defaults, user) as object));
  return result as T;
}

const merged = new WeakMap<object, WeakMap<object, object>>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}
