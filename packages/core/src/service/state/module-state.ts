/**
 * The long-lived state of one module, decided once per file and shared by no-module-state and
 * no-in-memory-cache: every slot that outlives a request (a module-level variable, a static class
 * field, a field of a class that is a process-wide singleton), what kind of value it holds, and
 * where it is reassigned or mutated — at load time, in a lifecycle handler, or at runtime. A slot
 * filled at runtime like a cache is no-in-memory-cache's; any other runtime change is module state.
 */
import type * as ts from 'typescript';
import { enclosingFunction, isStatic, propertyValue, staticString } from '../../lang/ast.js';
import { defineFact, type FileFacts } from '../../lang/facts.js';
import { skipOuterExpressions, staticPropertyName, type Variable } from '../../lang/scope.js';
import { isLazyInitialization } from '../request-handlers.js';
import { findRef } from '../../lang/values.js';
import { CACHE_NAME } from './cache-catalogue.js';
import { cacheCreation } from './cache-match.js';
import {
  CONTAINER_FACTORIES,
  FREEZERS,
  GLOBAL_OBJECT_NAMES,
  HANDLE_FUNCTIONS,
  MUTATORS,
  PROCESS_ENV,
  REMOVING_METHODS,
  WEAK_CONTAINERS,
} from './catalogue.js';
import { describeSite } from './describe.js';
import { RUN_CONTEXTS, usesFromOtherModules, type ForeignUse } from './imported-uses.js';
import { matchesFunction, thisOwner, type RunContexts, type ThisOwner } from './run-context.js';
import { followUses, interpretUse, isConstAssertion, valueExpression, type Use, type ValueKind } from './uses.js';

/**
 * `closure`: a variable of a function that runs once, while the module loads (an IIFE, a factory
 * called at the top level: `export const { get } = buildQueryWithCache(…)`), kept by the closures
 * it returns for as long as the process.
 */
export type SlotKind = 'variable' | 'static' | 'field' | 'closure';

export interface Site {
  node: ts.Node;
  /** For messages: "`addUser` (line 12)". */
  where: string;
  /** Orders sites: offsets in this file, then sites in other files. */
  order: number;
}

export interface Mutation extends Site {
  use: Use;
  /** The function the mutation is in (cache fills pair with reads in the same function). */
  fn: ts.Node | undefined;
  /** Behind a once-per-process guard (`if (loaded) return; …; loaded = true`). */
  once: boolean;
}

export type WriteClass = 'teardown' | 'lazy' | 'handle' | 'state';

export interface Write extends Site {
  class: WriteClass;
  /** `items = items.filter(…)`: a removal written as a reassignment. */
  removes?: boolean;
}

export interface KeyedRead {
  node: ts.Node;
  key: ts.Node;
  fn: ts.Node | undefined;
}

export interface Slot {
  kind: SlotKind;
  /** Shown in messages: `users`, `Registry.items`, `UserStore.users`. */
  name: string;
  /** The name the slot is declared with (`users`, `items`). */
  shortName: string;
  /** Where findings go: the declaring identifier. */
  node: ts.Node;
  /** For fields: the singleton class and why it lives as long as the process. */
  owner?: string;
  lifetime?: string;
  valueKind: ValueKind | undefined;
  /** The kind comes from the declared type (typed mode): what the container holds is unknown. */
  kindFromType: boolean;
  /** Kinds of an object literal's properties (`null`: known not to be a container). */
  members: Map<string, ValueKind | null> | undefined;
  /** Frozen, `as const`, readonly: cannot change. */
  immutable: boolean;
  /** Holds an in-memory cache or a memoized function: no-in-memory-cache reports it. */
  cacheLibrary: boolean;
  /** Filled with functions or clients (a registry of code or resources of this process). */
  holdsCode: boolean;
  /** Created empty (`new Map()`, `[]`, `{}`) and never filled: removals change nothing. */
  neverFilled: boolean;
  writes: Write[];
  mutations: Mutation[];
  reads: KeyedRead[];
  /** Names other modules import it by, and the property path from there (`Registry` + `items`). */
  exports: { name: string; steps: readonly string[] }[];
  /** Is this expression the slot itself (`x`, `this.x`, `Registry.x`)? */
  is(node: ts.Node): boolean;
}

export type VerdictKind = 'mutated' | 'reassigned' | 'lazy' | 'cache';

export interface Verdict {
  kind: VerdictKind;
  site: Site;
  /** How many other places change it. */
  more: number;
}

export interface GlobalWrite {
  kind: 'global' | 'env';
  node: ts.Node;
  where: string;
}

/** Where other modules change this module's exported slots (typed mode); see imported-uses.ts. */
export type ForeignUsesProvider = (facts: FileFacts) => readonly ForeignUse[];

interface ThisNode {
  node: ts.Node;
  owner: ThisOwner | undefined;
}

export class ModuleState {
  readonly slots: Slot[] = [];
  readonly globalWrites: GlobalWrite[] = [];
  readonly contexts: RunContexts;
  private readonly verdicts = new Map<Slot, Verdict | undefined>();
  private readonly byVariable = new Map<Variable, Slot>();
  private readonly fields = new Map<string, Slot>();
  private foreignApplied = false;
  private readonly ts: FileFacts['ts'];

  constructor(readonly facts: FileFacts) {
    this.ts = facts.ts;
    this.contexts = facts.memo(RUN_CONTEXTS);
    if (!facts.sourceFile.isDeclarationFile) this.collect();
  }

  /** Why instances of this class live as long as the process, if they do. */
  lifetimeOf(cls: ts.ClassLikeDeclaration): string | undefined {
    return this.contexts.lifetimeOf(cls);
  }

  /** The slot a module-level variable is. */
  slotOfVariable(variable: Variable): Slot | undefined {
    return this.byVariable.get(variable);
  }

  /** The field slot `name` of a long-lived class. */
  fieldSlot(cls: ts.ClassLikeDeclaration, name: string, isStaticField: boolean): Slot | undefined {
    return this.fields.get(fieldKey(cls, name, isStaticField));
  }

  /** What became of a slot: cache, mutated, reassigned, lazily created, or nothing. */
  verdict(slot: Slot, foreign?: ForeignUsesProvider): Verdict | undefined {
    if (foreign !== undefined && !this.foreignApplied) {
      this.foreignApplied = true;
      this.applyForeignUses(foreign(this.facts));
    }
    if (this.verdicts.has(slot)) return this.verdicts.get(slot);
    const verdict = this.decide(slot);
    this.verdicts.set(slot, verdict);
    return verdict;
  }

  // ---------------------------------------------------------------------------------------------

  private collect(): void {
    const { ts } = this;
    const thisNodes: ThisNode[] = [];
    for (const node of this.facts.nodes) {
      if (node.kind === ts.SyntaxKind.ThisKeyword) thisNodes.push({ node, owner: thisOwner(ts, node) });
      this.checkGlobalWrite(node);
    }
    const visit = (statements: readonly ts.Statement[]): void => {
      for (const statement of statements) {
        if (ts.isVariableStatement(statement)) {
          if (ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
          for (const declaration of statement.declarationList.declarations) this.addVariables(declaration, thisNodes);
        } else if (ts.isClassDeclaration(statement)) {
          this.addClass(statement, thisNodes);
        } else if (ts.isExpressionStatement(statement) || ts.isExportAssignment(statement)) {
          this.addExportedObject(statement, thisNodes);
        } else if (ts.isBlock(statement)) {
          visit(statement.statements);
        } else if (ts.isIfStatement(statement)) {
          visit([statement.thenStatement, ...(statement.elseStatement ? [statement.elseStatement] : [])]);
        } else if (ts.isTryStatement(statement)) {
          visit(statement.tryBlock.statements);
          if (statement.catchClause) visit(statement.catchClause.block.statements);
          if (statement.finallyBlock) visit(statement.finallyBlock.statements);
        }
      }
    };
    visit(this.facts.sourceFile.statements);
    this.addExports();
    this.addClosureVariables(thisNodes);
  }

  /**
   * An object literal that is the module's export (`module.exports = { items: [], add(x) { this.items.push(x) } }`,
   * `export default { … }`): a singleton held by the module cache, like a module-level `const`.
   */
  private addExportedObject(statement: ts.ExpressionStatement | ts.ExportAssignment, thisNodes: readonly ThisNode[]): void {
    const { ts } = this;
    let holder: ts.Node;
    let value: ts.Expression;
    if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals) return;
      holder = statement;
      value = statement.expression;
    } else {
      const e = statement.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || e.left.getText().replace(/\s+/g, '') !== 'module.exports') return;
      holder = e.left;
      value = e.right;
    }
    const object = skipOuterExpressions(ts, value);
    if (!ts.isObjectLiteralExpression(object)) return;
    const uses: Use[] = [];
    for (const { node, owner } of thisNodes) {
      if (owner?.kind === 'object' && owner.object === object) followUses(this.facts, node as ts.Expression, (use) => uses.push(use));
    }
    if (uses.length === 0) return;
    const name = ts.isExportAssignment(statement) ? 'export default { … }' : 'module.exports';
    const node = ts.isExportAssignment(statement) ? object : holder;
    const slot = this.newSlot('variable', name, name, node, () => false);
    this.describeValue(slot, object);
    this.interpret(slot, uses);
  }

  /** Variables of run-once functions that the closures they create keep (see `SlotKind`). */
  private addClosureVariables(thisNodes: readonly ThisNode[]): void {
    const { ts } = this;
    const { scope } = this.facts;
    for (const node of this.facts.nodes) {
      if (!ts.isFunctionDeclaration(node) && !ts.isFunctionExpression(node) && !ts.isArrowFunction(node)) continue;
      if (node.body === undefined || !ts.isBlock(node.body) || ts.isClassLike(node.parent)) continue;
      if (enclosingFunction(ts, node) !== undefined) continue;
      const first = node.body.statements[0];
      if (first === undefined || this.contexts.at(first) !== 'load' || !this.resultKeptByModule(node)) continue;
      const owner = functionLabel(ts, node);
      for (const statement of node.body.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name) || declaration.initializer === undefined) continue;
          const variable = scope.variableOf(declaration.name);
          if (variable === undefined || !keptByClosure(ts, variable, node)) continue;
          this.addVariables(declaration, thisNodes, { owner });
        }
      }
    }
  }

  private newSlot(kind: SlotKind, name: string, shortName: string, node: ts.Node, is: (node: ts.Node) => boolean): Slot {
    const slot: Slot = {
      kind,
      name,
      shortName,
      node,
      valueKind: undefined,
      kindFromType: false,
      members: undefined,
      immutable: false,
      cacheLibrary: false,
      holdsCode: false,
      neverFilled: false,
      writes: [],
      mutations: [],
      reads: [],
      exports: [],
      is,
    };
    this.slots.push(slot);
    return slot;
  }

  /**
   * Every call of the function keeps its result at module level (`export const { get } = build(…)`,
   * an IIFE assigned to a module binding), in this file and — typed — in its importers: what the
   * result closes over lives as long as the module. A start-up function called from `main()` keeps
   * its closures' bookkeeping with the server it returns, not in the module.
   */
  private resultKeptByModule(fn: ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction): boolean {
    const { ts } = this;
    let n: ts.Node = fn;
    while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
    if (ts.isCallExpression(n.parent) && n.parent.expression === n) return keptAtModuleLevel(ts, n.parent);
    const name = ts.isFunctionDeclaration(fn) ? fn.name : ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name) ? n.parent.name : undefined;
    const variable = name && this.facts.scope.variableOf(name);
    if (variable === undefined) return false;
    const calls: ts.CallExpression[] = [];
    for (const reference of variable.references) {
      let r: ts.Node = reference.identifier;
      while (ts.isParenthesizedExpression(r.parent)) r = r.parent;
      if (reference.identifier === name) continue;
      if (ts.isCallExpression(r.parent) && r.parent.expression === r) calls.push(r.parent);
      else if (!ts.isExportSpecifier(r.parent) && !ts.isExportAssignment(r.parent)) return false;
    }
    const exported = this.contexts.exportNames().get(variable) ?? [];
    if (exported.length > 0) {
      for (const foreign of usesFromOtherModules(this.facts)) {
        if (!exported.includes(foreign.exportName) || foreign.use.depth !== 0 || foreign.use.path.length > 0) continue;
        if (foreign.use.kind !== 'call' || !ts.isCallExpression(foreign.use.node)) return false;
        calls.push(foreign.use.node);
      }
    }
    return calls.length > 0 && calls.every((call) => keptAtModuleLevel(ts, call));
  }

  private addVariables(declaration: ts.VariableDeclaration, thisNodes: readonly ThisNode[], closure?: { owner: string }): void {
    const { ts } = this;
    const { scope } = this.facts;
    const leaves: ts.Identifier[] = [];
    const collect = (name: ts.BindingName): void => {
      if (ts.isIdentifier(name)) leaves.push(name);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
    };
    collect(declaration.name);
    for (const id of leaves) {
      const variable = scope.variableOf(id);
      if (variable === undefined || (variable.kind !== 'let' && variable.kind !== 'var' && variable.kind !== 'const')) continue;
      // `const byId = users`: an alias; its uses are followed from `users`.
      if (variable.kind === 'const' && declaration.initializer !== undefined && this.isModuleAlias(declaration.initializer)) continue;
      const slot = this.newSlot(closure ? 'closure' : 'variable', id.text, id.text, id, (n) => ts.isIdentifier(n) && scope.variableOf(n) === variable);
      if (closure) slot.owner = closure.owner;
      this.byVariable.set(variable, slot);
      const whole = ts.isIdentifier(declaration.name) ? declaration.initializer : undefined;
      if (whole !== undefined) this.describeValue(slot, whole);
      const uses: Use[] = [];
      for (const reference of variable.references) {
        if (reference.isWrite) this.addVariableWrite(slot, reference.identifier);
        else {
          followUses(this.facts, reference.identifier, (use) => uses.push(use));
          // `const getStore = () => store; … getStore().set(k, v)`: the accessor's result is the value.
          for (const call of this.accessorCalls(reference.identifier)) followUses(this.facts, call, (use) => uses.push(use));
        }
      }
      // `this` in the methods of an object literal is that object.
      if (whole !== undefined && ts.isObjectLiteralExpression(skipOuterExpressions(ts, whole))) {
        const object = skipOuterExpressions(ts, whole);
        for (const { node, owner } of thisNodes) {
          if (owner?.kind === 'object' && owner.object === object) followUses(this.facts, node as ts.Expression, (use) => uses.push(use));
        }
      }
      this.interpret(slot, uses);
    }
  }

  /**
   * Calls of a module-level function that returns this reference as it is (`function getStore() {
   * return store; }`, `const getStore = () => store`): each call denotes the same value.
   */
  private accessorCalls(reference: ts.Identifier): ts.CallExpression[] {
    const { ts } = this;
    const { scope } = this.facts;
    let n: ts.Node = reference;
    while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
    const fn = ts.isReturnStatement(n.parent) ? enclosingFunction(ts, n.parent) : ts.isArrowFunction(n.parent) && n.parent.body === n ? n.parent : undefined;
    if (fn === undefined || (!ts.isFunctionDeclaration(fn) && !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) || enclosingFunction(ts, fn) !== undefined) return [];
    let holder: ts.Node = fn;
    while (ts.isParenthesizedExpression(holder.parent)) holder = holder.parent;
    const name = ts.isFunctionDeclaration(fn) ? fn.name : ts.isVariableDeclaration(holder.parent) && ts.isIdentifier(holder.parent.name) ? holder.parent.name : undefined;
    const accessor = name && scope.variableOf(name);
    if (accessor === undefined || accessor.scope !== scope.moduleScope || scope.isReassigned(accessor)) return [];
    const calls: ts.CallExpression[] = [];
    for (const use of accessor.references) {
      let r: ts.Node = use.identifier;
      while (ts.isParenthesizedExpression(r.parent)) r = r.parent;
      if (ts.isCallExpression(r.parent) && r.parent.expression === r && r.parent.arguments.length === 0) calls.push(r.parent);
    }
    return calls;
  }

  /** `users`, `state.users`: a path into another module-level variable. */
  private isModuleAlias(initializer: ts.Expression): boolean {
    const { ts } = this;
    const { scope } = this.facts;
    let n = skipOuterExpressions(ts, initializer);
    while (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = skipOuterExpressions(ts, n.expression);
    if (!ts.isIdentifier(n)) return false;
    const target = scope.variableOf(n);
    return target !== undefined && target.scope === scope.moduleScope && (target.kind === 'const' || target.kind === 'let' || target.kind === 'var');
  }

  /** Kind, members, immutability and cache-ness of a value written to a slot. */
  private describeValue(slot: Slot, expression: ts.Expression): void {
    const { ts } = this;
    const n = skipOuterExpressions(ts, expression);
    if (isConstAssertion(ts, expression)) {
      slot.immutable = true;
      return;
    }
    if (cacheCreation(this.facts, n) !== undefined) {
      slot.cacheLibrary = true;
      return;
    }
    const kind = this.syntacticKind(n);
    if (kind === 'immutable' || kind === 'weak') {
      if (slot.valueKind === undefined) slot.immutable = true;
      return;
    }
    if (slot.valueKind !== undefined || kind === undefined) return;
    slot.valueKind = kind;
    slot.neverFilled = isEmptyContainer(ts, n);
    if (kind === 'object' && ts.isObjectLiteralExpression(n)) {
      slot.members = new Map();
      for (const property of n.properties) {
        if (property.name === undefined) continue;
        const name = staticPropertyName(ts, property.name);
        const value = propertyValue(ts, property);
        if (name === undefined) continue;
        const memberKind = value === undefined ? undefined : this.syntacticKind(skipOuterExpressions(ts, value));
        slot.members.set(name, memberKind === undefined || memberKind === 'immutable' || memberKind === 'weak' ? null : memberKind);
      }
    }
  }

  private syntacticKind(n: ts.Node): ValueKind | 'immutable' | 'weak' | undefined {
    const { ts } = this;
    if (ts.isArrayLiteralExpression(n)) return 'array';
    if (ts.isObjectLiteralExpression(n)) return 'object';
    if (ts.isAsExpression(n) && isConstAssertion(ts, n)) return 'immutable';
    if (!ts.isNewExpression(n) && !ts.isCallExpression(n)) return undefined;
    const ref = this.facts.modules.resolve(n.expression);
    if (matchesFunction(ref, WEAK_CONTAINERS)) return 'weak';
    if (matchesFunction(ref, FREEZERS)) return 'immutable';
    const factory = findRef(CONTAINER_FACTORIES, ref);
    if (factory !== undefined) return factory.kind;
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression)) {
      const variable = this.facts.scope.variableOf(n.expression);
      if (variable?.kind === 'class') return 'instance';
    }
    return undefined;
  }

  private addVariableWrite(slot: Slot, id: ts.Identifier): void {
    const { ts } = this;
    let node: ts.Node = id;
    let destructuring = false;
    while (
      node.parent !== undefined &&
      (ts.isParenthesizedExpression(node.parent) ||
        ts.isArrayLiteralExpression(node.parent) ||
        ts.isObjectLiteralExpression(node.parent) ||
        ts.isPropertyAssignment(node.parent) ||
        ts.isShorthandPropertyAssignment(node.parent) ||
        ts.isSpreadElement(node.parent) ||
        ts.isSpreadAssignment(node.parent) ||
        (ts.isBinaryExpression(node.parent) && node.parent.left === node && destructuring))
    ) {
      if (!ts.isParenthesizedExpression(node.parent)) destructuring = true;
      node = node.parent;
    }
    const parent = node.parent;
    if (parent === undefined) return;
    if (ts.isBinaryExpression(parent) && parent.left === node) {
      if (!destructuring) this.describeValue(slot, parent.right);
      this.addWrite(slot, parent, destructuring ? undefined : parent.right, parent.operatorToken.kind, destructuring);
    } else {
      this.addWrite(slot, parent, undefined, undefined, true);
    }
  }

  private addWrite(slot: Slot, node: ts.Node, value: ts.Expression | undefined, operator: ts.SyntaxKind | undefined, compound: boolean): void {
    const writeClass = this.classifyWrite(slot, node, value, operator, compound);
    if (writeClass === undefined) return;
    const v = value && valueExpression(this.ts, value);
    const removes =
      v !== undefined &&
      this.ts.isCallExpression(v) &&
      this.ts.isPropertyAccessExpression(v.expression) &&
      v.expression.name.text === 'filter' &&
      slot.is(skipOuterExpressions(this.ts, v.expression.expression));
    slot.writes.push({ class: writeClass, removes, ...this.site(node) });
  }

  /**
   * A runtime write: is it a reset, a lazy initialisation, a handle set up once (a client, a timer,
   * a flag, an injected dependency), or state?
   */
  private classifyWrite(
    slot: Slot,
    node: ts.Node,
    value: ts.Expression | undefined,
    operator: ts.SyntaxKind | undefined,
    compound: boolean,
  ): WriteClass | undefined {
    const { ts } = this;
    if (this.contexts.of(node) !== 'runtime') return undefined;
    if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return 'lazy';
    if (compound || value === undefined || (operator !== undefined && operator !== ts.SyntaxKind.EqualsToken)) return 'state';
    const v = valueExpression(ts, value);
    if (isNullish(ts, v)) return 'teardown';
    const fn = enclosingFunction(ts, node);
    const inline = fn !== undefined && isInlineCallback(ts, fn);
    // A flag set by a named function (`initialized = true`) marks a phase of this process.
    if (!inline && (v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword)) return 'handle';
    if (this.isLazyInit(slot, node, fn) || isSelfDefault(ts, slot, v)) return 'lazy';
    // `chain = chain.then(() => write(batch))`: a promise chain that orders this process's own
    // work, not data.
    if (isPromiseChain(ts, slot, v)) return 'handle';
    if (containsSlot(ts, slot, v) || inline) return 'state';
    if (ts.isNewExpression(v) || ts.isCallExpression(v)) {
      const callee = this.facts.modules.resolve(v.expression);
      if (matchesFunction(callee, HANDLE_FUNCTIONS)) return 'handle';
      if (callee?.module !== 'globalThis') return this.syntacticKind(v) === undefined ? 'handle' : 'state';
    }
    if (ts.isIdentifier(v) && fn !== undefined) {
      const parameter = this.facts.scope.variableOf(v);
      if (parameter?.kind === 'parameter' && parameter.scope.node === fn) return 'handle';
    }
    return 'state';
  }

  /**
   * `if (!x) x = …`, `x ??= …`, `return x ?? (x = …)`, `if (x) return x; x = …`, and changes made
   * once behind a flag (`if (loaded) return; …; loaded = true`).
   */
  private isLazyInit(slot: Slot, node: ts.Node, fn: ts.Node | undefined): boolean {
    const { ts } = this;
    let n: ts.Node = node;
    while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
    const parent = n.parent;
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === n &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      slot.is(skipOuterExpressions(ts, parent.left))
    ) {
      return true;
    }
    for (let child: ts.Node = node; child.parent !== undefined && child !== fn; child = child.parent) {
      const p = child.parent;
      if (ts.isIfStatement(p) && p.thenStatement === child && (testsUnset(ts, slot, p.expression) || this.testsOnceFlag(p.expression, fn, false))) return true;
      if (ts.isBlock(p) || ts.isSourceFile(p)) {
        const index = p.statements.indexOf(child as ts.Statement);
        for (const earlier of p.statements.slice(0, Math.max(index, 0))) {
          if (!ts.isIfStatement(earlier)) continue;
          // `if (x) return x;`, `if (x) { if (await works(x)) return x; }`, `if (loaded) return;`
          if (testsSet(ts, slot, earlier.expression) && (exits(ts, earlier.thenStatement) || returnsSlot(ts, slot, earlier.thenStatement))) return true;
          if (exits(ts, earlier.thenStatement) && this.testsOnceFlag(earlier.expression, fn, true)) return true;
        }
      }
      if (p === fn) break;
    }
    return false;
  }

  /**
   * The condition tests a flag — a module-level variable or a field — that the same function sets
   * (`if (loaded) return; …; loaded = true`, `if (this.lock) return; …; this.lock = new Redlock()`):
   * what follows runs once per process, like a lazy initialisation — unless the flag is also reset.
   */
  private testsOnceFlag(condition: ts.Node, fn: ts.Node | undefined, setMeansDone: boolean): boolean {
    const { ts, facts } = this;
    if (fn === undefined) return false;
    let n = skipOuterExpressions(ts, condition);
    if (!setMeansDone) {
      if (!ts.isPrefixUnaryExpression(n) || n.operator !== ts.SyntaxKind.ExclamationToken) return false;
      n = skipOuterExpressions(ts, n.operand);
    }
    const flag = n;
    const sameFlag = (target: ts.Node): boolean => {
      const t = skipOuterExpressions(ts, target);
      if (ts.isIdentifier(flag) && ts.isIdentifier(t)) {
        const variable = facts.scope.variableOf(flag);
        return variable !== undefined && variable.scope === facts.scope.moduleScope && facts.scope.variableOf(t) === variable;
      }
      return (
        ts.isPropertyAccessExpression(flag) &&
        flag.expression.kind === ts.SyntaxKind.ThisKeyword &&
        ts.isPropertyAccessExpression(t) &&
        t.expression.kind === ts.SyntaxKind.ThisKeyword &&
        t.name.text === flag.name.text
      );
    };
    if (!ts.isIdentifier(flag) && !ts.isPropertyAccessExpression(flag)) return false;
    let sets = false;
    const visit = (node: ts.Node): void => {
      if (sets || (node !== fn && ts.isFunctionLike(node))) return;
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        sameFlag(node.left) &&
        !isNullish(ts, skipOuterExpressions(ts, node.right)) &&
        node.right.kind !== ts.SyntaxKind.FalseKeyword
      ) {
        sets = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn);
    if (!sets) return false;
    // Set and reset (`busy = true; …; busy = false`, in a `finally` or another function): a mutex
    // that lets the code after it run again, not a run-once guard.
    let resets = false;
    const visitResets = (node: ts.Node): void => {
      if (resets) return;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && sameFlag(node.left)) {
        const value = skipOuterExpressions(ts, node.right);
        if (isNullish(ts, value) || value.kind === ts.SyntaxKind.FalseKeyword) resets = true;
      } else if (ts.isDeleteExpression(node) && sameFlag(node.expression)) {
        resets = true;
      }
      ts.forEachChild(node, visitResets);
    };
    visitResets(facts.sourceFile);
    return !resets;
  }

  private addClass(cls: ts.ClassDeclaration, thisNodes: readonly ThisNode[]): void {
    const { ts } = this;
    const { scope } = this.facts;
    const className = cls.name?.text ?? 'default';
    const classVariable = cls.name && scope.variableOf(cls.name);
    const thisAccesses = (isStaticField: boolean, name: string): ts.PropertyAccessExpression[] =>
      thisNodes.flatMap(({ node, owner }) => {
        const parent = node.parent;
        if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node || parent.name.text !== name) return [];
        return owner?.kind === 'class' && owner.cls === cls && owner.isStatic === isStaticField ? [parent] : [];
      });

    for (const member of cls.members) {
      if (!ts.isPropertyDeclaration(member) || !isStatic(ts, member)) continue;
      const name = staticPropertyName(ts, member.name);
      if (name === undefined || ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      const roots: ts.Expression[] = thisAccesses(true, name);
      for (const reference of classVariable?.references ?? []) {
        let use: ts.Node = reference.identifier;
        while (ts.isParenthesizedExpression(use.parent)) use = use.parent;
        if (ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use && use.parent.name.text === name) roots.push(use.parent);
      }
      const rootSet = new Set<ts.Node>(roots);
      const slot = this.newSlot('static', `${className}.${name}`, name, member.name, (n) => rootSet.has(n));
      this.fields.set(fieldKey(cls, name, true), slot);
      if (member.initializer !== undefined) this.describeValue(slot, member.initializer);
      this.collectRoots(slot, roots);
    }

    const lifetime = this.lifetimeOf(cls);
    if (lifetime === undefined) return;
    // Instance fields of a singleton: declared with an initializer, or assigned in the constructor.
    const names = new Map<string, ts.Node>();
    const initializers = new Map<string, ts.Expression[]>();
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && !isStatic(ts, member)) {
        const name = staticPropertyName(ts, member.name);
        if (name === undefined) continue;
        names.set(name, member.name);
        if (member.initializer !== undefined) initializers.set(name, [member.initializer]);
      }
    }
    for (const { node, owner } of thisNodes) {
      const access = node.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== node) continue;
      if (owner?.kind !== 'class' || owner.cls !== cls || owner.isStatic) continue;
      const assignment = access.parent;
      if (!ts.isBinaryExpression(assignment) || assignment.left !== access || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      if (this.contexts.of(assignment) === 'runtime') continue;
      const name = access.name.text;
      if (!names.has(name)) names.set(name, access.name);
      initializers.set(name, [...(initializers.get(name) ?? []), assignment.right]);
    }
    for (const [name, node] of names) {
      const roots = thisAccesses(false, name);
      const rootSet = new Set<ts.Node>(roots);
      const slot = this.newSlot('field', `${className}.${name}`, name, node, (n) => rootSet.has(n));
      slot.owner = className;
      slot.lifetime = lifetime;
      this.fields.set(fieldKey(cls, name, false), slot);
      for (const value of initializers.get(name) ?? []) this.describeValue(slot, value);
      this.collectRoots(slot, roots);
    }
  }

  private collectRoots(slot: Slot, roots: readonly ts.Expression[]): void {
    const uses: Use[] = [];
    for (const root of roots) followUses(this.facts, root, (use) => uses.push(use));
    this.interpret(slot, uses);
  }

  /** Turns the raw uses of a slot into writes, mutations and keyed reads. */
  private interpret(slot: Slot, uses: readonly Use[], foreign?: (use: Use) => Site): void {
    const { ts } = this;
    // What is written to the slot tells what it holds, before any use is judged.
    for (const use of uses) {
      if (use.kind === 'write' && foreign === undefined && use.value !== undefined && use.operator === ts.SyntaxKind.EqualsToken) {
        this.describeValue(slot, use.value);
      }
    }
    if (slot.valueKind === undefined && !slot.immutable && uses.some((use) => mayMutate(use))) this.typeKind(slot);
    for (const use of uses) {
      if (use.kind === 'freeze') {
        if (this.contexts.of(use.node) !== 'runtime') slot.immutable = true;
        continue;
      }
      if (use.kind === 'write') {
        if (foreign !== undefined) {
          const value = use.value && valueExpression(ts, use.value);
          if (value === undefined || !isNullish(ts, value)) slot.writes.push({ class: 'state', ...foreign(use) });
          continue;
        }
        const compound = use.operator !== ts.SyntaxKind.EqualsToken && !isLazyOperator(ts, use.operator);
        this.addWrite(slot, use.node, use.value, use.operator, compound);
        continue;
      }
      if (slot.valueKind === undefined || (slot.kindFromType && use.depth > 0)) continue;
      const meaning = interpretUse(use, slot.valueKind, slot.members);
      if (meaning === undefined) continue;
      if (meaning.kind === 'mutation' && !isRemoval(use)) slot.neverFilled = false;
      if (meaning.kind === 'mutation' && this.storesHandle(use)) {
        slot.holdsCode = true;
        continue;
      }
      // `job.croner = null`: letting go of something, not keeping data.
      if (meaning.kind === 'mutation' && use.kind === 'assign' && use.value !== undefined && isNullish(ts, valueExpression(ts, use.value))) continue;
      if (foreign === undefined && this.contexts.of(use.node) !== 'runtime') continue;
      const fn = foreign === undefined ? enclosingFunction(ts, use.node) : undefined;
      if (meaning.kind === 'read') {
        if (use.key !== undefined && foreign === undefined) slot.reads.push({ node: use.node, key: use.key, fn });
      } else {
        const once = foreign === undefined && this.isLazyInit(slot, use.node, fn);
        slot.mutations.push({ use, fn, once, ...(foreign === undefined ? this.site(use.node) : foreign(use)) });
      }
    }
  }

  /**
   * The mutation stores a new instance of a package's class — a client, a limiter, a connection
   * (`limiters.set(path, new RateLimiterRedis(options))`): a lazily created resource, not data.
   */
  private storesHandle(use: Use): boolean {
    const { ts } = this;
    if (use.value === undefined && use.kind !== 'method') return false;
    const value = use.kind === 'method' && (use.method === 'push' || use.method === 'add' || use.method === 'unshift') ? use.key : use.value;
    if (value === undefined) return false;
    if (this.isCode(value)) return true;
    let v = valueExpression(ts, value);
    if (ts.isIdentifier(v)) {
      const variable = this.facts.scope.variableOf(v);
      if (variable?.initializer === undefined || variable.path.length > 0 || variable.scope === this.facts.scope.moduleScope) return false;
      v = valueExpression(ts, variable.initializer);
    }
    if (!ts.isNewExpression(v)) return false;
    const ref = this.facts.modules.resolve(v.expression);
    return ref !== undefined && !ref.local && ref.module !== 'globalThis';
  }

  /**
   * A function, or a record of one (`{ name, callback }`): a registry of listeners or handlers is
   * code of this process — it cannot live anywhere else — not data that replicas should share.
   */
  private isCode(value: ts.Node): boolean {
    const { ts } = this;
    const v = valueExpression(ts, value);
    const isFunction = (e: ts.Node): boolean => {
      const n = valueExpression(ts, e);
      if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return true;
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'bind') return true;
      if (ts.isIdentifier(n)) {
        const variable = this.facts.scope.variableOf(n);
        if (variable?.kind === 'function' || variable?.kind === 'class') return true;
        if (variable?.kind === 'parameter') return this.hasCallSignature(n);
        // `const fn = (data) => socket.emit(…)`: a listener made for this call.
        if (variable?.kind === 'const' && variable.initializer !== undefined && variable.path.length === 0 && variable.scope !== this.facts.scope.moduleScope) {
          const init = valueExpression(ts, variable.initializer);
          return ts.isArrowFunction(init) || ts.isFunctionExpression(init);
        }
      }
      return false;
    };
    if (isFunction(v)) return true;
    if (!ts.isObjectLiteralExpression(v)) return false;
    return v.properties.some(
      (p) =>
        ts.isMethodDeclaration(p) ||
        (ts.isPropertyAssignment(p) && isFunction(p.initializer)) ||
        (ts.isShorthandPropertyAssignment(p) && isFunction(p.name)),
    );
  }

  /**
   * Typed mode: the expression's type is callable, or an interface of callbacks (every property a
   * method: a handler or listener object).
   */
  private hasCallSignature(node: ts.Node): boolean {
    const { ts } = this;
    const { project } = this.facts;
    if (project.program === undefined || project.checker === undefined) return false;
    const checker = project.checker;
    try {
      const type = checker.getNonNullableType(checker.getTypeAtLocation(node));
      if (type.getCallSignatures().length > 0) return true;
      const properties = type.isClassOrInterface() ? type.getProperties() : [];
      return (
        properties.length > 0 &&
        properties.every((p) => (p.flags & ts.SymbolFlags.Method) !== 0 || checker.getTypeOfSymbolAtLocation(p, node).getCallSignatures().length > 0)
      );
    } catch {
      return false;
    }
  }

  /** Typed mode: the kind of a slot's value from its declared type, when syntax does not tell. */
  private typeKind(slot: Slot): void {
    const { ts } = this;
    const { project } = this.facts;
    if (project.program === undefined) return;
    const checker = project.checker;
    if (checker === undefined) return;
    const kind = typeKindOf(ts, checker, project.program, slot.node);
    if (kind === 'immutable' || kind === 'weak') slot.immutable = true;
    else if (kind !== undefined) {
      slot.valueKind = kind;
      slot.kindFromType = true;
    }
  }

  /** `export const x`, `export { x as y }`, `export default x`, `export class C { static x }`. */
  private addExports(): void {
    for (const [variable, names] of this.contexts.exportNames()) {
      const slot = this.byVariable.get(variable);
      if (slot !== undefined) slot.exports.push(...names.map((name) => ({ name, steps: [] })));
      if (variable.kind === 'class') {
        for (const field of this.slots) {
          if (field.kind === 'static' && field.name.startsWith(`${variable.name}.`)) {
            field.exports.push(...names.map((name) => ({ name, steps: [field.shortName] })));
          }
        }
      }
    }
  }

  /** Typed mode: add what other modules do to this module's exported slots. */
  private applyForeignUses(uses: readonly ForeignUse[]): void {
    if (uses.length === 0) return;
    const sites = new Map<Use, Site>();
    for (const slot of this.slots) {
      const mine: Use[] = [];
      for (const exported of slot.exports) {
        const n = exported.steps.length;
        for (const foreign of uses) {
          const { use } = foreign;
          if (foreign.exportName !== exported.name || !exported.steps.every((step, i) => use.path[i] === step)) continue;
          if ((foreign.context() ?? 'runtime') !== 'runtime') continue;
          let shifted: Use;
          if (use.depth >= n) shifted = { ...use, depth: use.depth - n, path: use.path.slice(n) };
          // `Registry.count++` in another module writes the static field itself.
          else if (n > 0 && use.depth === n - 1 && (use.kind === 'assign' || use.kind === 'update')) shifted = { ...use, kind: 'write', depth: 0, path: [] };
          else continue;
          mine.push(shifted);
          sites.set(shifted, { node: use.node, where: foreign.where, order: FOREIGN_ORDER + sites.size });
        }
      }
      if (mine.length > 0) this.interpret(slot, mine, (use) => sites.get(use)!);
    }
  }

  private decide(slot: Slot): Verdict | undefined {
    if (slot.immutable || slot.cacheLibrary) return undefined;
    // A singleton's scalar fields (a client, a flag) are its configuration; its collections are state.
    if (slot.kind === 'field' && slot.valueKind === undefined) return undefined;
    const mutations = this.persistentMutations(slot);
    const cache = mutations.length > 0 ? this.cacheKind(slot, mutations) : undefined;
    if (cache?.kind === 'cache') return { kind: 'cache', site: cache.fill, more: 0 };
    // Removing from a registry of code or clients is part of keeping that registry; removing from
    // a container nothing ever fills changes nothing.
    const prune = slot.holdsCode || slot.neverFilled;
    const state = slot.writes.filter((w) => w.class === 'state' && !(prune && w.removes));
    const changes = cache?.kind === 'memo' ? [] : mutations.filter((m) => !m.once && !(prune && isRemoval(m.use)));
    const sites: (Site & { mutation: boolean })[] = [
      ...changes.map((m) => ({ ...m, mutation: true })),
      ...state.map((w) => ({ ...w, mutation: false })),
    ].sort((a, b) => a.order - b.order);
    const first = sites[0];
    if (first !== undefined) return { kind: first.mutation ? 'mutated' : 'reassigned', site: first, more: sites.length - 1 };
    const lazy = [...slot.writes.filter((w) => w.class === 'lazy'), ...(cache === undefined ? mutations.filter((m) => m.once) : [])].sort((a, b) => a.order - b.order);
    if (lazy.length > 0 && !slot.writes.some((w) => w.class === 'handle')) return { kind: 'lazy', site: lazy[0]!, more: lazy.length - 1 };
    return undefined;
  }

  /**
   * Mutations that leave something behind: an entry set and deleted under the same key in one
   * function (an in-flight request shared by concurrent callers, a lock) lives only during the call.
   */
  private persistentMutations(slot: Slot): Mutation[] {
    const deletes = slot.mutations.filter((m) => m.use.depth === 0 && (m.use.kind === 'delete' || m.use.method === 'delete') && m.use.key !== undefined);
    if (deletes.length === 0) return slot.mutations;
    const transient = new Set<Mutation>();
    for (const removal of deletes) {
      const key = keyText(removal.use.key!);
      const added = slot.mutations.filter(
        (m) => m !== removal && m.fn === removal.fn && m.fn !== undefined && m.use.depth === 0 && m.use.key !== undefined && keyText(m.use.key) === key,
      );
      if (added.length === 0) continue;
      transient.add(removal);
      for (const m of added) transient.add(m);
    }
    return slot.mutations.filter((m) => !transient.has(m));
  }

  /**
   * A container filled like a cache — named like one, or an entry read and then written under the
   * same key in one function (get-then-set) — unless the write is a read-modify-write or a counter,
   * or stores a fresh container or instance (a get-or-create registry). Filled with data fetched or
   * handed in, it is a cache; filled with values computed here (a compiled template, a formatter),
   * it is memoization of what every replica computes alike: neither cache nor state.
   */
  private cacheKind(slot: Slot, mutations: readonly Mutation[]): { kind: 'cache'; fill: Mutation } | { kind: 'memo' } | undefined {
    const { ts } = this;
    const fillIfAbsent = (operator: ts.SyntaxKind | undefined): boolean =>
      operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken;
    const counter = mutations.some(
      (m) => m.use.depth === 0 && (m.use.kind === 'update' || (m.use.kind === 'assign' && m.use.operator !== ts.SyntaxKind.EqualsToken && !fillIfAbsent(m.use.operator))),
    );
    if (counter) return undefined;
    const named = CACHE_NAME.test(slot.shortName);
    const fills = mutations.filter((m) => {
      const { key, value, kind, method, operator, depth } = m.use;
      if (depth !== 0 || m.fn === undefined || m.order >= FOREIGN_ORDER || value === undefined || key === undefined) return false;
      const assigns = kind === 'assign' && (operator === ts.SyntaxKind.EqualsToken || fillIfAbsent(operator));
      if (!((kind === 'method' && method === 'set') || assigns)) return false;
      const v = valueExpression(ts, value);
      if (ts.isLiteralExpression(v) || v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword) return false;
      if (this.isFreshValue(value)) return false;
      if (named || fillIfAbsent(operator)) return true; // `cache[k] ??= load(k)` reads first
      const text = keyText(key);
      return slot.reads.some((read) => read.fn === m.fn && keyText(read.key) === text && read.node.pos < m.node.pos && !this.derivesFrom(value, read.node));
    });
    if (fills.length === 0) return undefined;
    const fetched = fills.find((fill) => this.isFetched(fill));
    return fetched !== undefined ? { kind: 'cache', fill: fetched } : { kind: 'memo' };
  }

  /** Data from elsewhere: filled in an async function, awaited, handed in as a parameter, a Promise. */
  private isFetched(fill: Mutation): boolean {
    const { ts } = this;
    const fn = fill.fn!;
    if (ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
    const value = valueExpression(ts, fill.use.value!);
    if (containsAwait(ts, fill.use.value!)) return true;
    if (ts.isIdentifier(value)) {
      const variable = this.facts.scope.variableOf(value);
      if (variable?.kind === 'parameter') return true;
      if (variable?.initializer !== undefined && containsAwait(ts, variable.initializer)) return true;
    }
    const { project } = this.facts;
    if (project.program !== undefined && project.checker !== undefined) {
      try {
        return project.checker.getTypeAtLocation(value).getSymbol()?.getName() === 'Promise';
      } catch {
        return false;
      }
    }
    return false;
  }

  /**
   * `[]`, `{}`, `new Set()`, an instance of a class of this file, or a local variable that holds
   * one (`list = []; map.set(k, list)`): a get-or-create, not a cached value.
   */
  private isFreshValue(value: ts.Expression): boolean {
    const { ts } = this;
    const v = skipOuterExpressions(ts, value);
    const empty = (e: ts.Node): boolean => {
      const n = skipOuterExpressions(ts, e);
      if (ts.isArrayLiteralExpression(n)) return n.elements.length === 0;
      if (ts.isObjectLiteralExpression(n)) return n.properties.length === 0;
      const kind = this.syntacticKind(n);
      if (kind === 'instance') return true;
      return (kind === 'map' || kind === 'set' || kind === 'array') && (n as ts.NewExpression).arguments?.length === 0;
    };
    // A record holding an empty container (`{ id, users: new Set() }`) is an entry to be filled.
    const fresh = (e: ts.Node): boolean => {
      const n = skipOuterExpressions(ts, e);
      if (empty(n)) return true;
      return ts.isObjectLiteralExpression(n) && n.properties.some((p) => ts.isPropertyAssignment(p) && empty(p.initializer));
    };
    if (fresh(v)) return true;
    if (!ts.isIdentifier(v)) return false;
    const variable = this.facts.scope.variableOf(v);
    if (variable === undefined || variable.scope.node === this.facts.sourceFile) return false;
    if (variable.initializer !== undefined && variable.path.length === 0 && fresh(variable.initializer)) return true;
    return variable.references.some((r) => {
      const parent = r.identifier.parent;
      return r.isWrite && ts.isBinaryExpression(parent) && parent.left === r.identifier && fresh(parent.right);
    });
  }

  /**
   * The written value is computed from the entry read (`m.set(k, (m.get(k) ?? 0) + 1)`, or through a
   * local variable every assignment of which reads it: `const hits = m.get(ip) ?? []; m.set(ip, hits)`).
   */
  private derivesFrom(value: ts.Node, read: ts.Node): boolean {
    const { ts } = this;
    const within = (outer: ts.Node): boolean => read.pos >= outer.pos && read.end <= outer.end;
    if (within(value)) return true;
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(n)) {
        const variable = this.facts.scope.variableOf(n);
        if (variable !== undefined && variable.kind !== 'parameter' && variable.initializer !== undefined && within(variable.initializer)) {
          const rewrites = variable.references.filter((r) => r.isWrite);
          found = rewrites.every((r) => {
            const parent = r.identifier.parent;
            return ts.isBinaryExpression(parent) && within(parent.right);
          });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(value);
    return found;
  }

  private checkGlobalWrite(node: ts.Node): void {
    const { ts } = this;
    let target: ts.Node | undefined;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      target = node.left;
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      target = node.operand;
    } else if (ts.isDeleteExpression(node)) {
      target = node.expression;
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = this.facts.modules.resolve(node.expression);
      const mutator = findRef(MUTATORS, callee);
      if (mutator !== undefined && node.arguments[mutator.argument] !== undefined) {
        const kind = this.globalObjectKind(node.arguments[mutator.argument]!, true);
        if (kind !== undefined) this.addGlobalWrite(kind, node.arguments[mutator.argument]!);
      }
      return;
    }
    if (target === undefined) return;
    const t = skipOuterExpressions(ts, target);
    if (!ts.isPropertyAccessExpression(t) && !ts.isElementAccessExpression(t)) return;
    const kind = this.globalObjectKind(t.expression, false);
    if (kind === undefined) return;
    if (kind === 'global' && ts.isBinaryExpression(node) && this.keepsHandleOnGlobal(node)) return;
    this.addGlobalWrite(kind, t);
  }

  /**
   * A client handle kept on the global object, which every replica opens alike: opened lazily
   * (`globalThis.prisma ??= new PrismaClient()`, `if (!globalThis.db) globalThis.db = await open()`),
   * or kept there only outside production (the development hot-reload idiom
   * `if (process.env.NODE_ENV !== 'production') globalThis.prisma = prisma`). Data is not a handle:
   * a container, a literal, or a value handed in stays a global write.
   */
  private keepsHandleOnGlobal(assignment: ts.BinaryExpression): boolean {
    const { ts } = this;
    const operator = assignment.operatorToken.kind;
    const lazy =
      operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
      operator === ts.SyntaxKind.BarBarEqualsToken ||
      (operator === ts.SyntaxKind.EqualsToken && (isLazyInitialization(ts, assignment.right) || guardedByItself(ts, assignment)));
    if (operator !== ts.SyntaxKind.EqualsToken && !lazy) return false;
    if (inDevelopmentOnlyBranch(ts, assignment)) return true;
    return lazy && this.isOpenedHandle(assignment.right);
  }

  /** `new Client()`, `await open(…)` of a package (not a container), directly or through a local `const`. */
  private isOpenedHandle(value: ts.Expression): boolean {
    const { ts } = this;
    let v = valueExpression(ts, value);
    while (ts.isAwaitExpression(v)) v = valueExpression(ts, v.expression);
    if (ts.isIdentifier(v)) {
      const variable = this.facts.scope.variableOf(v);
      if (variable?.kind !== 'const' || variable.initializer === undefined || variable.path.length > 0) return false;
      v = valueExpression(ts, variable.initializer);
      while (ts.isAwaitExpression(v)) v = valueExpression(ts, v.expression);
    }
    if (!ts.isNewExpression(v) && !ts.isCallExpression(v)) return false;
    if (this.syntacticKind(v) !== undefined) return false;
    const ref = this.facts.modules.resolve(v.expression);
    return ref !== undefined && !ref.local && ref.module !== 'globalThis';
  }

  /**
   * Is this (a property path below) the global object or `process.env`? `globalThis.a.b = 1` writes
   * global state too; `Object.assign(process.env, …)` names the object itself.
   */
  private globalObjectKind(expression: ts.Node, exact: boolean): GlobalWrite['kind'] | undefined {
    const { ts } = this;
    for (let n: ts.Node = skipOuterExpressions(ts, expression); ; ) {
      const ref = this.facts.modules.resolve(n);
      if (ref?.module === 'globalThis') {
        if (ref.path.length === 0) return this.isNodeGlobalObject(n, 0) ? 'global' : undefined;
        if (matchesFunction(ref, [PROCESS_ENV])) return 'env';
      }
      if (exact || (!ts.isPropertyAccessExpression(n) && !ts.isElementAccessExpression(n))) return undefined;
      n = skipOuterExpressions(ts, n.expression);
    }
  }

  /** `globalThis`, `global`, or a constant alias of them (`const g = globalThis as any`). */
  private isNodeGlobalObject(node: ts.Node, depth: number): boolean {
    const { ts } = this;
    const n = skipOuterExpressions(ts, node);
    if (!ts.isIdentifier(n) || depth > 4) return false;
    const variable = this.facts.scope.variableOf(n);
    if (variable === undefined) return GLOBAL_OBJECT_NAMES.has(n.text);
    return variable.initializer !== undefined && variable.path.length === 0 && this.isNodeGlobalObject(variable.initializer, depth + 1);
  }

  private addGlobalWrite(kind: GlobalWrite['kind'], node: ts.Node): void {
    if (this.contexts.of(node) !== 'runtime') return;
    this.globalWrites.push({ kind, node, where: this.site(node).where });
  }

  private site(node: ts.Node): Site {
    return { node, where: describeSite(this.ts, this.facts.sourceFile, node), order: node.getStart(this.facts.sourceFile) };
  }
}

/** Sites in other modules come after every site of this one. */
const FOREIGN_ORDER = 2 ** 40;

function fieldKey(cls: ts.ClassLikeDeclaration, name: string, isStaticField: boolean): string {
  return `${cls.pos}:${isStaticField ? 'static' : 'instance'}:${name}`;
}

function isLazyOperator(ts: FileFacts['ts'], operator: ts.SyntaxKind | undefined): boolean {
  return operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken;
}

/** A use that would be a mutation if the value were a container. */
function mayMutate(use: Use): boolean {
  return use.kind === 'method' || use.kind === 'assign' || use.kind === 'update' || use.kind === 'delete' || use.kind === 'mutator';
}

function isNullish(ts: FileFacts['ts'], n: ts.Node): boolean {
  return (
    n.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(n) && n.text === 'undefined') ||
    (ts.isVoidExpression(n) && ts.isLiteralExpression(n.expression))
  );
}

/** A mutation that only takes entries out: `delete`, `clear()`, `splice()`, `pop()`, `shift()`. */
function isRemoval(use: Use): boolean {
  return use.kind === 'delete' || (use.kind === 'method' && REMOVING_METHODS.has(use.method ?? ''));
}

/** `x = x || create()`, `x = x ?? create()`. */
function isSelfDefault(ts: FileFacts['ts'], slot: Slot, value: ts.Node): boolean {
  return (
    ts.isBinaryExpression(value) &&
    (value.operatorToken.kind === ts.SyntaxKind.BarBarToken || value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
    slot.is(skipOuterExpressions(ts, value.left))
  );
}

function isEmptyContainer(ts: FileFacts['ts'], n: ts.Node): boolean {
  if (ts.isArrayLiteralExpression(n)) return n.elements.length === 0;
  if (ts.isObjectLiteralExpression(n)) return n.properties.length === 0;
  return ts.isNewExpression(n) && (n.arguments === undefined || n.arguments.length === 0);
}

function containsAwait(ts: FileFacts['ts'], node: ts.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => (containsAwait(ts, child) ? true : undefined)) === true;
}

function containsSlot(ts: FileFacts['ts'], slot: Slot, node: ts.Node): boolean {
  if (slot.is(node)) return true;
  return ts.forEachChild(node, (child) => (containsSlot(ts, slot, child) ? true : undefined)) === true;
}

/** A function or arrow given as an argument: a handler that runs per event or request. */
function isInlineCallback(ts: FileFacts['ts'], fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let n: ts.Node = fn;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression);
}

/** The condition is true when the slot is not set: `!x`, `x == null`, `x === undefined`, `typeof x === 'undefined'`. */
function testsUnset(ts: FileFacts['ts'], slot: Slot, condition: ts.Node): boolean {
  const n = skipOuterExpressions(ts, condition);
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) return slot.is(skipOuterExpressions(ts, n.operand));
  if (ts.isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return testsUnset(ts, slot, n.left) || (op === ts.SyntaxKind.BarBarToken && testsUnset(ts, slot, n.right));
    }
    if (op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken) return comparesWithNothing(ts, slot, n);
  }
  return false;
}

/** The condition is true when the slot is set: `x`, `x !== undefined`, `x != null`. */
function testsSet(ts: FileFacts['ts'], slot: Slot, condition: ts.Node): boolean {
  const n = skipOuterExpressions(ts, condition);
  if (slot.is(n)) return true;
  if (ts.isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return testsSet(ts, slot, n.left) || testsSet(ts, slot, n.right);
    if (op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken) return comparesWithNothing(ts, slot, n);
  }
  return false;
}

function comparesWithNothing(ts: FileFacts['ts'], slot: Slot, n: ts.BinaryExpression): boolean {
  const left = skipOuterExpressions(ts, n.left);
  const right = skipOuterExpressions(ts, n.right);
  const nothing = (e: ts.Node): boolean => isNullish(ts, e) || staticString(ts, e) === 'undefined';
  const subject = (e: ts.Node): boolean => slot.is(e) || (ts.isTypeOfExpression(e) && slot.is(skipOuterExpressions(ts, e.expression)));
  return (subject(left) && nothing(right)) || (subject(right) && nothing(left));
}

/** The statement contains `return x` for the slot `x` (outside nested functions). */
function returnsSlot(ts: FileFacts['ts'], slot: Slot, node: ts.Node): boolean {
  if (ts.isReturnStatement(node)) return node.expression !== undefined && slot.is(skipOuterExpressions(ts, node.expression));
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => (returnsSlot(ts, slot, child) ? true : undefined)) === true;
}

function exits(ts: FileFacts['ts'], statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exits(ts, last);
  }
  return false;
}

function keyText(node: ts.Node): string {
  return node.getText().replace(/\s+/g, '');
}

/** The kind of value a declaration's type describes (typed mode). */
export function typeKindOf(
  ts: FileFacts['ts'],
  checker: ts.TypeChecker,
  program: ts.Program,
  node: ts.Node,
): ValueKind | 'immutable' | 'weak' | undefined {
  let type: ts.Type;
  try {
    type = checker.getNonNullableType(checker.getTypeAtLocation(node));
  } catch {
    return undefined;
  }
  const fromLib = (symbol: ts.Symbol | undefined): boolean =>
    symbol?.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile())) ?? false;
  const symbol = type.getSymbol();
  const name = symbol?.getName();
  if (name !== undefined && fromLib(symbol)) {
    if (name === 'Map') return 'map';
    if (name === 'Set') return 'set';
    if (name === 'Array') return 'array';
    if (name === 'ReadonlyMap' || name === 'ReadonlySet' || name === 'ReadonlyArray') return 'immutable';
    if (name === 'WeakMap' || name === 'WeakSet' || name === 'WeakRef') return 'weak';
  }
  if (typeof checker.isTupleType === 'function' && checker.isTupleType(type)) return 'array';
  if ((type.flags & ts.TypeFlags.Object) !== 0 && symbol?.flags !== undefined && (symbol.flags & ts.SymbolFlags.Class) === 0) {
    if (type.getStringIndexType() !== undefined && type.getCallSignatures().length === 0) return 'object';
  }
  return undefined;
}

/** The module state of a file, computed once and shared by the rules that ask. */
export const MODULE_STATE = defineFact('state/module-state', (facts) => new ModuleState(facts));

/**
 * Inside a branch that runs only outside production: `if (process.env.NODE_ENV !== 'production')`
 * (or the `else` of `=== 'production'`, or `NODE_ENV !== 'production' && …`).
 */
function inDevelopmentOnlyBranch(ts: FileFacts['ts'], node: ts.Node): boolean {
  const notProduction = (condition: ts.Expression): boolean => /\bNODE_ENV\b\s*!==?\s*['"`]production['"`]/.test(condition.getText());
  const production = (condition: ts.Expression): boolean => /\bNODE_ENV\b\s*===?\s*['"`]production['"`]/.test(condition.getText()) && !/!==?|\|\|/.test(condition.getText());
  for (let n: ts.Node = node; n.parent !== undefined; n = n.parent) {
    const p = n.parent;
    if (ts.isFunctionLike(p)) return false;
    if (ts.isIfStatement(p) && p.thenStatement === n && notProduction(p.expression) && !/\|\|/.test(p.expression.getText())) return true;
    if (ts.isIfStatement(p) && p.elseStatement === n && production(p.expression)) return true;
    if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && notProduction(p.left)) return true;
  }
  return false;
}

/** `if (!globalThis[KEY]) { …; globalThis[KEY] = … }`: the condition names the target itself. */
function guardedByItself(ts: FileFacts['ts'], assignment: ts.BinaryExpression): boolean {
  const target = skipOuterExpressions(ts, assignment.left).getText().replace(/\s+/g, '');
  for (let n: ts.Node = assignment; n.parent !== undefined && !ts.isFunctionLike(n.parent); n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && p.thenStatement === n && p.expression.getText().replace(/\s+/g, '').includes(target)) return true;
  }
  return false;
}

/** The function's name for messages: `buildQueryWithCache`, or `an immediately invoked function`. */
function functionLabel(ts: FileFacts['ts'], fn: ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction): string {
  if (fn.name !== undefined) return `\`${fn.name.text}\``;
  let n: ts.Node = fn;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  if (ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) return `\`${n.parent.name.text}\``;
  if (ts.isCallExpression(n.parent) && n.parent.expression === n) {
    let call: ts.Node = n.parent;
    while (ts.isParenthesizedExpression(call.parent) || ts.isAwaitExpression(call.parent)) call = call.parent;
    if (ts.isVariableDeclaration(call.parent) && ts.isIdentifier(call.parent.name)) return `the function that initialises \`${call.parent.name.text}\``;
  }
  return 'an immediately invoked function';
}

/** A nested function of `fn` refers to the variable: the variable outlives the call of `fn`. */
function keptByClosure(ts: FileFacts['ts'], variable: Variable, fn: ts.Node): boolean {
  return variable.references.some((reference) => {
    const inner = enclosingFunction(ts, reference.identifier);
    return inner !== undefined && inner !== fn;
  });
}

/**
 * The call's result is kept by the module: the initializer of a top-level variable (destructured
 * too), `export default`, `module.exports =` / `exports.x =` at the top level.
 */
function keptAtModuleLevel(ts: FileFacts['ts'], call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if (ts.isExportAssignment(parent)) return true;
  if (ts.isVariableDeclaration(parent) && parent.initializer === n) {
    const statement = parent.parent.parent;
    return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
  }
  if (ts.isBinaryExpression(parent) && parent.right === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return ts.isExpressionStatement(parent.parent) && ts.isSourceFile(parent.parent.parent) && /^(module\.)?exports\b/.test(parent.left.getText());
  }
  return false;
}

/** `x = x.then(…)` (`.catch`, `.finally`): the slot's promise chain, extended. */
function isPromiseChain(ts: FileFacts['ts'], slot: Slot, value: ts.Node): boolean {
  const v = skipOuterExpressions(ts, value);
  if (!ts.isCallExpression(v) || !ts.isPropertyAccessExpression(v.expression)) return false;
  if (!['then', 'catch', 'finally'].includes(v.expression.name.text)) return false;
  let base: ts.Node = skipOuterExpressions(ts, v.expression.expression);
  while (ts.isCallExpression(base) && ts.isPropertyAccessExpression(base.expression) && ['then', 'catch', 'finally'].includes(base.expression.name.text)) {
    base = skipOuterExpressions(ts, base.expression.expression);
  }
  return slot.is(base);
}

