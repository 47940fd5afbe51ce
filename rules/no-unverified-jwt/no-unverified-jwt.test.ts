import * as espree from 'espree';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

type Expected = InvalidCase['errors'][number];

const at = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });
const decoded = (api: string, use: string, line: number, column: number, endColumn: number): Expected => ({
  messageId: 'decodedNotVerified',
  data: { api, use },
  ...at(line, column, line, endColumn),
});
const verifyIssue = (
  messageId: 'noneAlgorithm' | 'algorithmFromToken' | 'algorithmsMissing' | 'expirationIgnored' | 'unsignedToken',
  api: string,
  line: number,
  column: number,
  endColumn: number,
): Expected => ({ messageId, data: { api }, ...at(line, column, line, endColumn) });

const FROM_REQUEST = 'although the token comes from the request';

runRuleTests('no-unverified-jwt', {
  valid: [
    // Verified, with pinned algorithms.
    `import jwt from 'jsonwebtoken';
export function auth(req: any) { req.user = jwt.verify(req.headers.authorization.slice(7), process.env.JWT_SECRET!, { algorithms: ['HS256'] }); }`,
    // The idiom: decode only to read the header's kid, then verify the same token.
    `import jwt from 'jsonwebtoken';
declare function keyFor(kid?: string): Promise<string>;
export async function auth(req: any) {
  const token = req.headers.authorization.split(' ')[1];
  const { header } = jwt.decode(token, { complete: true })!;
  const key = await keyFor(header.kid);
  req.user = jwt.verify(token, key, { algorithms: ['RS256'] });
}`,
    `import { decodeProtectedHeader, jwtVerify, importSPKI } from 'jose';
export async function auth(req: any) {
  const token = req.cookies.session;
  const { kid } = decodeProtectedHeader(token);
  const { payload } = await jwtVerify(token, await importSPKI(String(kid), 'RS256'), { issuer: 'https://id.example.com' });
  req.user = payload;
}`,
    // Claims read first to find the per-user secret, then the same token is verified (Outline does this).
    `import jwt from 'jsonwebtoken';
declare const Users: { find(id: string): Promise<{ jwtSecret: string }> };
export async function auth(ctx: any) {
  const token = ctx.get('authorization').replace(/^Bearer /, '');
  const payload = jwt.decode(token) as { id: string; role: string };
  const user = await Users.find(payload.id);
  jwt.verify(token, user.jwtSecret, { algorithms: ['HS256'] });
  ctx.state.user = payload;
}`,
    // A helper decodes; its caller verifies the token it passes.
    `import jwt from 'jsonwebtoken';
function attach(req: any, token: string) { req.user = jwt.decode(token); }
export function auth(req: any, token: string) {
  jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ['HS256'] });
  attach(req, token);
}`,
    // Verified by an SDK whose name says so (google-auth-library), with the token in an options object.
    `import { jwtDecode } from 'jwt-decode';
declare const client: { verifyIdToken(o: { idToken: string }): Promise<unknown> };
export async function auth(req: any) {
  const idToken = req.headers.authorization.slice(7);
  await client.verifyIdToken({ idToken });
  req.user = jwtDecode(idToken);
}`,
    // Behind authentication middleware: the route's own, or the router's.
    `import jwt from 'jsonwebtoken';
import { Router } from 'express';
declare const verifyToken: any;
const router = Router();
router.post('/answers/:id/rate', verifyToken, (req: any, res: any) => {
  const from = jwt.decode(req.headers['auth-token']) as { username: string };
  req.user = from;
  res.end();
});`,
    `import jwt from 'jsonwebtoken';
import express from 'express';
import passport from 'passport';
const router = express.Router();
router.use(passport.authenticate('jwt', { session: false }));
router.get('/me', (req: any, res: any) => { res.json(jwt.decode(req.headers.authorization.split(' ')[1])); });`,
    // The claims are handed to a check of another token (the refresh-token flow).
    `import jwt from 'jsonwebtoken';
declare const tokens: { verifyRefreshToken(t: string, userId: string): Promise<boolean> };
export async function refresh(req: any) {
  const expired = jwt.decode(req.headers.access_token) as { user_id: string };
  return tokens.verifyRefreshToken(req.headers.refresh_token, expired.user_id);
}`,
    // The claims are only logged.
    `import jwt from 'jsonwebtoken';
declare const logger: { info(o: object, m: string): void };
export function log(req: any) { const d = jwt.decode(req.headers.authorization?.slice(7) ?? '') as any; logger.info({ sub: d?.sub }, 'request'); }`,
    // A token received from the identity provider over TLS (OIDC allows this for the id_token).
    `import jwt from 'jsonwebtoken';
export async function profile(code: string) {
  const response = await fetch('https://id.example.com/token', { method: 'POST', body: code });
  const { id_token } = (await response.json()) as { id_token: string };
  const claims = jwt.decode(id_token) as { email: string };
  return claims.email;
}`,
    // Nothing says the claims drive authorization.
    `import jwt from 'jsonwebtoken'; export const peek = (token: string) => jwt.decode(token);`,
    `import { decodeJwt } from 'jose'; export function expiresAt(token: string) { return decodeJwt(token).exp; }`,
    // Browser code reads its own token's claims to render the UI.
    `import { jwtDecode } from 'jwt-decode';
export function isAdmin() { const claims = jwtDecode<{ role: string }>(window.localStorage.getItem('token') ?? ''); if (claims.role === 'admin') return true; return false; }`,
    // Not the library: a local object, and a store's own field.
    `const jwt = { decode: (t: string) => JSON.parse(t) }; export function auth(req: any) { req.user = jwt.decode(req.headers.authorization); }`,
    `import jwt from 'jsonwebtoken'; export class Session { user: unknown; load(token: string) { this.user = jwt.decode(token); } }`,
    // jwt-simple verifies unless told not to.
    `import jwtSimple from 'jwt-simple'; export function auth(req: any) { req.user = jwtSimple.decode(req.headers.authorization, process.env.SECRET!); }`,
    // Without requireAlgorithms, jsonwebtoken 9's defaults for a secret (HS256/384/512) are accepted.
    `import jwt from 'jsonwebtoken'; export const check = (t: string) => jwt.verify(t, process.env.JWT_SECRET!);`,
    // Keys that are not shared secrets, options we cannot see, jose (which never accepts none).
    {
      code: `import jwt from 'jsonwebtoken'; import fs from 'fs'; const publicKey = fs.readFileSync('public.pem'); export const check = (t: string) => jwt.verify(t, publicKey);`,
      options: [{ requireAlgorithms: true }],
    },
    {
      code: `import jwt from 'jsonwebtoken'; declare const verifyOptions: object; export const check = (t: string) => jwt.verify(t, process.env.JWT_SECRET!, { ...verifyOptions });`,
      options: [{ requireAlgorithms: true }],
    },
    {
      code: `import jwt from 'jsonwebtoken'; const PEM = '-----BEGIN PUBLIC KEY-----\\nMIIB…'; export const check = (t: string) => jwt.verify(t, PEM);`,
      options: [{ requireAlgorithms: true }],
    },
    {
      code: `import { jwtVerify } from 'jose'; const secret = new TextEncoder().encode(process.env.JWT_SECRET); export const check = (t: string) => jwtVerify(t, secret);`,
      options: [{ requireAlgorithms: true }],
    },
    // Signing with a key; ignoreExpiration off; middleware with pinned algorithms.
    `import jwt from 'jsonwebtoken'; export const issue = (sub: string) => jwt.sign({ sub }, process.env.JWT_SECRET!, { algorithm: 'HS256', expiresIn: '15m' });`,
    `import jwt from 'jsonwebtoken'; export const check = (t: string) => jwt.verify(t, process.env.JWT_SECRET!, { algorithms: ['HS256'], ignoreExpiration: false });`,
    `import { expressjwt } from 'express-jwt'; export const auth = expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ['HS256'] });`,
    `import { Strategy } from 'passport-jwt'; declare const extract: any; export const strategy = new Strategy({ secretOrKey: 'x', jwtFromRequest: extract, algorithms: ['HS256'] }, () => {});`,
    // Plain JavaScript.
    {
      code: `const jwt = require('jsonwebtoken');\nmodule.exports = (req) => { req.user = jwt.verify(req.cookies.token, process.env.SECRET, { algorithms: ['HS256'] }); };`,
      languageOptions: { parser: espree as never },
    },
  ],
  invalid: [
    // Decoded, not verified, and used as the request's identity.
    {
      code: `import jwt from 'jsonwebtoken';\nexport function auth(req: any, res: any, next: () => void) {\n  const token = req.headers.authorization?.split(' ')[1];\n  const claims = jwt.decode(token);\n  req.user = claims;\n  next();\n}`,
      errors: [decoded('jwt.decode', "as the request's identity (`req.user`)", 4, 18, 35)],
    },
    {
      code: `import { decode } from 'jsonwebtoken';\nexport async function auth(ctx: any, next: () => Promise<void>) {\n  ctx.state.user = decode(ctx.cookies.get('session'));\n  await next();\n}`,
      errors: [decoded('jwt.decode', "as the request's identity (`ctx.state.user`)", 3, 20, 54)],
    },
    {
      code: `import * as jsonwebtoken from 'jsonwebtoken';\nexport function auth(req: any, res: any) {\n  const payload: any = jsonwebtoken.decode(req.header('x-access-token'));\n  res.locals.user = { id: payload.sub, email: payload.email };\n}`,
      errors: [decoded('jwt.decode', "as the request's identity (`res.locals.user`)", 3, 24, 73)],
    },
    // Authorization decisions on unverified claims.
    {
      code: `import { decodeJwt } from 'jose';\nexport function adminOnly(req: any, res: any, next: () => void) {\n  const { role } = decodeJwt(req.cookies.session);\n  if (role !== 'admin') return res.status(403).end();\n  next();\n}`,
      errors: [decoded('jose.decodeJwt', 'in an authorization check (`role`)', 3, 20, 50)],
    },
    {
      code: `import jwtDecode from 'jwt-decode';\nexport function canWrite(token: string) {\n  const claims = jwtDecode<{ scope: string }>(token);\n  return claims.scope.includes('write') ? true : false;\n}`,
      errors: [decoded('jwtDecode', 'in an authorization check (`scope`)', 3, 18, 53)],
    },
    {
      code: `import * as jose from 'jose';\nexport function check(token: string) {\n  const { permissions } = jose.decodeJwt(token) as { permissions: string[] };\n  switch (permissions[0]) { case 'admin': return 1; default: return 0; }\n}`,
      errors: [decoded('jose.decodeJwt', 'in an authorization check (`permissions`)', 3, 27, 48)],
    },
    {
      code: `import jwt from 'jsonwebtoken';\nexport function isAdmin(token: string) {\n  return (jwt.decode(token) as any)?.isAdmin === true && token.length > 0;\n}`,
      errors: [decoded('jwt.decode', 'in an authorization check (`isAdmin`)', 3, 11, 28)],
    },
    // A token from the request whose claims are used at all.
    {
      code: `import jwt from 'jsonwebtoken';\nexport function currentUserId(req: any) {\n  const token = req.query.token as string;\n  return (jwt.decode(token) as { sub: string }).sub;\n}`,
      errors: [decoded('jwt.decode', FROM_REQUEST, 4, 11, 28)],
    },
    {
      code: `import { jwtDecode } from 'jwt-decode';\nexport function userOf(req: any) {\n  const { authorization } = req.headers;\n  return jwtDecode(authorization.replace('Bearer ', ''));\n}`,
      errors: [decoded('jwtDecode', FROM_REQUEST, 4, 10, 57)],
    },
    // A bare token header, in a route without authentication middleware.
    {
      code: `const jwt = require('jsonwebtoken');\nconst router = require('express').Router();\nrouter.post('/attendance', async (req, res) => {\n  const decoded = jwt.decode(req.headers['jwt']);\n  res.json(await findStudent(decoded.email));\n});`,
      languageOptions: { parser: espree as never },
      errors: [decoded('jwt.decode', FROM_REQUEST, 4, 19, 49)],
    },
    // A different token is verified.
    {
      code: `import jwt from 'jsonwebtoken';\nexport function auth(req: any) {\n  jwt.verify(req.cookies.refresh, process.env.JWT_SECRET!, { algorithms: ['HS256'] });\n  req.user = jwt.decode(req.cookies.access);\n}`,
      errors: [decoded('jwt.decode', "as the request's identity (`req.user`)", 4, 14, 44)],
    },
    // Unverified decoders of other libraries.
    {
      code: `import { UnsecuredJWT } from 'jose';\nexport function auth(req: any) {\n  req.user = UnsecuredJWT.decode(req.headers.authorization.slice(7)).payload;\n}`,
      errors: [decoded('jose.UnsecuredJWT.decode', "as the request's identity (`req.user`)", 3, 14, 69)],
    },
    {
      code: `import jwtSimple from 'jwt-simple';\nexport function auth(req: any) {\n  req.user = jwtSimple.decode(req.headers.authorization, '', true);\n}`,
      errors: [decoded('jwt-simple.decode', "as the request's identity (`req.user`)", 3, 14, 67)],
    },
    // Verification that accepts `none`, or takes the algorithm from the token.
    {
      code: `import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, 'secret', { algorithms: ['HS256', 'none'] });`,
      errors: [verifyIssue('noneAlgorithm', 'jwt.verify', 2, 37, 95)],
    },
    {
      code: `import jwt from 'jsonwebtoken';\ndeclare const key: string;\nexport function check(token: string) {\n  const { header } = jwt.decode(token, { complete: true })!;\n  return jwt.verify(token, key, { algorithms: [header.alg as jwt.Algorithm] });\n}`,
      errors: [verifyIssue('algorithmFromToken', 'jwt.verify', 5, 10, 79)],
    },
    {
      code: `import jwt from 'jsonwebtoken';\nimport { decodeProtectedHeader } from 'jose';\ndeclare const key: string;\nexport const check = (token: string) => jwt.verify(token, key, { algorithms: [decodeProtectedHeader(token).alg as any] });`,
      errors: [verifyIssue('algorithmFromToken', 'jwt.verify', 4, 41, 122)],
    },
    // requireAlgorithms (strict): a shared secret without pinned algorithms.
    {
      code: `import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, process.env.JWT_SECRET!);`,
      options: [{ requireAlgorithms: true }],
      errors: [verifyIssue('algorithmsMissing', 'jwt.verify', 2, 37, 75)],
    },
    {
      code: `import jwt from 'jsonwebtoken';\nconst config = { jwt: { secret: 'dev-secret' } };\nexport const check = (t: string) => jwt.verify(t, config.jwt.secret, { maxAge: '1h' });`,
      options: [{ requireAlgorithms: true }],
      errors: [verifyIssue('algorithmsMissing', 'jwt.verify', 3, 37, 87)],
    },
    {
      code: `import { verify } from 'jsonwebtoken';\nimport { createSecretKey } from 'node:crypto';\nconst key = createSecretKey(Buffer.from('s3cr3t'));\nexport const check = (t: string) => verify(t, key, {});`,
      options: [{ requireAlgorithms: true }],
      errors: [verifyIssue('algorithmsMissing', 'jwt.verify', 4, 37, 55)],
    },
    {
      code: `const { Strategy, ExtractJwt } = require('passport-jwt');\nconst config = require('./config');\nmodule.exports = new Strategy({ secretOrKey: config.jwt.secret, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() }, (payload, done) => done(null, payload));`,
      options: [{ requireAlgorithms: true }],
      languageOptions: { parser: espree as never },
      errors: [verifyIssue('algorithmsMissing', 'passport-jwt Strategy', 3, 18, 164)],
    },
    // Expiry ignored.
    {
      code: `import jwt from 'jsonwebtoken';\ndeclare const publicKey: string;\nexport const check = (t: string) => jwt.verify(t, publicKey, { algorithms: ['RS256'], ignoreExpiration: true });`,
      errors: [verifyIssue('expirationIgnored', 'jwt.verify', 3, 37, 112)],
    },
    {
      code: `import { Strategy, ExtractJwt } from 'passport-jwt';\nexport const strategy = new Strategy(\n  { secretOrKey: process.env.JWT_SECRET!, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ignoreExpiration: true },\n  (payload: unknown, done: (e: unknown, u: unknown) => void) => done(null, payload),\n);`,
      errors: [{ messageId: 'expirationIgnored', data: { api: 'passport-jwt Strategy' }, ...at(2, 25, 5, 2) }],
    },
    {
      code: `import { JwtModule } from '@nestjs/jwt';\nexport const auth = JwtModule.register({ secret: 'x', verifyOptions: { ignoreExpiration: true } });`,
      errors: [verifyIssue('expirationIgnored', 'JwtModule.register', 2, 21, 99)],
    },
    {
      code: `import { expressjwt } from 'express-jwt';\nexport const auth = expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ['none'] });`,
      errors: [verifyIssue('noneAlgorithm', 'expressjwt', 2, 21, 90)],
    },
    // Unsigned tokens.
    {
      code: `import jwt from 'jsonwebtoken';\nexport const issue = (sub: string) => jwt.sign({ sub }, '', { algorithm: 'none' });`,
      errors: [verifyIssue('unsignedToken', 'jwt.sign', 2, 39, 83)],
    },
    {
      code: `import { UnsecuredJWT } from 'jose';\nexport const issue = (sub: string) => new UnsecuredJWT({ sub }).setIssuedAt().encode();`,
      errors: [verifyIssue('unsignedToken', 'jose.UnsecuredJWT', 2, 39, 64)],
    },
    // Plain JavaScript through espree.
    {
      code: `const jwt = require('jsonwebtoken');\nmodule.exports = function auth(req, res, next) {\n  req.user = jwt.decode(req.headers['authorization']);\n  next();\n};`,
      languageOptions: { parser: espree as never },
      errors: [decoded('jwt.decode', "as the request's identity (`req.user`)", 3, 14, 54)],
    },
  ],
});
