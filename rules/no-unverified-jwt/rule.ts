/**
 * no-unverified-jwt: a stateless service knows who is calling only from the token each request
 * carries, so a token whose signature, algorithm or expiry is not checked is a forged identity
 * waiting to happen. Reported at the call: decoding a request's token without verifying that same
 * token when the claims then drive authorization; verifying with `none` allowed, with the
 * algorithm chosen by the token itself, without pinned algorithms on a shared secret, or with
 * expiry ignored; signing tokens with no signature.
 *
 * Decoding only to read the header's `kid` (to pick the key) before verifying the same token is
 * the idiom, not a finding: any verification of the same token in the file clears a decode.
 */
import type * as ts from 'typescript';
import {
  codeKind,
  calleeName,
  defineRule,
  findRef,
  findProperty,
  hasSpread,
  objectLiteralOf,
  propertyValue,
  skipOuterExpressions,
  staticBoolean,
  staticString,
  valueOrigin,
  type FileFacts,
  type RuleContext,
} from '@statelint/core';
import {
  AUTH_MIDDLEWARE,
  AUTHORIZATION_CLAIM,
  CREDENTIAL_CONTAINERS,
  CREDENTIAL_HEADER,
  DECODERS,
  HEADER_CONTAINERS,
  HEADER_GETTERS,
  IDENTITY_TARGET,
  LOGGING_METHODS,
  NONE_ALGORITHM,
  PEM_PREFIX,
  QUERY_CONTAINER,
  ROUTE_REGISTRATION,
  SECRET_KEY_FACTORIES,
  SECRET_NAME,
  SIGNERS,
  TOKEN_PARAMETER,
  UNSIGNED_TOKENS,
  VERIFIERS,
  VERIFY_OPTIONS_CALLS,
  VERIFYING_CALL_NAME,
  type Decoder,
} from './catalogue.js';

export interface Options {
  /** Report verification with a shared secret that does not pin `algorithms`. */
  requireAlgorithms: boolean;
}

export type MessageId =
  | 'decodedNotVerified'
  | 'noneAlgorithm'
  | 'algorithmFromToken'
  | 'algorithmsMissing'
  | 'expirationIgnored'
  | 'unsignedToken';

type Context = RuleContext<MessageId, Options>;

interface DecodeCandidate {
  call: ts.CallExpression;
  decoder: Decoder;
  token: ts.Expression;
}

export default defineRule<MessageId, Options>({
  id: 'no-unverified-jwt',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow trusting JWTs whose signature, algorithm or expiry is not checked.',
      recommended: 'error',
      strictOptions: { requireAlgorithms: true },
    },
    messages: {
      decodedNotVerified:
        '`{{api}}` reads the token without checking its signature, and its claims are then used {{use}}: anyone can forge them. Verify this token (`jwt.verify`, jose `jwtVerify`) with the issuer\'s key and pinned algorithms before trusting it.',
      noneAlgorithm:
        '`{{api}}` accepts the `none` algorithm, so unsigned tokens pass verification. Allow only the algorithms the issuer signs with (`algorithms: [\'RS256\']`).',
      algorithmFromToken:
        '`{{api}}` takes the allowed algorithm from the token\'s own header, so the token decides how it is checked. Pin `algorithms` to what the issuer uses.',
      algorithmsMissing:
        '`{{api}}` verifies with a shared secret without pinning `algorithms`: jsonwebtoken before 9 accepts unsigned `none` tokens when the secret is empty (CVE-2022-23540), and any HMAC variant otherwise. Pass `{ algorithms: [\'HS256\'] }`.',
      expirationIgnored:
        '`{{api}}` sets `ignoreExpiration: true`, so expired (and leaked) tokens stay valid forever. Remove it; use `clockTolerance` for clock skew.',
      unsignedToken:
        '`{{api}}` creates a token with no signature, which no service can trust. Sign it with a key (`algorithm: \'RS256\'` or `\'HS256\'`).',
    },
    schema: {
      type: 'object',
      properties: {
        requireAlgorithms: {
          type: 'boolean',
          description:
            'Report verification with a shared secret (HMAC) that does not pin `algorithms`: exploitable with jsonwebtoken before 9 when the secret is empty (CVE-2022-23540), a hardening step with later versions.',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { requireAlgorithms: false },
  create(context) {
    const { ts, facts } = context;
    const decodes: DecodeCandidate[] = [];
    /** Keys of every token some call verifies. */
    const verified = new Set<string>();

    return {
      CallExpression(call) {
        const ref = facts.modules.resolve(call.expression);
        if (ref !== undefined) {
          const decoder = findRef(DECODERS, ref);
          if (decoder !== undefined && call.arguments[0] !== undefined) {
            if (decoder.unverifiedWhenTrue === undefined) {
              decodes.push({ call, decoder, token: call.arguments[0] });
            } else if (staticBoolean(ts, call.arguments[decoder.unverifiedWhenTrue]) === true) {
              decodes.push({ call, decoder, token: call.arguments[0] });
            } else {
              verified.add(tokenKey(facts, call.arguments[0]));
            }
            return;
          }
          const verifier = findRef(VERIFIERS, ref);
          if (verifier !== undefined) {
            if (call.arguments[0] !== undefined) verified.add(tokenKey(facts, call.arguments[0]));
            checkVerifyOptions(context, call, verifier.api, objectLiteralOf(facts, call.arguments[verifier.optionsArgument]), {
              missingOptions: call.arguments[verifier.optionsArgument] === undefined,
              key: verifier.defaultsAlgorithms && context.options.requireAlgorithms ? call.arguments[verifier.keyArgument] : undefined,
            });
            return;
          }
          const signer = findRef(SIGNERS, ref);
          if (signer !== undefined) {
            const options = objectLiteralOf(facts, call.arguments[signer.optionsArgument]);
            const algorithm = options && staticString(ts, propertyValue(ts, findProperty(ts, options, 'algorithm')));
            if (algorithm !== undefined && NONE_ALGORITHM.test(algorithm)) {
              context.report({ node: call, messageId: 'unsignedToken', data: { api: signer.api } });
            }
            return;
          }
          const configured = findRef(VERIFY_OPTIONS_CALLS.filter((c) => !c.isConstructor), ref);
          if (configured !== undefined) {
            checkConfiguredVerify(context, call, configured);
            return;
          }
        }
        // Any other call that says it verifies the token (a helper, a provider's SDK) clears it.
        const name = calleeName(ts, call);
        if (name !== undefined && VERIFYING_CALL_NAME.test(name)) {
          for (const argument of call.arguments) for (const token of tokensIn(ts, argument)) verified.add(tokenKey(facts, token));
        }
      },
      NewExpression(expression) {
        const ref = facts.modules.resolve(expression.expression);
        if (ref === undefined) return;
        const unsigned = findRef(UNSIGNED_TOKENS, ref);
        if (unsigned !== undefined) {
          context.report({ node: expression, messageId: 'unsignedToken', data: { api: unsigned.api } });
          return;
        }
        const configured = findRef(VERIFY_OPTIONS_CALLS.filter((c) => c.isConstructor), ref);
        if (configured !== undefined) checkConfiguredVerify(context, expression, configured);
      },
      'SourceFile:exit'() {
        if (decodes.length === 0 || codeKind(facts).kind === 'browser') return;
        for (const candidate of decodes) {
          if (isVerifiedElsewhere(facts, candidate.token, verified) || isBehindAuthMiddleware(context, candidate.call)) continue;
          const use = authorizationUse(context, candidate);
          if (use !== undefined) {
            context.report({ node: candidate.call, messageId: 'decodedNotVerified', data: { api: candidate.decoder.api, use } });
          }
        }
      },
    };
  },
});

/** The argument itself, and the values of an object argument (`verifyIdToken({ idToken })`). */
function tokensIn(ts: Context['ts'], argument: ts.Expression): ts.Expression[] {
  const n = skipOuterExpressions(ts, argument);
  if (!ts.isObjectLiteralExpression(n)) return [argument];
  return n.properties.flatMap((p) => {
    if (ts.isPropertyAssignment(p)) return [p.initializer];
    if (ts.isShorthandPropertyAssignment(p)) return [p.name];
    return [];
  });
}

// ---------------------------------------------------------------------------------------------
// Verify options: `none`, algorithms from the token, algorithms missing on a shared secret, expiry.

function checkVerifyOptions(
  context: Context,
  call: ts.CallExpression | ts.NewExpression,
  api: string,
  options: ts.ObjectLiteralExpression | undefined,
  { missingOptions, key }: { missingOptions: boolean; key: ts.Expression | undefined },
): void {
  const { ts, facts } = context;
  const algorithms = options && propertyValue(ts, findProperty(ts, options, 'algorithms'));
  if (algorithms !== undefined) {
    const list = skipOuterExpressions(ts, algorithms);
    const elements = ts.isArrayLiteralExpression(list) ? list.elements : [];
    if (elements.some((e) => NONE_ALGORITHM.test(staticString(ts, e) ?? ''))) {
      context.report({ node: call, messageId: 'noneAlgorithm', data: { api } });
    } else if (elements.some((e) => readsTokenHeader(facts, e))) {
      context.report({ node: call, messageId: 'algorithmFromToken', data: { api } });
    }
  } else if (key !== undefined && (missingOptions || (options !== undefined && !hasSpread(ts, options))) && isSharedSecret(facts, key, 0)) {
    context.report({ node: call, messageId: 'algorithmsMissing', data: { api } });
  }
  const ignore = options && propertyValue(ts, findProperty(ts, options, 'ignoreExpiration'));
  if (staticBoolean(ts, ignore) === true) context.report({ node: call, messageId: 'expirationIgnored', data: { api } });
}

function checkConfiguredVerify(
  context: Context,
  call: ts.CallExpression | ts.NewExpression,
  spec: (typeof VERIFY_OPTIONS_CALLS)[number],
): void {
  const { ts, facts } = context;
  const outer = objectLiteralOf(facts, call.arguments?.[spec.optionsArgument]);
  let options = outer;
  for (const step of spec.optionsPath) options = options && objectLiteralOf(facts, propertyValue(ts, findProperty(ts, options, step)));
  const key =
    spec.keyProperty !== undefined && outer !== undefined && context.options.requireAlgorithms
      ? propertyValue(ts, findProperty(ts, outer, spec.keyProperty))
      : undefined;
  if (options !== undefined) checkVerifyOptions(context, call, spec.api, options, { missingOptions: false, key });
}

/** `decoded.header.alg`, `header.alg` after `const { header } = jwt.decode(…)`, `decodeProtectedHeader(t).alg`. */
function readsTokenHeader(facts: FileFacts, node: ts.Node): boolean {
  const { ts } = facts;
  const n = skipOuterExpressions(ts, node);
  if (!ts.isPropertyAccessExpression(n) || n.name.text !== 'alg') return false;
  let base = skipOuterExpressions(ts, n.expression);
  if (ts.isPropertyAccessExpression(base) && base.name.text === 'header') base = skipOuterExpressions(ts, base.expression);
  else if (ts.isIdentifier(base)) {
    // `const { header } = jwt.decode(token, { complete: true })`
    const variable = facts.scope.variableOf(base);
    const step = variable?.path.length === 1 ? variable.path[0] : undefined;
    if (variable?.initializer !== undefined && step !== undefined && 'property' in step && step.property === 'header') {
      base = variable.initializer;
    }
  }
  const origin = valueOrigin(facts, base);
  return origin?.callee !== undefined && findRef(DECODERS, origin.callee) !== undefined;
}

/** A shared (HMAC) secret: a literal that is not a PEM key, or a value named like a secret. */
function isSharedSecret(facts: FileFacts, node: ts.Node, depth: number): boolean {
  const { ts } = facts;
  if (depth > 8) return false;
  const n = skipOuterExpressions(ts, node);
  const text = staticString(ts, n);
  if (text !== undefined) return !text.trimStart().startsWith(PEM_PREFIX);
  if (ts.isIdentifier(n)) {
    if (SECRET_NAME.test(n.text)) return true;
    const variable = facts.scope.variableOf(n);
    if (variable?.kind !== 'const' || variable.initializer === undefined || variable.path.length > 0) return false;
    return isSharedSecret(facts, variable.initializer, depth + 1);
  }
  if (ts.isPropertyAccessExpression(n)) return SECRET_NAME.test(n.name.text);
  if (ts.isElementAccessExpression(n)) return SECRET_NAME.test(staticString(ts, n.argumentExpression) ?? '');
  if (ts.isCallExpression(n) && n.arguments[0] !== undefined) {
    const callee = skipOuterExpressions(ts, n.expression);
    const ref = facts.modules.resolve(callee);
    const factory =
      (ref !== undefined && SECRET_KEY_FACTORIES.some((f) => f.module === ref.module && f.path.join('.') === ref.path.join('.'))) ||
      (ts.isPropertyAccessExpression(callee) && callee.name.text === 'encode' && isTextEncoder(facts, callee.expression));
    return factory && isSharedSecret(facts, n.arguments[0], depth + 1);
  }
  return false;
}

function isTextEncoder(facts: FileFacts, node: ts.Expression): boolean {
  const callee = valueOrigin(facts, node)?.callee;
  return callee?.module === 'globalThis' && callee.path.join('.') === 'TextEncoder';
}

// ---------------------------------------------------------------------------------------------
// Decoded tokens: is the same token verified, and do the claims drive authorization?

/**
 * A key that two expressions share when they denote the same token: variables are followed to
 * their initializers, so `const t = req.headers.authorization.slice(7)` and that same expression
 * written out have one key; distinct variables of the same name do not.
 */
function tokenKey(facts: FileFacts, node: ts.Node, depth = 0): string {
  const { ts } = facts;
  const n = skipOuterExpressions(ts, node);
  if (depth > 12) return `?${n.pos}`;
  if (ts.isAwaitExpression(n)) return tokenKey(facts, n.expression, depth + 1);
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable === undefined) return `global:${n.text}`;
    if (
      (variable.kind === 'const' || variable.kind === 'let' || variable.kind === 'var') &&
      variable.initializer !== undefined &&
      variable.path.length === 0 &&
      !facts.scope.isReassigned(variable)
    ) {
      return tokenKey(facts, variable.initializer, depth + 1);
    }
    return `var:${variable.identifier.pos}`;
  }
  if (ts.isPropertyAccessExpression(n)) return `${tokenKey(facts, n.expression, depth + 1)}.${n.name.text}`;
  if (ts.isElementAccessExpression(n)) {
    return `${tokenKey(facts, n.expression, depth + 1)}[${tokenKey(facts, n.argumentExpression, depth + 1)}]`;
  }
  if (ts.isCallExpression(n)) {
    return `${tokenKey(facts, n.expression, depth + 1)}(${n.arguments.map((a) => tokenKey(facts, a, depth + 1)).join(',')})`;
  }
  if (ts.isStringLiteralLike(n) || ts.isNumericLiteral(n)) return JSON.stringify(n.text);
  if (n.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return n.getText(facts.sourceFile).replace(/\s+/g, '');
}

/**
 * The same token is verified in this file: directly, or — when the decoded token is a parameter of
 * a function — by a caller in this file that verifies the argument it passes.
 */
function isVerifiedElsewhere(facts: FileFacts, token: ts.Expression, verified: ReadonlySet<string>): boolean {
  const { ts } = facts;
  if (verified.has(tokenKey(facts, token))) return true;
  const n = skipOuterExpressions(ts, token);
  const variable = ts.isIdentifier(n) ? facts.scope.variableOf(n) : undefined;
  if (variable?.kind !== 'parameter' || variable.path.length > 0) return false;
  const parameter = variable.declaration as ts.ParameterDeclaration;
  const fn = parameter.parent;
  const index = (fn as ts.SignatureDeclaration).parameters.indexOf(parameter);
  const name = functionName(ts, fn);
  if (name === undefined) return false;
  const callee = facts.scope.variableOf(name);
  for (const reference of callee?.references ?? []) {
    const call = reference.identifier.parent;
    if (!ts.isCallExpression(call) || call.expression !== reference.identifier) continue;
    const argument = call.arguments[index];
    if (argument !== undefined && verified.has(tokenKey(facts, argument))) return true;
  }
  return false;
}

function functionName(ts: Context['ts'], fn: ts.Node): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent.name;
  }
  return undefined;
}

/**
 * How the decoded claims drive authorization, as shown in the message, or undefined when nothing
 * says they do: the token comes from the request's credentials and its claims are used beyond
 * logging; the claims become the request's identity (`req.user = …`); or an authorization claim
 * (`role`, `scope`, `permissions`) is tested in a condition.
 */
function authorizationUse(context: Context, candidate: DecodeCandidate): string | undefined {
  const { ts } = context;
  const uses = resultUses(context, candidate.call);
  // The claims are handed to a check (`verifyRefreshToken(refreshToken, claims.sub)`).
  if (uses.some((use) => isVerifyingArgument(ts, use.node))) return undefined;
  for (const use of uses) {
    const target = identityTarget(ts, use.node);
    if (target !== undefined) return `as the request's identity (\`${target}\`)`;
  }
  for (const use of uses) {
    const claim = use.claims.find((c) => AUTHORIZATION_CLAIM.test(c));
    if (claim !== undefined && isInCondition(ts, use.node)) return `in an authorization check (\`${claim}\`)`;
  }
  if (candidate.decoder.shape !== 'header' && isRequestCredential(context.facts, candidate.token, 0)) {
    if (uses.some((use) => !isOnlyLogged(ts, use.node))) return 'although the token comes from the request';
  }
  return undefined;
}

interface ResultUse {
  /** The outermost expression of a property chain on the result (`decoded.user.role`). */
  node: ts.Node;
  /** Property names read along the way, and destructured names. */
  claims: string[];
}

/** Where the decoded value is used: the call itself, the variable it is stored in, destructured claims. */
function resultUses(context: Context, call: ts.CallExpression): ResultUse[] {
  const { ts, facts } = context;
  const top = climbChain(ts, call);
  const parent = top.node.parent;
  if (parent !== undefined && ts.isVariableDeclaration(parent) && parent.initializer === top.node) {
    const uses: ResultUse[] = [];
    const bind = (name: ts.BindingName, claims: string[]): void => {
      if (ts.isIdentifier(name)) {
        const variable = facts.scope.variableOf(name);
        for (const reference of variable?.references ?? []) {
          if (reference.isWrite) continue;
          const chain = climbChain(ts, reference.identifier);
          uses.push({ node: chain.node, claims: [...claims, ...chain.claims] });
        }
        return;
      }
      for (const element of name.elements) {
        if (ts.isOmittedExpression(element)) continue;
        const key = element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined);
        const claim = key !== undefined && (ts.isIdentifier(key) || ts.isStringLiteral(key)) ? [key.text] : [];
        bind(element.name, [...claims, ...claim]);
      }
    };
    bind(parent.name, top.claims);
    return uses;
  }
  return [top];
}

/** Climbs `x.a.b`, `x?.a`, `x['a']`, casts and `!` from an expression to the chain's outermost node. */
function climbChain(ts: Context['ts'], start: ts.Node): ResultUse {
  let node = start;
  const claims: string[] = [];
  for (;;) {
    const parent = node.parent;
    if (parent === undefined) break;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      claims.push(parent.name.text);
    } else if (ts.isElementAccessExpression(parent) && parent.expression === node) {
      const key = staticString(ts, parent.argumentExpression);
      if (key !== undefined) claims.push(key);
    } else if (
      !(
        ts.isParenthesizedExpression(parent) ||
        ts.isAsExpression(parent) ||
        ts.isSatisfiesExpression(parent) ||
        ts.isNonNullExpression(parent) ||
        ts.isTypeAssertionExpression(parent) ||
        ts.isAwaitExpression(parent)
      )
    ) {
      break;
    }
    node = parent;
  }
  return { node, claims };
}

/** `req.user = decoded`, `ctx.state.user = { id: decoded.sub }`: the assigned property's path. */
function identityTarget(ts: Context['ts'], use: ts.Node): string | undefined {
  let node = use;
  for (let i = 0; i < 4; i++) {
    const parent = node.parent;
    if (parent === undefined) return undefined;
    if (
      (ts.isPropertyAssignment(parent) && parent.initializer === node) ||
      ts.isShorthandPropertyAssignment(parent) ||
      ts.isSpreadAssignment(parent)
    ) {
      node = parent.parent; // the object literal
      continue;
    }
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
      const left = skipOuterExpressions(ts, parent.left);
      if (!ts.isPropertyAccessExpression(left) || !IDENTITY_TARGET.test(left.name.text)) return undefined;
      if (left.expression.kind === ts.SyntaxKind.ThisKeyword) return undefined;
      return left.getText();
    }
    return undefined;
  }
  return undefined;
}

function isVerifyingArgument(ts: Context['ts'], node: ts.Node): boolean {
  const parent = node.parent;
  if (parent === undefined || !ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return false;
  const name = calleeName(ts, parent);
  return name !== undefined && VERIFYING_CALL_NAME.test(name);
}

/**
 * The decode runs in a route handler registered behind authentication middleware
 * (`router.post('/x', verifyToken, handler)`), or in a file whose router or app uses one before its
 * routes (`router.use(authenticate)`): the token was verified before the handler decodes it.
 */
function isBehindAuthMiddleware(context: Context, node: ts.Node): boolean {
  const { ts, sourceFile } = context;
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    const call = n.parent;
    if (call === undefined || !ts.isCallExpression(call) || !call.arguments.includes(n as ts.Expression)) continue;
    if (!isRouteRegistration(ts, call)) continue;
    const before = call.arguments.slice(0, call.arguments.indexOf(n as ts.Expression));
    if (before.some((argument) => isAuthMiddleware(ts, argument))) return true;
  }
  // `router.use(authenticate)` at the top level of the file, before the decode.
  return sourceFile.statements.some((statement) => {
    if (statement.getStart(sourceFile) > node.getStart(sourceFile) || !ts.isExpressionStatement(statement)) return false;
    const call = skipOuterExpressions(ts, statement.expression);
    if (!ts.isCallExpression(call) || calleeName(ts, call) !== 'use') return false;
    return call.arguments.some((argument) => isAuthMiddleware(ts, argument));
  });
}

function isRouteRegistration(ts: Context['ts'], call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && ROUTE_REGISTRATION.test(callee.name.text);
}

/** `verifyToken`, `auth.required`, `passport.authenticate('jwt')`, `expressjwt({ … })`. */
function isAuthMiddleware(ts: Context['ts'], argument: ts.Expression): boolean {
  const n = skipOuterExpressions(ts, argument);
  if (ts.isIdentifier(n)) return AUTH_MIDDLEWARE.test(n.text);
  if (ts.isPropertyAccessExpression(n)) return AUTH_MIDDLEWARE.test(n.name.text) || AUTH_MIDDLEWARE.test(n.getText());
  if (ts.isCallExpression(n)) {
    const callee = skipOuterExpressions(ts, n.expression);
    return AUTH_MIDDLEWARE.test(callee.getText());
  }
  if (ts.isArrayLiteralExpression(n)) return n.elements.some((e) => isAuthMiddleware(ts, e));
  return false;
}

/** The node is (part of) the test of an `if`, a `?:`, a `switch`, or a `&&` / `||` guard. */
function isInCondition(ts: Context['ts'], node: ts.Node): boolean {
  let child = node;
  for (let p = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isIfStatement(p) || ts.isWhileStatement(p)) return p.expression === child;
    if (ts.isConditionalExpression(p)) return p.condition === child;
    if (ts.isSwitchStatement(p)) return p.expression === child;
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) return true;
      continue;
    }
    if (ts.isStatement(p) || ts.isFunctionLike(p)) return false;
  }
  return false;
}

/** The use is an argument of a logging call (`logger.info({ sub: decoded.sub })`), and nothing more. */
function isOnlyLogged(ts: Context['ts'], node: ts.Node): boolean {
  let child = node;
  for (let p = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isCallExpression(p)) {
      if (!p.arguments.includes(child as ts.Expression)) return false;
      const callee = skipOuterExpressions(ts, p.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      return name !== undefined && LOGGING_METHODS.includes(name);
    }
    if (ts.isStatement(p) || ts.isFunctionLike(p)) return false;
  }
  return false;
}

/**
 * The token is read from the incoming request's credentials: an Authorization or token header, a
 * cookie, a `token` query parameter — through variables, `.split(' ')[1]`, `.replace('Bearer ', '')`.
 */
function isRequestCredential(facts: FileFacts, node: ts.Node, depth: number): boolean {
  const { ts } = facts;
  if (depth > 12) return false;
  const n = skipOuterExpressions(ts, node);
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || facts.scope.isReassigned(variable)) return false;
    if (variable.kind !== 'const' && variable.kind !== 'let' && variable.kind !== 'var') return false;
    // `const { authorization } = req.headers`, `const [, token] = header.split(' ')`
    if (variable.path.length > 0) {
      const first = variable.path[0]!;
      if ('property' in first && isCredentialKey(facts, variable.initializer, first.property)) return true;
    }
    return isRequestCredential(facts, variable.initializer, depth + 1);
  }
  if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
    const key = ts.isPropertyAccessExpression(n) ? n.name.text : staticString(ts, n.argumentExpression);
    if (key !== undefined && isCredentialKey(facts, n.expression, key)) return true;
    return isRequestCredential(facts, n.expression, depth + 1);
  }
  if (ts.isCallExpression(n)) {
    const callee = skipOuterExpressions(ts, n.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const header = staticString(ts, n.arguments[0]);
      if (HEADER_GETTERS.includes(callee.name.text) && header !== undefined && CREDENTIAL_HEADER.test(header)) return true;
      // String surgery on the credential: `.split(' ')[1]`, `.replace(/^Bearer /, '')`, `.slice(7)`.
      return isRequestCredential(facts, callee.expression, depth + 1);
    }
    return false;
  }
  if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return isRequestCredential(facts, n.left, depth + 1) || isRequestCredential(facts, n.right, depth + 1);
  }
  return false;
}

/** `<container>.<key>` reads a credential: `headers.authorization`, `cookies.x`, `query.token`. */
function isCredentialKey(facts: FileFacts, container: ts.Node, key: string): boolean {
  const { ts } = facts;
  const c = skipOuterExpressions(ts, container);
  const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isElementAccessExpression(c) ? staticString(ts, c.argumentExpression) : undefined;
  if (CREDENTIAL_CONTAINERS.includes(key)) return true;
  if (name === undefined) return false;
  if (HEADER_CONTAINERS.includes(name)) return CREDENTIAL_HEADER.test(key);
  if (CREDENTIAL_CONTAINERS.includes(name)) return true;
  if (name === QUERY_CONTAINER) return TOKEN_PARAMETER.test(key);
  return false;
}
