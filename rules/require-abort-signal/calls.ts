/**
 * Which calls accept a signal, and whether a call is given one (or a deadline). Without types the
 * catalogue decides: functions by module reference, client methods by the factory that created the
 * client (`axios.create()`, `new S3Client()`, `new OpenAI()`). With types, any call whose resolved
 * signature takes an AbortSignal, and options objects whose type shows they may carry one.
 */
import type * as ts from 'typescript';
import {
  sameSegments,
  declaredModuleRef,
  factsOfNode,
  findAncestor,
  findProperty,
  hasSpread,
  packageNameOf,
  propertyValue,
  resolveTypeName,
  returnedValue,
  skipOuterExpressions,
  staticNumber,
  type FileFacts,
  type ModuleRef,
  type TS,
  type Variable,
} from '@statelint/core';
import {
  CANCELLABLE_FUNCTIONS,
  CLIENT_FACTORIES,
  NOT_IO_METHODS,
  SDK_REQUEST_METHODS,
  type Cancellable,
  type ClientFactory,
  type OptionsAt,
} from './catalogue.js';
import { hasSignalProperty, isNotOptionsType, isUnknownType, signatureSlot } from './types.js';

export interface CallMatch extends Cancellable {
  /** Typed: the signature takes an AbortSignal parameter at this index. */
  signalParam?: number;
  /** The client was created with a deadline, or elsewhere (where it may have been given one). */
  clientBounded: boolean;
  /** The options position is not certain (SDK resource methods): no suggestion unless obvious. */
  looseOptions: boolean;
  /** Found by the typed signature, not by the catalogue. */
  typed: boolean;
}

export interface SignalState {
  given: boolean;
  /** The object literal argument to add the signal to (written at the call). */
  literal?: ts.ObjectLiteralExpression;
}

const CATALOGUE_NAMES: ReadonlySet<string> = new Set(CANCELLABLE_FUNCTIONS.map((f) => f.path[f.path.length - 1] ?? f.module));
/** The methods of the clients with named methods (`api.get`, `s3.send`); SDK resources take SDK_REQUEST_METHODS. */
const CLIENT_METHOD_NAMES: ReadonlySet<string> = new Set(CLIENT_FACTORIES.flatMap((f) => (f.methods === '*' ? [] : Object.keys(f.methods))));

export class CallMatcher {
  private readonly instances = new Map<ts.Node, Instance | null>();
  private axiosDefaultsTimeout: boolean | undefined;

  constructor(
    private readonly ts: TS,
    private readonly facts: FileFacts,
    private readonly checker: ts.TypeChecker | undefined,
  ) {}

  /** The catalogue's view of a call: a known function, or a method of a known client. */
  catalogued(call: ts.CallExpression): CallMatch | undefined {
    const { ts, facts } = this;
    const callee = skipOuterExpressions(ts, call.expression);
    let ref = facts.modules.resolve(callee);
    if ((ref === undefined || ref.local) && this.checker !== undefined) {
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name !== undefined && CATALOGUE_NAMES.has(name)) ref = declaredModuleRef(ts, this.checker, callee) ?? ref;
    }
    if (ref !== undefined && !ref.local) {
      const fn = CANCELLABLE_FUNCTIONS.find((f) => f.module === ref!.module && sameSegments(f.path, ref!.path));
      if (fn !== undefined) return { ...fn, clientBounded: false, looseOptions: false, typed: false };
    }
    return this.clientMethod(callee);
  }

  /** Typed mode: a call whose resolved signature takes a signal (any library, or the project's own functions). */
  bySignature(call: ts.CallExpression): CallMatch | undefined {
    const { ts, checker } = this;
    if (checker === undefined) return undefined;
    const callee = skipOuterExpressions(ts, call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name === undefined || NOT_IO_METHODS.has(name)) return undefined;
    const slot = signatureSlot(ts, checker, call);
    if (slot === undefined) return undefined;
    return {
      api: calleeLabel(ts, callee),
      options: { args: [slot.index] },
      key: slot.kind === 'options' ? slot.key : 'signal',
      network: false,
      timeouts: [],
      ...(slot.kind === 'param' ? { signalParam: slot.index } : {}),
      clientBounded: false,
      looseOptions: false,
      typed: true,
    };
  }

  /** `api.get(url)` of `const api = axios.create()`, `s3.send(cmd)`, `openai.chat.completions.create(body)`. */
  private clientMethod(callee: ts.Node): CallMatch | undefined {
    const { ts } = this;
    const path: string[] = [];
    let root = callee;
    while (ts.isPropertyAccessExpression(root) && root.expression.kind !== ts.SyntaxKind.ThisKeyword) {
      path.unshift(root.name.text);
      root = skipOuterExpressions(ts, root.expression);
    }
    if (ts.isPropertyAccessExpression(root)) {
      // this.client.send(…): the root is `this.client`
    } else if (ts.isCallExpression(root) && path.length > 0) {
      // getS3Client().send(…): the client a project factory returns
    } else if (!ts.isIdentifier(root)) {
      return undefined;
    }
    // Only a method some client has is worth finding the client (typed: a type query per receiver).
    const last = path[path.length - 1];
    if (last !== undefined && !SDK_REQUEST_METHODS.has(last) && !(path.length === 1 && CLIENT_METHOD_NAMES.has(last))) return undefined;
    const instance = this.instanceOf(root);
    if (instance === undefined) return undefined;
    const { factory } = instance;
    const base = { key: factory.key, network: factory.network, timeouts: factory.timeouts, clientBounded: instance.bounded, typed: false };
    const bounded = factory.boundedByDefault === true ? { boundedByDefault: true } : {};
    const api = calleeText(ts, callee);
    if (path.length === 0) {
      return factory.callable === undefined ? undefined : { api, options: { args: factory.callable }, looseOptions: false, ...base, ...bounded };
    }
    const method = path[path.length - 1]!;
    if (factory.methods === '*') {
      if (!SDK_REQUEST_METHODS.has(method)) return undefined;
      return { api, options: { args: [1, 2] }, looseOptions: true, ...base, ...bounded };
    }
    const args = path.length === 1 ? factory.methods[method] : undefined;
    return args === undefined ? undefined : { api, options: { args }, looseOptions: false, ...base, ...bounded };
  }

  /** The client an expression holds: created in this file by a factory, typed as a client, or (typed) of a client's type. */
  private instanceOf(node: ts.Node): Instance | undefined {
    const cached = this.instances.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.instances.set(node, null);
    const found = this.computeInstance(node);
    this.instances.set(node, found ?? null);
    return found;
  }

  private computeInstance(node: ts.Node): Instance | undefined {
    const { ts, facts } = this;
    if (ts.isIdentifier(node)) {
      const variable = facts.scope.variableOf(node);
      if (variable === undefined || variable.path.length > 0) return undefined;
      const declaration = variable.declaration;
      if ((ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) && declaration.type !== undefined) {
        const typed = this.annotatedClient(declaration.type);
        if (typed !== undefined) return typed;
      }
      if (variable.initializer !== undefined && !facts.scope.isReassigned(variable)) {
        const created = this.creation(variable.initializer);
        if (created !== undefined) return created;
      }
      return this.typedClient(node);
    }
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      return this.memberClient(node) ?? this.typedClient(node);
    }
    if (ts.isCallExpression(node)) return this.creation(node) ?? this.typedClient(node);
    return undefined;
  }

  /** `axios.create({ timeout })`, `new S3Client({ requestHandler })`, `new OpenAI()`. */
  private creation(expression: ts.Expression): Instance | undefined {
    const { ts, facts } = this;
    const n = skipOuterExpressions(ts, expression);
    if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) return undefined;
    const ref = facts.modules.resolve(n.expression);
    if (ref === undefined || ref.local) return this.factoryResult(n);
    const factory = matchFactory(ref, ts.isNewExpression(n) ? 'new' : 'call');
    if (factory === undefined) return undefined;
    return { factory, bounded: hasTimeoutDeep(ts, n.arguments ?? [], factory.timeouts, 0) };
  }

  /**
   * `getS3Client()`, `createApi()`: the client a project factory returns (a module-level client it
   * keeps, or one it creates per call), judged by the expression that creates it, in its own file.
   */
  private factoryResult(call: ts.CallExpression | ts.NewExpression): Instance | undefined {
    const { ts, facts } = this;
    if (!ts.isCallExpression(call)) return undefined;
    const project = facts.project;
    const value = returnedValue(project, call);
    if (value === undefined) return undefined;
    const owner = factsOfNode(project, value.creation);
    const matcher = owner === facts ? this : new CallMatcher(ts, owner, this.checker);
    const creation = skipOuterExpressions(ts, value.creation);
    if (!ts.isCallExpression(creation) && !ts.isNewExpression(creation)) return undefined;
    const ref = owner.modules.resolve(creation.expression);
    return ref === undefined || ref.local ? undefined : matcher.creation(creation);
  }

  /** `s3: S3Client`, `private readonly http: AxiosInstance`: created elsewhere, perhaps with a deadline. */
  private annotatedClient(type: ts.TypeNode): Instance | undefined {
    const { ts, facts } = this;
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const ref = resolveTypeName(facts, type.typeName);
    const factory = ref && !ref.local ? matchFactory(ref, 'type') : undefined;
    return factory && { factory, bounded: true };
  }

  /**
   * `this.s3` of a class: a property initialised with a client, or assigned one in the constructor
   * (`protected axios: AxiosInstance;` then `this.axios = axios.create(…)`: the creation says whether
   * it has a deadline), or else typed as one (a parameter property, an annotation: created elsewhere).
   */
  private memberClient(access: ts.PropertyAccessExpression): Instance | undefined {
    const { ts } = this;
    const cls = findAncestor(access, ts.isClassLike);
    if (cls === undefined) return undefined;
    const name = access.name.text;
    let annotated: Instance | undefined;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === name) {
        if (member.initializer !== undefined) return this.creation(member.initializer);
        if (member.type !== undefined) annotated ??= this.annotatedClient(member.type);
      }
      if (!ts.isConstructorDeclaration(member)) continue;
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === name && parameter.type !== undefined) {
          return this.annotatedClient(parameter.type);
        }
      }
      // The first client created into `this.<name>` in the constructor (its later wrapping, `this.axios = rateLimit(this.axios)`, keeps it).
      for (const statement of member.body?.statements ?? []) {
        if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
        const { left, right, operatorToken } = statement.expression;
        if (
          operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(left) &&
          left.expression.kind === ts.SyntaxKind.ThisKeyword &&
          left.name.text === name
        ) {
          const created = this.creation(right);
          if (created !== undefined || annotated === undefined) return created;
        }
      }
    }
    return annotated;
  }

  /** Typed: the value's type is a client class or instance type declared by a catalogued package. */
  private typedClient(node: ts.Node): Instance | undefined {
    const { ts, checker } = this;
    if (checker === undefined) return undefined;
    const type = checker.getTypeAtLocation(node);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (symbol === undefined || declaration === undefined) return undefined;
    const packageName = packageNameOf(declaration.getSourceFile().fileName);
    if (packageName === undefined) return undefined;
    const factory = matchFactory({ module: packageName, path: [symbol.name] }, 'type');
    return factory && { factory, bounded: true };
  }

  // --- is a signal given?

  signalState(call: ts.CallExpression, match: CallMatch): SignalState {
    const { ts } = this;
    const args = call.arguments;
    if (args.some((a) => ts.isSpreadElement(a))) return { given: true };
    if (match.signalParam !== undefined) {
      const arg = args[match.signalParam];
      return { given: arg !== undefined && !isUndefined(ts, arg) };
    }
    if (match.requestArgument === true && args[0] !== undefined && this.carriesRequestSignal(args[0])) return { given: true };
    let literal: ts.ObjectLiteralExpression | undefined;
    for (const position of positions(match.options, args.length)) {
      const arg = args[position];
      if (arg === undefined) continue;
      const options = this.optionsLiteral(arg);
      if (options !== undefined) {
        if (hasKey(ts, options.literal, match.key)) return { given: true };
        if (options.variable !== undefined && this.receivesKey(options.variable, match.key, call)) return { given: true };
        if (options.variable === undefined) literal ??= options.literal;
        continue;
      }
      if ('last' in match.options || isNotOptions(ts, arg)) continue;
      if (this.opaqueMayCarry(arg, match.key)) return { given: true };
    }
    return literal === undefined ? { given: false } : { given: false, literal };
  }

  /** A deadline bounds the call: a timeout option, a client created with one, or (axios) a default timeout. */
  hasDeadline(call: ts.CallExpression, match: CallMatch): boolean {
    const { ts } = this;
    if (match.clientBounded || match.boundedByDefault === true) return true;
    for (const position of positions(match.options, call.arguments.length)) {
      const arg = call.arguments[position];
      const options = arg && this.optionsLiteral(arg);
      if (options !== undefined && match.timeouts.some((key) => isTimeoutSet(ts, options.literal, key))) return true;
    }
    return match.timeouts.includes('timeout') && match.api.startsWith('axios') && this.hasAxiosDefaultTimeout();
  }

  /** `fetch(request)` of a Request that has its signal: `new Request(url, { signal })`, or (typed) any Request. */
  private carriesRequestSignal(arg: ts.Expression): boolean {
    const { ts, facts, checker } = this;
    let n = skipOuterExpressions(ts, arg);
    if (ts.isIdentifier(n)) {
      const variable = facts.scope.variableOf(n);
      if (variable?.initializer !== undefined && variable.path.length === 0 && !facts.scope.isReassigned(variable)) {
        n = skipOuterExpressions(ts, variable.initializer);
      }
    }
    if (ts.isNewExpression(n)) {
      const ref = facts.modules.resolve(n.expression);
      if (ref?.module !== 'globalThis' || ref.path[0] !== 'Request') return false;
      const init = n.arguments?.[1];
      if (init === undefined) return this.carriesRequestSignal(n.arguments?.[0] ?? n);
      const options = this.optionsLiteral(init);
      return options === undefined ? !isNotOptions(ts, init) : hasKey(ts, options.literal, 'signal');
    }
    if (checker === undefined) return false;
    const type = checker.getTypeAtLocation(arg);
    return type.getSymbol()?.name === 'Request' || hasSignalProperty(ts, checker, type, 'signal', arg);
  }

  /** An object literal given directly, or through a `const` of this file. */
  optionsLiteral(arg: ts.Expression): { literal: ts.ObjectLiteralExpression; variable?: Variable } | undefined {
    const { ts, facts } = this;
    const n = skipOuterExpressions(ts, arg);
    if (ts.isObjectLiteralExpression(n)) return { literal: n };
    if (!ts.isIdentifier(n)) return undefined;
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return undefined;
    const init = skipOuterExpressions(ts, variable.initializer);
    return ts.isObjectLiteralExpression(init) ? { literal: init, variable } : undefined;
  }

  /** An options object built earlier gets the key later (`opts.signal = s`), or leaves our sight (passed elsewhere). */
  private receivesKey(variable: Variable, key: string, call: ts.CallExpression): boolean {
    const { ts } = this;
    return variable.references.some((reference) => {
      const id = reference.identifier;
      const parent = id.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
        const assigned = ts.isBinaryExpression(parent.parent) && parent.parent.left === parent;
        return assigned && parent.name.text === key;
      }
      if (ts.isElementAccessExpression(parent) && parent.expression === id) return true;
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent !== call) return parent.arguments?.includes(id) ?? false;
      return false;
    });
  }

  /** A value whose content syntax cannot see: given, unless its type shows it has no signal. */
  private opaqueMayCarry(arg: ts.Expression, key: string): boolean {
    const { ts, checker } = this;
    if (checker === undefined) return true;
    const type = checker.getTypeAtLocation(arg);
    if (isUnknownType(ts, type)) return true;
    if (isNotOptionsType(ts, type)) return false;
    return hasSignalProperty(ts, checker, type, key, arg);
  }

  private hasAxiosDefaultTimeout(): boolean {
    if (this.axiosDefaultsTimeout !== undefined) return this.axiosDefaultsTimeout;
    // axios.defaults.timeout = 5000, api.defaults.timeout = …
    this.axiosDefaultsTimeout = /\.defaults\.timeout\s*=(?!=)/.test(this.facts.sourceFile.text);
    return this.axiosDefaultsTimeout;
  }
}

interface Instance {
  factory: ClientFactory;
  /** Created with a deadline, or elsewhere (where it may have been given one). */
  bounded: boolean;
}

function matchFactory(ref: ModuleRef, how: 'new' | 'call' | 'type'): ClientFactory | undefined {
  return CLIENT_FACTORIES.find((f) => {
    if (f.modulePrefix === true) {
      const name = ref.path[0];
      return (
        ref.module.startsWith(f.module) &&
        ref.path.length === 1 &&
        name !== undefined &&
        f.name?.test(name) === true &&
        (how === 'new' || how === 'type')
      );
    }
    if (f.module !== ref.module) return false;
    if (how === 'type') return (ref.path.length === 1 && f.types?.includes(ref.path[0]!) === true) || (f.create === 'new' && sameSegments(f.path, ref.path));
    return f.create === how && sameSegments(f.path, ref.path);
  });
}

/** Argument positions to look at for options: the catalogue's, or the last argument. */
function positions(options: OptionsAt, count: number): readonly number[] {
  return 'last' in options ? (count > 0 ? [count - 1] : []) : options.args;
}

function hasKey(ts: TS, literal: ts.ObjectLiteralExpression, key: string): boolean {
  if (hasSpread(ts, literal)) return true;
  const value = propertyValue(ts, findProperty(ts, literal, key));
  return value !== undefined && !isUndefined(ts, value);
}

/** `timeout: 5000` (not 0, which disables axios's timeout), a nested `timeout: { request: 5000 }` (got). */
function isTimeoutSet(ts: TS, literal: ts.ObjectLiteralExpression, key: string): boolean {
  const value = propertyValue(ts, findProperty(ts, literal, key));
  if (value === undefined || isUndefined(ts, value)) return false;
  return staticNumber(ts, value) !== 0;
}

/** A timeout option anywhere in a client's creation arguments (`requestHandler: new NodeHttpHandler({ requestTimeout })`). */
function hasTimeoutDeep(ts: TS, nodes: readonly ts.Node[], keys: readonly string[], depth: number): boolean {
  if (depth > 4) return false;
  return nodes.some((node) => {
    const n = skipOuterExpressions(ts, node);
    if (ts.isObjectLiteralExpression(n)) {
      if (keys.some((key) => isTimeoutSet(ts, n, key))) return true;
      return hasTimeoutDeep(ts, n.properties.map((p) => propertyValue(ts, p)).filter((v): v is ts.Expression => v !== undefined), keys, depth + 1);
    }
    if (ts.isNewExpression(n) || ts.isCallExpression(n)) return hasTimeoutDeep(ts, n.arguments ?? [], keys, depth + 1);
    return false;
  });
}

/** Literals and values that are not an options object: strings, numbers, functions, arrays, `new URL()`. */
export function isNotOptions(ts: TS, arg: ts.Expression): boolean {
  const n = skipOuterExpressions(ts, arg);
  return (
    ts.isStringLiteralLike(n) ||
    ts.isTemplateExpression(n) ||
    ts.isNumericLiteral(n) ||
    ts.isArrowFunction(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrayLiteralExpression(n) ||
    ts.isRegularExpressionLiteral(n) ||
    n.kind === ts.SyntaxKind.NullKeyword ||
    n.kind === ts.SyntaxKind.TrueKeyword ||
    n.kind === ts.SyntaxKind.FalseKeyword ||
    isUndefined(ts, n) ||
    (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'URL')
  );
}

export function isUndefined(ts: TS, node: ts.Node): boolean {
  const n = skipOuterExpressions(ts, node);
  return (ts.isIdentifier(n) && n.text === 'undefined') || ts.isVoidExpression(n);
}

/** The callee as written (`billing.post`, `this.s3.send`), whitespace collapsed. */
function calleeText(ts: TS, callee: ts.Node): string {
  const text = callee.getText().replace(/\s+/g, '');
  return text.length <= 60 ? text : calleeLabel(ts, callee);
}

/** `loadUser`, `client.users.fetch` → the last two segments at most. */
function calleeLabel(ts: TS, callee: ts.Node): string {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) {
    const object = skipOuterExpressions(ts, callee.expression);
    const base = ts.isIdentifier(object) ? object.text : ts.isPropertyAccessExpression(object) ? object.name.text : undefined;
    return base === undefined ? callee.name.text : `${base}.${callee.name.text}`;
  }
  return 'call';
}

