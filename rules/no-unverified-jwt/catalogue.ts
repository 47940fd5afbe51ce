/**
 * What no-unverified-jwt knows, as data: the JWT libraries' functions that read a token without
 * checking it, those that verify it (and where their options sit), and the signals that a decoded
 * token drives authorization. The rule's logic names none of these APIs.
 */

export interface ApiRef {
  module: string;
  path: readonly string[];
  /** Shown in messages. */
  api: string;
}

/** What a decoder returns: the claims (`payload`), the header only, or both (`complete`). */
export type DecodedShape = 'payload' | 'header' | 'complete';

export interface Decoder extends ApiRef {
  shape: DecodedShape;
  /** The argument holding `{ complete: true }` (jsonwebtoken) or `{ header: true }` (jwt-decode). */
  optionsArgument?: number;
  /** jwt-simple's `decode(token, key, noVerify)` verifies unless this argument is `true`. */
  unverifiedWhenTrue?: number;
}

/** Functions that return a token's content without checking its signature. */
export const DECODERS: readonly Decoder[] = [
  { module: 'jsonwebtoken', path: ['decode'], api: 'jwt.decode', shape: 'payload', optionsArgument: 1 },
  { module: 'jose', path: ['decodeJwt'], api: 'jose.decodeJwt', shape: 'payload' },
  { module: 'jose', path: ['decodeProtectedHeader'], api: 'jose.decodeProtectedHeader', shape: 'header' },
  { module: 'jose', path: ['UnsecuredJWT', 'decode'], api: 'jose.UnsecuredJWT.decode', shape: 'complete' },
  { module: 'jwt-decode', path: [], api: 'jwtDecode', shape: 'payload', optionsArgument: 1 },
  { module: 'jwt-decode', path: ['jwtDecode'], api: 'jwtDecode', shape: 'payload', optionsArgument: 1 },
  { module: 'jws', path: ['decode'], api: 'jws.decode', shape: 'complete' },
  { module: 'jwt-simple', path: ['decode'], api: 'jwt-simple.decode', shape: 'payload', unverifiedWhenTrue: 2 },
];

export interface Verifier extends ApiRef {
  /** Where the key (or secret) is. */
  keyArgument: number;
  /** Where the options object is (`algorithms`, `ignoreExpiration`). */
  optionsArgument: number;
  /** The library falls back to a default algorithm list when `algorithms` is missing (jsonwebtoken). */
  defaultsAlgorithms: boolean;
}

/** Verification functions whose options the rule checks. */
export const VERIFIERS: readonly Verifier[] = [
  { module: 'jsonwebtoken', path: ['verify'], api: 'jwt.verify', keyArgument: 1, optionsArgument: 2, defaultsAlgorithms: true },
  { module: 'jose', path: ['jwtVerify'], api: 'jose.jwtVerify', keyArgument: 1, optionsArgument: 2, defaultsAlgorithms: false },
  { module: 'jose', path: ['compactVerify'], api: 'jose.compactVerify', keyArgument: 1, optionsArgument: 2, defaultsAlgorithms: false },
  { module: 'jose', path: ['flattenedVerify'], api: 'jose.flattenedVerify', keyArgument: 1, optionsArgument: 2, defaultsAlgorithms: false },
  { module: 'jose', path: ['generalVerify'], api: 'jose.generalVerify', keyArgument: 1, optionsArgument: 2, defaultsAlgorithms: false },
];

/**
 * Any call whose name says it verifies, given the token, counts as checking it (Google's
 * `verifyIdToken`, firebase-admin, aws-jwt-verify, a project's own `verifyToken`): the rule would
 * rather miss a forged-claims bug than report a token that is verified where it cannot see.
 */
export const VERIFYING_CALL_NAME = /verif|jwtDecrypt|^decrypt$/i;

/** Middleware and strategies configured with jsonwebtoken's verify options. */
export interface VerifyOptionsCall extends ApiRef {
  optionsArgument: number;
  /** Where the verify options sit inside the options object ([] for the object itself). */
  optionsPath: readonly string[];
  isConstructor: boolean;
  /** The option holding the key, for the `algorithms` check (`secretOrKey`). */
  keyProperty?: string;
}

export const VERIFY_OPTIONS_CALLS: readonly VerifyOptionsCall[] = [
  { module: 'express-jwt', path: ['expressjwt'], api: 'expressjwt', optionsArgument: 0, optionsPath: [], isConstructor: false },
  { module: 'express-jwt', path: [], api: 'expressjwt', optionsArgument: 0, optionsPath: [], isConstructor: false },
  { module: 'passport-jwt', path: ['Strategy'], api: 'passport-jwt Strategy', optionsArgument: 0, optionsPath: [], isConstructor: true, keyProperty: 'secretOrKey' },
  { module: 'koa-jwt', path: [], api: 'koa-jwt', optionsArgument: 0, optionsPath: [], isConstructor: false, keyProperty: 'secret' },
  { module: '@nestjs/jwt', path: ['JwtModule', 'register'], api: 'JwtModule.register', optionsArgument: 0, optionsPath: ['verifyOptions'], isConstructor: false },
];

/** Signing functions and where their options (`algorithm`) sit. */
export const SIGNERS: readonly (ApiRef & { optionsArgument: number })[] = [
  { module: 'jsonwebtoken', path: ['sign'], api: 'jwt.sign', optionsArgument: 2 },
];

/** Constructors of tokens that carry no signature at all. */
export const UNSIGNED_TOKENS: readonly ApiRef[] = [{ module: 'jose', path: ['UnsecuredJWT'], api: 'jose.UnsecuredJWT' }];

/** The algorithm name that means "no signature". */
export const NONE_ALGORITHM = /^none$/i;

/** A PEM-encoded key (public key or certificate) is not a shared secret. */
export const PEM_PREFIX = '-----BEGIN';

/** Names of values that hold a shared secret (`config.jwt.secret`, `JWT_SECRET`, `user.jwtSecret`). */
export const SECRET_NAME = /secret/i;

/** Calls that turn a secret into a key object: the result is still a shared secret. */
export const SECRET_KEY_FACTORIES: readonly { module: string; path: readonly string[] }[] = [
  { module: 'crypto', path: ['createSecretKey'] },
  { module: 'globalThis', path: ['Buffer', 'from'] },
  { module: 'buffer', path: ['Buffer', 'from'] },
];

/** Where a token comes from the incoming request: a header that carries credentials, or a cookie. */
export const CREDENTIAL_HEADER = /^(authorization|cookie|[\w-]*(token|jwt|auth)[\w-]*)$/i;
/** Request properties that hold credentials wholesale. */
export const CREDENTIAL_CONTAINERS: readonly string[] = ['cookies', 'signedCookies'];
/** `req.headers` (Node, Express, Fastify), `ctx.header(s)` (Koa). */
export const HEADER_CONTAINERS: readonly string[] = ['headers', 'header'];
/** `req.get('authorization')` (Express, Koa), `req.header('authorization')` (Express, Hono). */
export const HEADER_GETTERS: readonly string[] = ['get', 'header', 'getHeader'];
/** `req.query.token`: query parameters named like a token. */
export const QUERY_CONTAINER = 'query';
export const TOKEN_PARAMETER = /token|jwt/i;

/**
 * Where decoded claims become the request's identity: `req.user = claims`, `ctx.state.user`,
 * `res.locals.user`, `request.auth`.
 */
export const IDENTITY_TARGET = /^(user|currentUser|auth|authInfo|claims|principal|identity|account|session|tenant|tenantId|userId|roles?|permissions)$/;

/** Claims that decide what a caller may do, when they are tested in a condition. */
export const AUTHORIZATION_CLAIM = /^(roles?|scopes?|scp|permissions?|isAdmin|admin|groups|authorities|entitlements)$/;

/**
 * Middleware that authenticates the request before a handler runs: a route registered as
 * `router.post('/x', verifyToken, handler)`, or a router whose `use(authenticate)` precedes its
 * routes. A handler behind one decodes a token that was already verified.
 */
export const AUTH_MIDDLEWARE = /verif|auth|protect|guard|jwt|token|passport|logged|ensure|require(User|Login|Auth)/i;
export const ROUTE_REGISTRATION = /^(get|post|put|patch|delete|del|all|use|route|head|options)$/;

/** Calls whose arguments are only logged. */
export const LOGGING_METHODS: readonly string[] = ['log', 'info', 'debug', 'warn', 'error', 'trace', 'fatal'];
