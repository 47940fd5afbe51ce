/**
 * Scope analysis over a TypeScript AST without a type checker: which declaration every identifier
 * refers to, which references write, and which names are free (globals such as `require`, `fetch`,
 * `process`). Rules track values through this instead of matching names, so a local variable that
 * happens to be called `fs` is never mistaken for the module.
 */
import type * as ts from 'typescript';
import type { TS } from '../engine/rule.js';
import { walk } from '../engine/walk.js';

export type VariableKind =
  | 'var'
  | 'let'
  | 'const'
  | 'using'
  | 'parameter'
  | 'function'
  | 'class'
  | 'import'
  | 'import-equals'
  | 'catch'
  | 'enum'
  | 'namespace';

export type ScopeKind = 'module' | 'function' | 'block' | 'class' | 'catch';

export interface Scope {
  kind: ScopeKind;
  node: ts.Node;
  parent: Scope | undefined;
  variables: Map<string, Variable>;
}

/** One step from a destructured value to a binding: a property name or an array index. */
export type PathStep = { property: string } | { index: number } | { rest: true };

export interface Variable {
  name: string;
  kind: VariableKind;
  /** The declaring identifier (for a destructured binding, the leaf identifier). */
  identifier: ts.Identifier;
  /** The declaring node: VariableDeclaration, ParameterDeclaration, ImportSpecifier, … */
  declaration: ts.Node;
  scope: Scope;
  /** For a variable declaration: the initializer of the whole declaration. */
  initializer: ts.Expression | undefined;
  /** For a destructured binding: the path from the initializer to this binding. */
  path: readonly PathStep[];
  references: Reference[];
}

export interface Reference {
  identifier: ts.Identifier;
  /** Undefined for a free (global) name. */
  variable: Variable | undefined;
  /** The reference assigns the variable (`x = …`, `x += …`, `x++`, destructuring, for-of target). */
  isWrite: boolean;
  /** The reference reads the variable (compound assignments both read and write). */
  isRead: boolean;
}

export class ScopeAnalysis {
  readonly moduleScope: Scope;
  private readonly scopes = new Map<ts.Node, Scope>();
  private readonly declared = new Map<ts.Identifier, Variable>();
  private readonly referenced = new Map<ts.Identifier, Reference>();
  private readonly free = new Map<string, Reference[]>();
  /**
   * Every node the scope walk entered, in source order (preorder): the whole tree but what lies
   * inside type positions (type annotations, interfaces, type aliases, type parameters), where no
   * call, class, function body or `this` expression can be. Facts that look for such nodes iterate
   * over this list instead of walking the tree again (see `FileFacts.nodes`).
   */
  readonly valueNodes: ts.Node[] = [];

  constructor(
    private readonly ts: TS,
    sourceFile: ts.SourceFile,
  ) {
    this.moduleScope = { kind: 'module', node: sourceFile, parent: undefined, variables: new Map() };
    this.scopes.set(sourceFile, this.moduleScope);
    new ScopeBuilder(ts, this).build(sourceFile);
  }

  /** The scope a node creates, if it creates one. */
  scopeOf(node: ts.Node): Scope | undefined {
    return this.scopes.get(node);
  }

  /** The innermost scope that contains the node. */
  scopeAt(node: ts.Node): Scope {
    for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
      const scope = this.scopes.get(n);
      if (scope !== undefined) return scope;
    }
    return this.moduleScope;
  }

  /** The variable an identifier declares or refers to. */
  variableOf(identifier: ts.Identifier): Variable | undefined {
    return this.declared.get(identifier) ?? this.referenced.get(identifier)?.variable;
  }

  referenceOf(identifier: ts.Identifier): Reference | undefined {
    return this.referenced.get(identifier);
  }

  /** True when the identifier is a reference to a name declared nowhere in the file (a global). */
  isFree(identifier: ts.Identifier): boolean {
    const reference = this.referenced.get(identifier);
    return reference !== undefined && reference.variable === undefined;
  }

  /** Every reference to a free name (`require`, `fetch`, `process`, …). */
  freeReferences(name: string): readonly Reference[] {
    return this.free.get(name) ?? [];
  }

  /** The variable is assigned after its declaration (anywhere in the file). */
  isReassigned(variable: Variable): boolean {
    return variable.references.some((r) => r.isWrite);
  }

  /** @internal */
  addScope(scope: Scope): void {
    this.scopes.set(scope.node, scope);
  }

  /** @internal */
  addVariable(variable: Variable): void {
    this.declared.set(variable.identifier, variable);
    // A later declaration of the same name in the same scope (function overloads, `var` twice,
    // declaration merging) refers to the first.
    if (!variable.scope.variables.has(variable.name)) variable.scope.variables.set(variable.name, variable);
  }

  /** @internal */
  addReference(identifier: ts.Identifier, scope: Scope, isWrite: boolean, isRead: boolean): void {
    const name = identifier.text;
    let variable: Variable | undefined;
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      variable = s.variables.get(name);
      if (variable !== undefined) break;
    }
    const reference: Reference = { identifier, variable, isWrite, isRead };
    this.referenced.set(identifier, reference);
    if (variable !== undefined) variable.references.push(reference);
    else {
      const list = this.free.get(name);
      if (list === undefined) this.free.set(name, [reference]);
      else list.push(reference);
    }
  }

  /** @internal */
  get tsModule(): TS {
    return this.ts;
  }
}

interface PendingReference {
  identifier: ts.Identifier;
  scope: Scope;
  isWrite: boolean;
  isRead: boolean;
}

/** Builds scopes and declarations in one walk, then resolves the references it collected. */
class ScopeBuilder {
  private readonly pending: PendingReference[] = [];
  /** Identifiers that are assignment targets: value = is it also read (compound assignment). */
  private readonly writeTargets = new Map<ts.Identifier, boolean>();
  private current: Scope;

  constructor(
    private readonly ts: TS,
    private readonly analysis: ScopeAnalysis,
  ) {
    this.current = analysis.moduleScope;
  }

  build(sourceFile: ts.SourceFile): void {
    const { ts } = this;
    const nodes = this.analysis.valueNodes;
    walk(ts, sourceFile, {
      enter: (node) => {
        nodes.push(node);
        if (node !== sourceFile) {
          const scopeKind = this.scopeKindOf(node);
          if (scopeKind !== undefined) this.enterScope(node, scopeKind);
        }
        if (this.skipsChildren(node)) return false;
        this.declare(node);
        this.markWriteTargets(node);
        if (ts.isIdentifier(node) && this.isValueReference(node)) {
          const isWrite = this.writeTargets.has(node);
          const isRead = !isWrite || this.writeTargets.get(node) === true;
          this.pending.push({ identifier: node, scope: this.current, isWrite, isRead });
        }
        return true;
      },
      leave: (node) => {
        if (node !== sourceFile && this.analysis.scopeOf(node) === this.current) {
          this.current = this.current.parent!;
        }
      },
    });
    for (const p of this.pending) this.analysis.addReference(p.identifier, p.scope, p.isWrite, p.isRead);
  }

  private scopeKindOf(node: ts.Node): ScopeKind | undefined {
    const { ts } = this;
    switch (node.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
      case ts.SyntaxKind.ModuleBlock:
        return 'function';
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
        return 'class';
      case ts.SyntaxKind.CatchClause:
        return 'catch';
      case ts.SyntaxKind.Block:
        // A function's body shares the function's scope.
        return ts.isFunctionLike(node.parent) || ts.isClassStaticBlockDeclaration(node.parent)
          ? undefined
          : 'block';
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.CaseBlock:
        return 'block';
      default:
        return undefined;
    }
  }

  private enterScope(node: ts.Node, kind: ScopeKind): void {
    const scope: Scope = { kind, node, parent: this.current, variables: new Map() };
    this.analysis.addScope(scope);
    this.current = scope;
  }

  /** Subtrees that hold no value references: types, interfaces, type parameters. */
  private skipsChildren(node: ts.Node): boolean {
    const { ts } = this;
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return true;
    if (ts.isExpressionWithTypeArguments(node)) {
      // `class A extends B` references B; `implements I` and interface heritage do not.
      const clause = node.parent;
      return !(
        ts.isHeritageClause(clause) &&
        clause.token === ts.SyntaxKind.ExtendsKeyword &&
        ts.isClassLike(clause.parent)
      );
    }
    return (
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isTypeParameterDeclaration(node) ||
      ts.isNamespaceExportDeclaration(node)
    );
  }

  private scopeForVar(): Scope {
    let scope = this.current;
    while (scope.kind !== 'function' && scope.kind !== 'module') scope = scope.parent!;
    return scope;
  }

  private declare(node: ts.Node): void {
    const { ts } = this;
    if (ts.isVariableDeclaration(node)) {
      const list = node.parent;
      let kind: VariableKind = 'var';
      if (ts.isVariableDeclarationList(list)) {
        if (list.flags & ts.NodeFlags.Const) kind = 'const';
        else if (list.flags & ts.NodeFlags.Let) kind = 'let';
        else if (list.flags & (ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing)) kind = 'using';
      } else if (ts.isCatchClause(list)) {
        kind = 'catch';
      }
      const scope = kind === 'var' ? this.scopeForVar() : this.current;
      this.declareBinding(node.name, node, kind, scope, node.initializer, []);
    } else if (ts.isParameter(node)) {
      if (ts.isIdentifier(node.name) && node.name.text === 'this') return;
      // Parameters of signatures without bodies (overloads, declare) declare nothing usable.
      this.declareBinding(node.name, node, 'parameter', this.current, undefined, []);
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      // The function's own scope is already current; its name belongs to the enclosing one.
      this.declareName(node.name, node, 'function', this.current.parent!);
    } else if (ts.isFunctionExpression(node) && node.name) {
      this.declareName(node.name, node, 'function', this.current);
    } else if (ts.isClassDeclaration(node) && node.name) {
      this.declareName(node.name, node, 'class', this.current.parent!);
    } else if (ts.isClassExpression(node) && node.name) {
      this.declareName(node.name, node, 'class', this.current);
    } else if (ts.isImportClause(node) && node.name) {
      this.declareName(node.name, node, 'import', this.current);
    } else if (ts.isNamespaceImport(node) || ts.isImportSpecifier(node)) {
      this.declareName(node.name, node, 'import', this.current);
    } else if (ts.isImportEqualsDeclaration(node)) {
      this.declareName(node.name, node, 'import-equals', this.current);
    } else if (ts.isEnumDeclaration(node)) {
      this.declareName(node.name, node, 'enum', this.current);
    } else if (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name)) {
      this.declareName(node.name, node, 'namespace', this.current);
    }
  }

  private declareName(name: ts.Identifier, declaration: ts.Node, kind: VariableKind, scope: Scope): void {
    this.analysis.addVariable({
      name: name.text,
      kind,
      identifier: name,
      declaration,
      scope,
      initializer: undefined,
      path: [],
      references: [],
    });
  }

  private declareBinding(
    name: ts.BindingName,
    declaration: ts.Node,
    kind: VariableKind,
    scope: Scope,
    initializer: ts.Expression | undefined,
    path: PathStep[],
  ): void {
    const { ts } = this;
    if (ts.isIdentifier(name)) {
      this.analysis.addVariable({
        name: name.text,
        kind,
        identifier: name,
        declaration,
        scope,
        initializer,
        path,
        references: [],
      });
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        let step: PathStep;
        if (element.dotDotDotToken) step = { rest: true };
        else {
          const key = element.propertyName ?? element.name;
          const property = staticPropertyName(ts, key);
          step = property === undefined ? { rest: true } : { property };
        }
        this.declareBinding(element.name, declaration, kind, scope, initializer, [...path, step]);
      }
      return;
    }
    name.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      const step: PathStep = element.dotDotDotToken ? { rest: true } : { index };
      this.declareBinding(element.name, declaration, kind, scope, initializer, [...path, step]);
    });
  }

  /** Records the identifiers a node assigns, before its children (the identifiers) are visited. */
  private markWriteTargets(node: ts.Node): void {
    const { ts } = this;
    if (ts.isBinaryExpression(node) && isAssignmentOperator(ts, node.operatorToken.kind)) {
      const compound = node.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
      this.markTarget(node.left, compound);
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      this.markTarget(node.operand, true);
    } else if (
      (ts.isForInStatement(node) || ts.isForOfStatement(node)) &&
      !ts.isVariableDeclarationList(node.initializer)
    ) {
      this.markTarget(node.initializer, false);
    }
  }

  private markTarget(target: ts.Node, compound: boolean): void {
    const { ts } = this;
    const t = skipOuterExpressions(ts, target);
    if (ts.isIdentifier(t)) {
      this.writeTargets.set(t, compound);
    } else if (ts.isArrayLiteralExpression(t)) {
      for (const element of t.elements) {
        if (ts.isSpreadElement(element)) this.markTarget(element.expression, false);
        else this.markTarget(element, false);
      }
    } else if (ts.isObjectLiteralExpression(t)) {
      for (const property of t.properties) {
        if (ts.isShorthandPropertyAssignment(property)) this.writeTargets.set(property.name, false);
        else if (ts.isPropertyAssignment(property)) this.markTarget(property.initializer, false);
        else if (ts.isSpreadAssignment(property)) this.markTarget(property.expression, false);
      }
    } else if (
      ts.isBinaryExpression(t) &&
      t.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isArrayLiteralExpression(t.parent) || ts.isPropertyAssignment(t.parent))
    ) {
      // A default inside a destructuring assignment: `[a = 1] = xs`.
      this.markTarget(t.left, false);
    }
  }

  /** Is this identifier a reference to a value (rather than a property name, label, declaration…)? */
  private isValueReference(id: ts.Identifier): boolean {
    const { ts } = this;
    const parent = id.parent;
    if (parent === undefined) return false;
    switch (parent.kind) {
      case ts.SyntaxKind.PropertyAccessExpression:
        return (parent as ts.PropertyAccessExpression).expression === id;
      case ts.SyntaxKind.QualifiedName:
        return (parent as ts.QualifiedName).left === id;
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.PropertySignature:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.MethodSignature:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.EnumMember:
      case ts.SyntaxKind.JsxAttribute:
        return (parent as ts.NamedDeclaration).name !== id;
      case ts.SyntaxKind.BindingElement:
        // `{ a: b }`: `a` is a property name, `b` a declaration; a default value is a reference.
        return (parent as ts.BindingElement).initializer === id;
      case ts.SyntaxKind.VariableDeclaration:
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.EnumDeclaration:
      case ts.SyntaxKind.ModuleDeclaration:
      case ts.SyntaxKind.ImportEqualsDeclaration:
        return (parent as ts.NamedDeclaration).name !== id;
      case ts.SyntaxKind.ImportClause:
      case ts.SyntaxKind.NamespaceImport:
      case ts.SyntaxKind.ImportSpecifier:
      case ts.SyntaxKind.NamespaceExport:
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement:
      case ts.SyntaxKind.MetaProperty:
      case ts.SyntaxKind.ImportAttribute:
      case ts.SyntaxKind.JsxNamespacedName:
        return false;
      case ts.SyntaxKind.ExportSpecifier: {
        // `export { local as exported }` reads `local`; with a `from` clause it reads nothing here.
        const specifier = parent as ts.ExportSpecifier;
        if (specifier.parent.parent.moduleSpecifier !== undefined) return false;
        return (specifier.propertyName ?? specifier.name) === id;
      }
      default:
        return true;
    }
  }
}

export function isAssignmentOperator(ts: TS, kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Removes parentheses, `as`, `satisfies`, `!` and type assertions around an expression. */
export function skipOuterExpressions(ts: TS, node: ts.Node): ts.Node {
  let n = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(n) ||
      ts.isAsExpression(n) ||
      ts.isSatisfiesExpression(n) ||
      ts.isNonNullExpression(n) ||
      ts.isTypeAssertionExpression(n)
    ) {
      n = n.expression;
    } else {
      return n;
    }
  }
}

/** The name of a property key when it is static: `a`, `'a'`, `1`, `['a']`. */
export function staticPropertyName(ts: TS, name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name)) {
    const e = skipOuterExpressions(ts, name.expression);
    if (ts.isStringLiteral(e) || ts.isNumericLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  }
  return undefined;
}
