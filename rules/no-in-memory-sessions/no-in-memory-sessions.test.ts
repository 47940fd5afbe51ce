import * as espree from 'espree';
import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('no-in-memory-sessions', {
  valid: [
    // express-session with a shared store.
    `import express from 'express';
import session from 'express-session';
const app = express();
import RedisStore from 'connect-redis';
import { createClient } from 'redis';
app.use(session({ store: new RedisStore({ client: createClient() }), secret: 's', resave: false }));`,
    // Options built elsewhere in the file, with a store.
    `import express from 'express';
import session from 'express-session';
const app = express();
import MongoStore from 'connect-mongo';
const options = { secret: 's', store: MongoStore.create({ mongoUrl: 'mongodb://x' }) };
app.use(session(options));`,
    // A store added to the options later.
    `import express from 'express';
import session from 'express-session';
const app = express();
import pgSession from 'connect-pg-simple';
const sess: session.SessionOptions = { secret: 's', cookie: {} };
if (process.env.NODE_ENV === 'production') sess.store = new (pgSession(session))();
app.use(session(sess));`,
    // Options from another module, a spread, or handed to another function may have a store.
    `import express from 'express';
import session from 'express-session';
const app = express();
import { sessionOptions } from './config';
declare function withStore(o: object): void;
const base = { secret: 's' };
const third = { secret: 't' };
withStore(third);
app.use(session(sessionOptions));
app.use(session({ ...base, name: 'sid' }));
app.use(session(third));`,
    // A store chosen at runtime is still a store option.
    `import express from 'express';
import session from 'express-session';
const app = express();
declare const redisStore: session.Store | undefined;
app.use(session({ secret: 's', store: process.env.REDIS_URL ? redisStore : undefined }));`,
    // Cookie sessions keep the session in the client: stateless.
    `import express from 'express';
import cookieSession from 'cookie-session';
import Koa from 'koa';
import koaSession from 'koa-session';
const app = express();
app.use(cookieSession({ name: 'session', keys: ['k'] }));
const koa = new Koa();
koa.use(koaSession({ key: 'sid' }, koa));`,
    // Fastify: a session plugin with a store, cookie-based sessions, other plugins.
    `import Fastify from 'fastify';
import fastifySession from '@fastify/session';
import fastifySecureSession from '@fastify/secure-session';
import fastifyCookie from '@fastify/cookie';
import RedisStore from 'connect-redis';
const fastify = Fastify();
fastify.register(fastifyCookie);
fastify.register(fastifySecureSession, { key: Buffer.alloc(32) });
fastify.register(fastifySession, { secret: 's'.repeat(32), store: new RedisStore({ client: {} as never }) });`,
    // koa-generic-session and next-session with a store.
    `import genericSession from 'koa-generic-session';
import redisStore from 'koa-redis';
import nextSession from 'next-session';
import { expressSession, promisifyStore } from 'next-session/lib/compat';
import RedisStore from 'connect-redis';
export const koa = genericSession({ store: redisStore({}) });
export const getSession = nextSession({ store: promisifyStore(new RedisStore({ client: {} as never })) });
void expressSession;`,
    // connect-redis, the old way (plain JavaScript).
    { languageOptions: { parser: espree as never }, code: `const session = require('express-session');
const RedisStore = require('connect-redis')(session);
module.exports = session({ store: new RedisStore({ client: require('./redis') }), secret: 's' });` },
    // `session` from elsewhere is not express-session.
    `import session from './session';
import express from 'express';
express().use(session({ secret: 's' }));`,
    // A MemoryStore that is not express-session's; a type-only import.
    `import type { MemoryStore as M } from 'express-session';
class MemoryStore { items = new Map(); }
export const store: M | MemoryStore = new MemoryStore();`,
    // Session options passed in by the caller.
    `import session from 'express-session';
export const middleware = (options: session.SessionOptions) => session(options);`,
    // socket.io without an adapter is left alone unless `checkSocketAdapter` (strict) is on.
    `import { Server } from 'socket.io';
import http from 'node:http';
const io = new Server(http.createServer());
io.on('connection', (socket) => socket.join('lobby'));`,
    // socket.io with an adapter in its options.
    { options: [{checkSocketAdapter: true}], code: `import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
declare const pub: never, sub: never;
const io = new Server(3000, { adapter: createAdapter(pub, sub) });
io.on('connection', () => {});` },
    // socket.io with `io.adapter(…)`.
    { options: [{checkSocketAdapter: true}], code: `import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool } from 'pg';
const io = new Server(3000);
io.adapter(createAdapter(new Pool()));` },
    // A socket.io server handed elsewhere may get its adapter there.
    { options: [{checkSocketAdapter: true}], code: `import { Server } from 'socket.io';
import { attachAdapter } from './adapter';
export const io = new Server(3000);
const other = new Server(3001);
attachAdapter(other);
export function make() { return new Server(3002); }` },
    // socket.io-client and ws are not socket.io servers.
    { options: [{checkSocketAdapter: true}], code: `import { io } from 'socket.io-client';
import { WebSocketServer, Server as WsServer } from 'ws';
export const client = io('http://x');
export const wss = new WebSocketServer({ port: 1 });
export const ws2 = new WsServer({ port: 2 });` },
    // iron-session keeps the session in a sealed cookie.
    `import { getIronSession } from 'iron-session';
export const get = (req: never, res: never) => getIronSession(req, res, { password: 'p'.repeat(32), cookieName: 'sid' });`,
    // Suppressed, with a reason.
    `import express from 'express';
import session from 'express-session';
const app = express();
// statelint-disable-next-line no-in-memory-sessions -- local development server only
app.use(session({ secret: 'dev' }));`,
    // Plain JavaScript: a store from a require.
    { languageOptions: { parser: espree as never }, code: `const session = require('express-session');
const SQLiteStore = require('./store');
module.exports = (app) => app.use(session({ store: new SQLiteStore(), secret: 's' }));` },
    // A store from a factory call.
    `import express from 'express';
import session from 'express-session';
const app = express();
import { createStore } from './store';
app.use(session({ secret: 's', store: createStore() }));`,
    // A store in a `const` options object with a type assertion.
    `import express from 'express';
import session from 'express-session';
const app = express();
import RedisStore from 'connect-redis';
const opts = { secret: 's', store: new RedisStore({ client: {} as never }) } as session.SessionOptions;
app.use(session(opts));`,
    // koa-generic-session with a store given through a `const`.
    `import session from 'koa-generic-session';
import redisStore from 'koa-redis';
const options = { store: redisStore({ url: 'redis://x' }) };
export const middleware = session(options);`,
    // fastify-session with a store (plain JavaScript).
    { languageOptions: { parser: espree as never }, code: `const fastify = require('fastify')();
const RedisStore = require('connect-redis').default;
fastify.register(require('fastify-session'), { secret: 'x'.repeat(32), store: new RedisStore({ client: {} }) });` },
    // A Fastify plugin registered without options that is not a session plugin.
    `import Fastify from 'fastify';
import helmet from '@fastify/helmet';
const app = Fastify();
app.register(helmet);`,
    // memorystore imported but never used to build a store.
    `import createMemoryStore from 'memorystore';
export { createMemoryStore };`,
    // socket.io with an adapter given through a `const` options object.
    { options: [{checkSocketAdapter: true}], code: `import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
const options = { adapter: createAdapter({} as never) };
export const io = new Server(3000, options);` },
    // socket.io server returned from a factory.
    { options: [{checkSocketAdapter: true}], code: `import { Server } from 'socket.io';
export function createIo(port: number) {
  return new Server(port);
}` },
    // socket.io attached to a server and handed to a module that wires the adapter.
    { options: [{checkSocketAdapter: true}], code: `import { Server } from 'socket.io';
import { wire } from './wire';
const io = new Server(3000);
wire(io);` },
    // A method named `register` on something else, given a non-session value.
    `import { register } from './registry';
declare const container: { register(a: unknown, b: unknown): void };
container.register(register, { secret: 's' });`,
    // oidc-provider with an adapter backed by a shared store, or options it cannot see into.
    `import Provider from 'oidc-provider';
import { RedisAdapter } from './redis-adapter.js';
import { settings } from './settings.js';
export const oidc = new Provider('https://id.example.com', { adapter: RedisAdapter, clients: [] });
export const other = new Provider('https://id.example.com', settings);`,
  ],
  invalid: [
    // oidc-provider without an adapter keeps sessions, grants and tokens in its development adapter.
    {
      code: `import Provider from 'oidc-provider';
const { Provider: Named } = require('oidc-provider');
const configuration = { clients: [], cookies: { keys: ['k'] } };
export const oidc = new Provider('https://id.example.com', configuration);
export const legacy = new Named('https://id.example.com');`,
      errors: [
        { messageId: 'noAdapter', data: { api: 'oidc-provider' }, line: 4, column: 21, endLine: 4, endColumn: 74 },
        { messageId: 'noAdapter', data: { api: 'oidc-provider' }, line: 5, column: 23, endLine: 5, endColumn: 58 },
      ],
    },
    // express-session without a store.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session({ secret: 's', resave: false, saveUninitialized: false }));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 4, column: 9, endLine: 4, endColumn: 74 },
      ],
    },
    // Without any options.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session());`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 4, column: 9, endLine: 4, endColumn: 18 },
      ],
    },
    // Options built elsewhere in the file, without a store.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
const options = { secret: 's', cookie: { maxAge: 60_000 } };
app.use(session(options));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 5, column: 9, endLine: 5, endColumn: 25 },
      ],
    },
    // The express-session README example: options changed later, still no store.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
const sess = { secret: 'keyboard cat', cookie: { secure: false } };
if (app.get('env') === 'production') {
  app.set('trust proxy', 1);
  sess.cookie.secure = true;
}
app.use(session(sess));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 9, column: 9, endLine: 9, endColumn: 22 },
      ],
    },
    // Through require (plain JavaScript).
    {
      languageOptions: { parser: espree as never },
      code: `const express = require('express');
const session = require('express-session');
const app = express();
app.use(session({ secret: process.env.SECRET }));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 4, column: 9, endLine: 4, endColumn: 48 },
      ],
    },
    // Through `import = require` and a renamed import.
    {
      code: `import expressSession = require('express-session');
import { default as sess } from 'express-session';
export const a = expressSession({ secret: 's' });
export const b = sess({ secret: 's' });`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 3, column: 18, endLine: 3, endColumn: 49 },
        { messageId: 'noStore', data: { api: "express-session" }, line: 4, column: 18, endLine: 4, endColumn: 39 },
      ],
    },
    // In a NestJS bootstrap.
    {
      code: `import { NestFactory } from '@nestjs/core';
import session from 'express-session';
async function bootstrap() {
  const app = await NestFactory.create({} as never);
  app.use(session({ secret: 'my-secret', resave: false, saveUninitialized: false }));
  await app.listen(3000);
}
void bootstrap();`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 5, column: 11, endLine: 5, endColumn: 84 },
      ],
    },
    // An explicit MemoryStore.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session({ secret: 's', store: new session.MemoryStore() }));`,
      errors: [
        { messageId: 'memoryStore', data: { api: "session.MemoryStore" }, line: 4, column: 39, endLine: 4, endColumn: 64 },
      ],
    },
    // MemoryStore as a named import.
    {
      code: `import session, { MemoryStore } from 'express-session';
export const middleware = session({ secret: 's', store: new MemoryStore() });`,
      errors: [
        { messageId: 'memoryStore', data: { api: "session.MemoryStore" }, line: 2, column: 57, endLine: 2, endColumn: 74 },
      ],
    },
    // The memorystore package (CommonJS).
    {
      languageOptions: { parser: espree as never },
      code: `const session = require('express-session');
const MemoryStore = require('memorystore')(session);
module.exports = session({
  store: new MemoryStore({ checkPeriod: 86400000 }),
  secret: 's',
});`,
      errors: [
        { messageId: 'memoryStore', data: { api: "memorystore" }, line: 4, column: 10, endLine: 4, endColumn: 52 },
      ],
    },
    // The memorystore package (ESM).
    {
      code: `import session from 'express-session';
import createMemoryStore from 'memorystore';
const MemoryStore = createMemoryStore(session);
export const store = new MemoryStore({ checkPeriod: 86_400_000 });`,
      errors: [
        { messageId: 'memoryStore', data: { api: "memorystore" }, line: 4, column: 22, endLine: 4, endColumn: 66 },
      ],
    },
    // @fastify/session without a store.
    {
      code: `import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
const fastify = Fastify();
fastify.register(fastifyCookie);
fastify.register(fastifySession, { secret: 'a secret with minimum length of 32 characters' });`,
      errors: [
        { messageId: 'noStore', data: { api: "@fastify/session" }, line: 6, column: 1, endLine: 6, endColumn: 94 },
      ],
    },
    // fastify-session (the old package), through require.
    {
      languageOptions: { parser: espree as never },
      code: `const fastify = require('fastify')();
fastify.register(require('fastify-session'), { secret: 'x'.repeat(32), cookie: { secure: false } });`,
      errors: [
        { messageId: 'noStore', data: { api: "fastify-session" }, line: 2, column: 1, endLine: 2, endColumn: 100 },
      ],
    },
    // @fastify/session's own MemoryStore.
    {
      code: `import fastifySession from '@fastify/session';
export const store = new fastifySession.MemoryStore();`,
      errors: [
        { messageId: 'memoryStore', data: { api: "@fastify/session MemoryStore" }, line: 2, column: 22, endLine: 2, endColumn: 54 },
      ],
    },
    // koa-generic-session without a store.
    {
      code: `import Koa from 'koa';
import session from 'koa-generic-session';
const app = new Koa();
app.use(session({ key: 'sid' }));`,
      errors: [
        { messageId: 'noStore', data: { api: "koa-generic-session" }, line: 4, column: 9, endLine: 4, endColumn: 32 },
      ],
    },
    // next-session without a store.
    {
      code: `import nextSession from 'next-session';
export const getSession = nextSession({ name: 'sid' });`,
      errors: [
        { messageId: 'noStore', data: { api: "next-session" }, line: 2, column: 27, endLine: 2, endColumn: 55 },
      ],
    },
    // In a function that builds the app: still one middleware per process.
    {
      code: `import express from 'express';
import session from 'express-session';
export function createApp() {
  const app = express();
  app.use(session({ secret: 's' }));
  return app;
}`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 5, column: 11, endLine: 5, endColumn: 35 },
      ],
    },
    // socket.io without an adapter, with `checkSocketAdapter` (as in strict).
    {
      options: [{checkSocketAdapter: true}],
      code: `import { Server } from 'socket.io';
import http from 'node:http';
const httpServer = http.createServer();
const io = new Server(httpServer, { cors: { origin: '*' } });
io.on('connection', (socket) => {
  socket.join('lobby');
  io.to('lobby').emit('joined', socket.id);
});
httpServer.listen(3000);`,
      errors: [
        { messageId: 'socketAdapter', data: { api: "socket.io Server" }, line: 4, column: 12, endLine: 4, endColumn: 61 },
      ],
    },
    // socket.io the old way (plain JavaScript), with `checkSocketAdapter`.
    {
      options: [{checkSocketAdapter: true}],
      languageOptions: { parser: espree as never },
      code: `const http = require('http').createServer();
const io = require('socket.io')(http);
io.on('connection', (socket) => socket.broadcast.emit('hi'));`,
      errors: [
        { messageId: 'socketAdapter', data: { api: "socket.io Server" }, line: 2, column: 12, endLine: 2, endColumn: 38 },
      ],
    },
    // socket.io through a namespace import, with `checkSocketAdapter`.
    {
      options: [{checkSocketAdapter: true}],
      code: `import * as SocketIO from 'socket.io';
const io = new SocketIO.Server(3000);
io.on('connection', () => {});`,
      errors: [
        { messageId: 'socketAdapter', data: { api: "socket.io Server" }, line: 2, column: 12, endLine: 2, endColumn: 37 },
      ],
    },
    // A nested cookie object given by shorthand; still no store.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
const cookie = { maxAge: 1000 };
app.use(session({ secret: 's', cookie }));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 5, column: 9, endLine: 5, endColumn: 41 },
      ],
    },
    // Two apps, two middlewares without a store.
    {
      code: `import express from 'express';
import session from 'express-session';
export const admin = express().use(session({ secret: 'a' }));
export const api = express().use(session({ secret: 'b', name: 'api.sid' }));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 3, column: 36, endLine: 3, endColumn: 60 },
        { messageId: 'noStore', data: { api: "express-session" }, line: 4, column: 34, endLine: 4, endColumn: 75 },
      ],
    },
    // A MemoryStore kept in a variable and passed along.
    {
      code: `import session from 'express-session';
const store = new session.MemoryStore();
export const middleware = session({ secret: 's', store });`,
      errors: [
        { messageId: 'memoryStore', data: { api: "session.MemoryStore" }, line: 2, column: 15, endLine: 2, endColumn: 40 },
      ],
    },
    // express-session destructured from require (plain JavaScript).
    {
      languageOptions: { parser: espree as never },
      code: `const { MemoryStore } = require('express-session');
module.exports.store = new MemoryStore();`,
      errors: [
        { messageId: 'memoryStore', data: { api: "session.MemoryStore" }, line: 2, column: 24, endLine: 2, endColumn: 41 },
      ],
    },
    // @fastify/session as a named export, registered with options from a `const`.
    {
      code: `import Fastify from 'fastify';
import { fastifySession } from '@fastify/session';
const app = Fastify();
const options = { secret: 'x'.repeat(32), cookieName: 'sid' };
app.register(fastifySession, options);`,
      errors: [
        { messageId: 'noStore', data: { api: "@fastify/session" }, line: 5, column: 1, endLine: 5, endColumn: 38 },
      ],
    },
    // koa-generic-session's MemoryStore.
    {
      code: `import session, { MemoryStore } from 'koa-generic-session';
export const middleware = session({ store: new MemoryStore() });`,
      errors: [
        { messageId: 'memoryStore', data: { api: "koa-generic-session MemoryStore" }, line: 2, column: 44, endLine: 2, endColumn: 61 },
      ],
    },
    // next-session, named export.
    {
      code: `import { nextSession } from 'next-session';
export const getSession = nextSession();`,
      errors: [
        { messageId: 'noStore', data: { api: "next-session" }, line: 2, column: 27, endLine: 2, endColumn: 40 },
      ],
    },
    // socket.io attached later, never given an adapter (strict).
    {
      options: [{checkSocketAdapter: true}],
      code: `import { Server } from 'socket.io';
import http from 'node:http';
const io = new Server();
io.attach(http.createServer());
io.of('/chat').on('connection', () => {});`,
      errors: [
        { messageId: 'socketAdapter', data: { api: "socket.io Server" }, line: 3, column: 12, endLine: 3, endColumn: 24 },
      ],
    },
    // socket.io server created without `new` (strict).
    {
      options: [{checkSocketAdapter: true}],
      code: `import socketIo from 'socket.io';
const io = socketIo(3000);
io.on('connection', () => {});`,
      errors: [
        { messageId: 'socketAdapter', data: { api: "socket.io Server" }, line: 2, column: 12, endLine: 2, endColumn: 26 },
      ],
    },
    // On an express Router.
    {
      code: `import { Router } from 'express';
import session from 'express-session';
export const router = Router();
router.use(session({ secret: 's', name: 'admin.sid' }));`,
      errors: [
        { messageId: 'noStore', data: { api: "express-session" }, line: 4, column: 12, endLine: 4, endColumn: 55 },
      ],
    },
    // @fastify/session registered through a dynamic import.
    {
      code: `import Fastify from 'fastify';
const app = Fastify();
await app.register(await import('@fastify/session'), { secret: 'x'.repeat(32) });`,
      errors: [
        { messageId: 'noStore', data: { api: "@fastify/session" }, line: 3, column: 7, endLine: 3, endColumn: 81 },
      ],
    },
  ],
});
