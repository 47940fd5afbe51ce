import * as espree from 'espree';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

type Expected = InvalidCase['errors'][number];

/** The exact location of the `nth` occurrence of `snippet` in `code` (1-based, end exclusive). */
function at(code: string, snippet: string, nth = 1): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = code.indexOf(snippet, index + 1);
    if (index < 0) throw new Error(`snippet not found: ${snippet}`);
  }
  const before = code.slice(0, index).split('\n');
  const lines = snippet.split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const endLine = line + lines.length - 1;
  const endColumn = lines.length === 1 ? column + snippet.length : lines[lines.length - 1]!.length + 1;
  return { line, column, endLine, endColumn };
}

const FIX = {
  http: "Keep the server and call `server.close()` from `process.once('SIGTERM', …)`, exiting in its callback",
  express: "Keep the server `app.listen()` returns and call `server.close()` from `process.once('SIGTERM', …)`, exiting in its callback",
  koa: "Keep the server `app.listen()` returns and call `server.close()` from `process.once('SIGTERM', …)`, exiting in its callback",
  hono: "Keep the server `serve()` returns and call `server.close()` from `process.once('SIGTERM', …)`, exiting in its callback",
  fastify: "Call `await app.close()` from `process.once('SIGTERM', …)` (or use close-with-grace)",
  nest: 'Call `app.enableShutdownHooks()` on this app before `listen()`, so Nest closes it on SIGTERM',
  hapi: "Call `await server.stop()` from `process.once('SIGTERM', …)`",
} as const;

type Kind = keyof typeof FIX;

function server(messageId: 'noShutdown' | 'notClosed', kind: Kind, code: string, snippet: string, api: string, nth = 1): Expected {
  return { messageId, data: { api, fix: FIX[kind] }, ...at(code, snippet, nth) };
}
function only(messageId: 'sigtermMissing' | 'keepAliveOpen' | 'sigintUnhandled', code: string, snippet: string, api: string): Expected {
  return { messageId, data: { api }, ...at(code, snippet) };
}
function exit(code: string, signal: string, nth = 1, snippet = 'process.exit(0)'): Expected {
  return { messageId: 'abruptExit', data: { signal }, ...at(code, snippet, nth) };
}

const STRICT = { requireForcedExit: true, requireKeepAliveClose: true, requireSigint: true };

// ---------------------------------------------------------------- invalid sources

const partialImport = `import express from 'express';\nimport './lifecycle';\nconst app = express();\napp.listen(3000);`;
const partialExport = `import express from 'express';\nconst app = express();\nexport const server = app.listen(3000);`;
const hapiStart = `import Hapi from '@hapi/hapi';
const server = Hapi.server({ port: 3000 });
await server.start();`;
const connectApp = `import connect from 'connect';
const app = connect();
app.use((req, res) => res.end('ok'));
app.listen(3000);`;
// express.oi (Express with socket.io built in), configured by a chain and chosen by a branch.
const expressOi = `const express = require('express.oi');
let app;
if (process.env.TLS_KEY) app = express().https({ key: process.env.TLS_KEY }).io();
else app = express().http().io();
app.get('/', (req, res) => res.send('ok'));
app.listen(3000);`;
// koa-websocket returns the Koa app it is given.
const koaWebsocket = `import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
const server = app.listen(3000);
server.setTimeout(30000);`;
const testOnlySigterm = `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
if (process.env.NODE_ENV === 'test') {
  process.on('SIGTERM', () => server.close());
}`;

const expressNoHandler = `import express from 'express';
const app = express();
app.get('/health', (_req, res) => res.send('ok'));
app.listen(3000, () => console.log('listening'));`;

const expressRequire = `const express = require('express');
const app = express();
app.use(express.json());
const server = app.listen(process.env.PORT || 3000);`;

const httpInline = `import http from 'node:http';
http.createServer((req, res) => res.end('ok')).listen(8080);`;

const httpsServer = `import https from 'https';
import { readFileSync } from 'fs';
const server = https.createServer({ key: readFileSync('k'), cert: readFileSync('c') }, (_q, s) => s.end());
server.listen(443);`;

const http2Server = `import { createSecureServer } from 'node:http2';
const server = createSecureServer({});
server.listen(8443);`;

const koaNoHandler = `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => { ctx.body = 'ok'; });
app.listen(3000);`;

const fastifyNoHandler = `import Fastify from 'fastify';
const app = Fastify({ logger: true });
app.get('/', async () => ({ ok: true }));
await app.listen({ port: 3000, host: '0.0.0.0' });`;

const fastifySigintOnly = `import Fastify from 'fastify';
const app = Fastify();
process.on('SIGINT', async () => { await app.close(); });
await app.listen({ port: 3000 });`;

const nestNoHooks = `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create({} as never);
  app.setGlobalPrefix('api');
  await app.listen(3000);
}
void bootstrap();`;

const nestOtherApp = `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create({} as never);
  const admin = await NestFactory.create({} as never);
  admin.enableShutdownHooks();
  await app.listen(3000);
  await admin.listen(3001);
}
void bootstrap();`;

const honoServe = `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
app.get('/', (c) => c.text('ok'));
serve({ fetch: app.fetch, port: 3000 });`;

const abruptExpress = `import express from 'express';
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', () => {
  console.log('SIGTERM received');
  process.exit(0);
});`;

const abruptBoth = `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
const shutdown = async () => {
  await new Promise((r) => setTimeout(r, 100));
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);`;

const abruptMongoose = `import express from 'express';
import mongoose from 'mongoose';
const app = express();
app.listen(3000);
process.on('SIGINT', () => {
  mongoose.connection.close(() => {
    process.exit(0);
  });
});`;

const abruptPrisma = `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', async () => {
  await prisma.$disconnect();
  process.exit(0);
});`;

const sigintOnlyExpress = `import express from 'express';
const app = express();
const server = app.listen(3000);
process.on('SIGINT', () => server.close(() => process.exit(0)));`;

const twoServers = `import express from 'express';
const app = express();
const metrics = express();
const server = app.listen(3000);
const metricsServer = metrics.listen(9090);
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
});`;

const handlerLogsOnly = `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
process.on('SIGTERM', () => {
  console.log('received SIGTERM, ignoring');
});`;

const discardedListen = `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.listen(3000);
process.once('SIGTERM', async () => {
  await pool.end();
});`;

const loopSignals = `import express from 'express';
const app = express();
app.listen(3000);
for (const signal of ['SIGINT', 'SIGUSR2']) {
  process.on(signal, () => process.exit(0));
}`;

const classServer = `import express from 'express';
class App {
  private readonly app = express();
  start(port: number) {
    this.app.listen(port);
  }
}
new App().start(3000);`;

const strictHttp = `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
});`;

const strictLongBound = `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 30_000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);`;

const strictCloseWithGrace = `import Fastify from 'fastify';
import closeWithGrace from 'close-with-grace';
const app = Fastify();
closeWithGrace(async () => { await app.close(); });
await app.listen({ port: 3000 });`;

const strictTerminus = `import http from 'node:http';
import { createTerminus } from '@godaddy/terminus';
const server = http.createServer();
createTerminus(server, { signal: 'SIGTERM', timeout: 3000 });
server.listen(3000);`;

const strictGracefulShutdown = `import express from 'express';
import gracefulShutdown from 'http-graceful-shutdown';
const app = express();
const server = app.listen(3000);
gracefulShutdown(server);`;

const strictNest = `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create({} as never);
  app.enableShutdownHooks();
  await app.listen(3000);
}
void bootstrap();`;

const annotatedApp = `import type { Application } from 'express';
import { createExpressServer } from 'routing-controllers';
const env = { port: 3000 };
const expressApp: Application = createExpressServer({ cors: true });
const server = expressApp.listen(env.port);
console.log(server.address());`;

const strictLightship = `import express from 'express';
import { createLightship } from 'lightship';
const app = express();
const server = app.listen(3000);
const lightship = await createLightship();
lightship.registerShutdownHandler(async () => {
  await new Promise((resolve) => server.close(resolve));
});`;

const strictRegistry = `import http from 'node:http';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
class ShutdownHelper {
  static readonly forceQuitTimeout = 60 * 1000;
  private static handlers: (() => Promise<unknown>)[] = [];
  static add(callback: () => Promise<unknown>) { this.handlers.push(callback); }
  static async execute() {
    void sleep(this.forceQuitTimeout).then(() => process.exit(1));
    for (const handler of this.handlers) await handler();
    process.exit(0);
  }
}
const server = http.createServer();
server.listen(3000);
ShutdownHelper.add(() => new Promise((resolve) => server.close(resolve)));
process.once('SIGTERM', () => ShutdownHelper.execute());
process.once('SIGINT', () => ShutdownHelper.execute());`;

const typedCommonJs = `const app = require('./lib/require-graceful-shutdown-app.cjs');
app.listen(3000);`;

const typedImportedServer = `import { server } from './lib/require-graceful-shutdown-server.js';
server.listen(3000);`;

const typedFlushThenExit = `import http from 'node:http';
import { flushLogs } from './lib/require-graceful-shutdown-lifecycle.js';
const server = http.createServer();
server.listen(3000);
process.once('SIGTERM', () => {
  flushLogs();
  process.exit(0);
});`;

const typedOtherServerClosed = `import http from 'node:http';
import { server } from './lib/require-graceful-shutdown-server.js';
const metrics = http.createServer();
metrics.listen(9090);
process.once('SIGTERM', () => server.close(() => process.exit(0)));`;

const annotatedParam = `import type { Server } from 'node:http';
function start(server: Server) {
  server.listen(3000);
}
start(null as never);`;

const jsCommonJs = `const http = require('http');
const app = require('express')();
const server = http.createServer(app);
server.listen(3000, () => console.log('up'));
process.on('SIGTERM', function () {
  process.exit(0);
});`;

// ---------------------------------------------------------------- valid sources

runRuleTests('require-graceful-shutdown', {
  valid: [
    // A temporary server the program closes itself (a setup step) before the real one starts; the real one is closed on SIGTERM.
    `import express from 'express';
function setup(): Promise<void> {
  return new Promise((resolve) => {
    const app = express();
    let temp: ReturnType<typeof app.listen> | undefined;
    app.post('/setup', (req, res) => {
      res.end('saved');
      temp?.close(() => resolve());
    });
    temp = app.listen(3000);
  });
}
await setup();
const server = express().listen(3000);
process.once('SIGTERM', () => server.close());`,
    `const http = require('http');
class MigrationServer {
  start(port) {
    this.server = http.createServer((req, res) => res.end('migrating'));
    this.server.listen(port);
  }
  stop() {
    this.server.close();
  }
}
module.exports = { MigrationServer };`,
    // The canonical Node shutdown: close, exit in the callback, forced exit bound.
    `import http from 'node:http';
const server = http.createServer((_q, s) => s.end());
server.listen(3000);
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 5000).unref();
});`,
    // Express: the server app.listen() returns, closed; exit after awaiting the close.
    `import express from 'express';
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', async () => {
  await new Promise((resolve) => server.close(resolve));
  process.exit(0);
});`,
    // A `let` assigned later (node-express-boilerplate): closed without exiting.
    `import express from 'express';
const app = express();
let server: import('http').Server | undefined;
void Promise.resolve().then(() => {
  server = app.listen(3000);
});
process.on('SIGTERM', () => {
  if (server) server.close();
});`,
    // The second signal exits at once: not an abrupt exit.
    `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
process.once('SIGTERM', () => {
  process.once('SIGTERM', () => process.exit(1));
  server.close(() => process.exit(0));
});`,
    // A guard that exits on a repeated signal, in a handler that closes the server.
    `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) process.exit(1);
  stopping = true;
  server.close(() => process.exit(0));
});`,
    // Koa.
    `import Koa from 'koa';
const app = new Koa();
const server = app.listen(3000);
process.once('SIGTERM', () => server.close());`,
    // Fastify closes through the app.
    `import Fastify from 'fastify';
const app = Fastify();
process.once('SIGTERM', async () => {
  await app.close();
  process.exit(0);
});
await app.listen({ port: 3000 });`,
    // Fastify with close-with-grace.
    `import Fastify from 'fastify';
import closeWithGrace from 'close-with-grace';
const app = Fastify();
closeWithGrace({ delay: 500 }, async ({ err }) => {
  if (err) app.log.error(err);
  await app.close();
});
await app.listen({ port: 3000 });`,
    // NestJS: shutdown hooks on that same app.
    `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create({} as never);
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();`,
    // NestJS: app.close() in a handler.
    `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create({} as never);
  process.once('SIGTERM', () => void app.close());
  await app.listen(3000);
}
void bootstrap();`,
    // Hono's serve() returns the server.
    `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
const server = serve({ fetch: app.fetch, port: 3000 });
process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
    // @godaddy/terminus.
    `import http from 'node:http';
import { createTerminus } from '@godaddy/terminus';
const server = http.createServer();
createTerminus(server, { signals: ['SIGTERM', 'SIGINT'], onSignal: async () => {} });
server.listen(3000);`,
    // http-terminator.
    `import express from 'express';
import { createHttpTerminator } from 'http-terminator';
const app = express();
const server = app.listen(3000);
const terminator = createHttpTerminator({ server });
process.once('SIGTERM', async () => {
  await terminator.terminate();
});`,
    // stoppable.
    `import http from 'node:http';
import stoppable from 'stoppable';
const server = stoppable(http.createServer(), 5000);
server.listen(3000);
process.once('SIGTERM', () => server.stop());`,
    // http-graceful-shutdown.
    `import express from 'express';
import gracefulShutdown from 'http-graceful-shutdown';
const app = express();
const server = app.listen(3000);
gracefulShutdown(server, { signals: 'SIGINT SIGTERM', timeout: 3000 });`,
    // lightship.
    `import express from 'express';
import { createLightship } from 'lightship';
const app = express();
const server = app.listen(3000);
const lightship = await createLightship();
lightship.registerShutdownHandler(() => { server.close(); });`,
    // hapi's stop().
    `import Hapi from '@hapi/hapi';
import http from 'node:http';
const hapi = Hapi.server({ port: 3001 });
const server = http.createServer();
server.listen(3000);
process.once('SIGTERM', async () => {
  await hapi.stop({ timeout: 1000 });
  server.close();
});`,
    // A handler shared by SIGTERM and SIGINT through a loop over the signals.
    `import express from 'express';
const app = express();
const server = app.listen(3000);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}`,
    `import express from 'express';
const app = express();
const server = app.listen(3000);
['SIGTERM', 'SIGINT'].forEach((signal) => process.on(signal, () => server.close()));`,
    // A class that keeps its server and closes it in stop(); the handler calls stop().
    `import express from 'express';
import type { Server } from 'node:http';
class App {
  private readonly express = express();
  private server?: Server;
  start() { this.server = this.express.listen(3000); }
  async stop() { await new Promise((r) => this.server?.close(r)); }
}
const app = new App();
app.start();
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));`,
    // The server passed to a function that closes its parameter.
    `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
function shutdown(s: http.Server, code: number) {
  s.close(() => process.exit(code));
}
process.once('SIGTERM', () => shutdown(server, 0));`,
    // Handler (or a module that may install it) elsewhere, without types: not decided from one file.
    { code: `import { app } from './app';\napp.listen(3000);`, mode: 'untyped' },
    // Typed: the lifecycle module installs the handler for the server it is given.
    `import http from 'node:http';
import { installShutdown } from './lib/require-graceful-shutdown-lifecycle.js';
const server = http.createServer();
server.listen(3000);
installShutdown(server);`,
    // Typed: a function of another module closes the server the handler passes.
    `import http from 'node:http';
import { closeServer } from './lib/require-graceful-shutdown-lifecycle.js';
const server = http.createServer();
server.listen(3000);
process.once('SIGTERM', async () => {
  await closeServer(server);
  process.exit(0);
});`,
    // Typed: the server of another module, closed here.
    `import { server } from './lib/require-graceful-shutdown-server.js';
server.listen(3000);
process.once('SIGTERM', () => server.close());`,
    // Not servers: listen() of something else, an unknown receiver without types.
    `export function start(io: { listen(port: number): void }) { io.listen(3000); }`,
    `const emitter = { listen() {} }; emitter.listen();`,
    // A CLI that exits on SIGINT, with no server.
    `process.on('SIGINT', () => process.exit(130));`,
    // A forced-exit timer alone is not an abrupt exit (no server here).
    `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 1000));`,
    // Scripts and tests are left alone.
    { code: `import express from 'express';\nexpress().listen(3000);`, filename: 'scripts/seed.ts' },
    { code: `import express from 'express';\nconst server = express().listen(0);\nafterAll(() => server.close());`, filename: 'src/app.spec.ts', mode: 'untyped' },
    { code: `import http from 'node:http';\nhttp.createServer().listen(0);`, filename: '__tests__/server.ts', mode: 'untyped' },
    // A shutdown registry (outline's ShutdownHelper): handlers registered elsewhere run on SIGTERM.
    `import http from 'node:http';
class Shutdown {
  private static handlers: { key: string; callback: () => Promise<unknown> }[] = [];
  static add(key: string, callback: () => Promise<unknown>) { this.handlers.push({ key, callback }); }
  static async execute(code = 0) {
    void new Promise((r) => setTimeout(r, 60_000)).then(() => process.exit(1));
    await Promise.allSettled(this.handlers.map(async (handler) => handler.callback()));
    process.exit(code);
  }
}
const server = http.createServer();
server.listen(3000);
Shutdown.add('server', () => new Promise((resolve) => server.close(resolve)));
process.once('SIGTERM', () => Shutdown.execute());
process.once('SIGINT', () => Shutdown.execute());`,
    // The second-signal handler is a named function registered inside the first one.
    `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
function onSignal(): void {
  const exitNow = (): void => process.exit(130);
  process.once('SIGTERM', exitNow);
  process.once('SIGINT', exitNow);
  server.close();
}
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);`,
    // sleep(ms).then(exit) is a forced-exit bound.
    {
      code: `import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
const server = http.createServer();
server.listen(3000);
const shutdown = () => {
  void sleep(3000).then(() => process.exit(1));
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);`,
      options: [STRICT],
    },
    // strict, complete: close, idle connections, forced exit, SIGINT.
    {
      code: `import http from 'node:http';
const server = http.createServer();
server.listen(3000);
const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(1);
  }, 4000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);`,
      options: [STRICT],
    },
    // strict: Fastify closes idle connections itself; close-with-grace handles SIGINT, with a short delay.
    {
      code: `import Fastify from 'fastify';
import closeWithGrace from 'close-with-grace';
const app = Fastify();
closeWithGrace({ delay: 2000 }, async () => { await app.close(); });
await app.listen({ port: 3000 });`,
      options: [STRICT],
    },
    // strict: terminus closes keep-alive connections; its timeout is the bound.
    {
      code: `import http from 'node:http';
import { createTerminus } from '@godaddy/terminus';
const server = http.createServer();
createTerminus(server, { signals: ['SIGTERM', 'SIGINT'], timeout: 3000 });
server.listen(3000);`,
      options: [STRICT],
    },
    // strict with a longer maxGraceMs.
    {
      code: strictLongBound,
      options: [{ ...STRICT, maxGraceMs: 30_000 }],
    },
    // Plain JavaScript through espree.
    {
      code: `const http = require('http');
const server = http.createServer();
server.listen(3000);
process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
      languageOptions: { parser: espree as never },
    },
  ],
  invalid: [
    // Decided from what is known (issue 13): an import that resolves to nothing, or an entry point
    // that also exports, no longer withholds the verdict; the message names what was not resolved.
    {
      code: partialImport,
      mode: 'untyped',
      errors: [{ messageId: 'noShutdownPartial', data: { api: 'app.listen()', fix: FIX.express, unresolved: '`./lifecycle` (file.ts)' }, ...at(partialImport, 'app.listen(3000)') }],
    },
    {
      code: partialExport,
      errors: [
        {
          messageId: 'noShutdownPartial',
          data: { api: 'app.listen()', fix: FIX.express, unresolved: 'what imports file.ts (it exports, so a module outside the audit may load it)' },
          ...at(partialExport, 'app.listen(3000)'),
        },
      ],
    },
    // hapi starts with `server.start()`; connect apps listen like express.
    { code: hapiStart, errors: [server('noShutdown', 'hapi', hapiStart, 'server.start()', 'server.start()')] },
    { code: connectApp, errors: [server('noShutdown', 'express', connectApp, 'app.listen(3000)', 'app.listen()')] },
    { code: koaWebsocket, errors: [server('noShutdown', 'koa', koaWebsocket, 'app.listen(3000)', 'app.listen()')] },
    { code: expressOi, errors: [server('noShutdown', 'express', expressOi, 'app.listen(3000)', 'app.listen()')] },
    // A SIGTERM handler installed only when testing is no production shutdown path.
    { code: testOnlySigterm, errors: [server('noShutdown', 'http', testOnlySigterm, 'server.listen(3000)', 'server.listen()')] },
    { code: expressNoHandler, errors: [server('noShutdown', 'express', expressNoHandler, "app.listen(3000, () => console.log('listening'))", 'app.listen()')] },
    {
      code: expressRequire,
      languageOptions: { parser: espree as never },
      errors: [server('noShutdown', 'express', expressRequire, 'app.listen(process.env.PORT || 3000)', 'app.listen()')],
    },
    { code: httpInline, errors: [server('noShutdown', 'http', httpInline, "http.createServer((req, res) => res.end('ok')).listen(8080)", 'http.createServer(…).listen()')] },
    { code: httpsServer, errors: [server('noShutdown', 'http', httpsServer, 'server.listen(443)', 'server.listen()')] },
    { code: http2Server, errors: [server('noShutdown', 'http', http2Server, 'server.listen(8443)', 'server.listen()')] },
    { code: koaNoHandler, errors: [server('noShutdown', 'koa', koaNoHandler, 'app.listen(3000)', 'app.listen()')] },
    { code: fastifyNoHandler, errors: [server('noShutdown', 'fastify', fastifyNoHandler, "app.listen({ port: 3000, host: '0.0.0.0' })", 'app.listen()')] },
    { code: fastifySigintOnly, errors: [only('sigtermMissing', fastifySigintOnly, 'app.listen({ port: 3000 })', 'app.listen()')] },
    { code: nestNoHooks, errors: [server('noShutdown', 'nest', nestNoHooks, 'app.listen(3000)', 'app.listen()')] },
    // Hooks enabled on another app do not shut this one down.
    { code: nestOtherApp, errors: [server('notClosed', 'nest', nestOtherApp, 'app.listen(3000)', 'app.listen()')] },
    { code: honoServe, errors: [server('noShutdown', 'hono', honoServe, 'serve({ fetch: app.fetch, port: 3000 })', 'serve()')] },
    // Abrupt exits: reported at the exit (the listen is not reported twice).
    { code: abruptExpress, errors: [exit(abruptExpress, 'SIGTERM')] },
    { code: abruptBoth, errors: [exit(abruptBoth, 'SIGINT')] },
    { code: abruptMongoose, errors: [only('sigtermMissing', abruptMongoose, 'app.listen(3000)', 'app.listen()'), exit(abruptMongoose, 'SIGINT')] },
    { code: abruptPrisma, errors: [exit(abruptPrisma, 'SIGTERM')] },
    { code: sigintOnlyExpress, errors: [only('sigtermMissing', sigintOnlyExpress, 'app.listen(3000)', 'app.listen()')] },
    // Two servers; the handler closes one.
    { code: twoServers, errors: [server('notClosed', 'express', twoServers, 'metrics.listen(9090)', 'metrics.listen()')] },
    { code: handlerLogsOnly, errors: [server('notClosed', 'http', handlerLogsOnly, 'server.listen(3000)', 'server.listen()')] },
    // app.listen()'s server is never kept, so nothing can close it.
    { code: discardedListen, errors: [server('notClosed', 'express', discardedListen, 'app.listen(3000)', 'app.listen()')] },
    {
      code: loopSignals,
      errors: [only('sigtermMissing', loopSignals, 'app.listen(3000)', 'app.listen()'), exit(loopSignals, 'SIGINT')],
    },
    { code: classServer, errors: [server('noShutdown', 'express', classServer, 'this.app.listen(port)', 'this.app.listen()')] },
    // Without types, a parameter annotated with a server type is a server.
    { code: annotatedParam, errors: [server('noShutdown', 'http', annotatedParam, 'server.listen(3000)', 'server.listen()')] },
    {
      code: jsCommonJs,
      languageOptions: { parser: espree as never },
      errors: [exit(jsCommonJs, 'SIGTERM')],
    },
    // strict
    {
      code: strictHttp,
      options: [STRICT],
      errors: [
        { messageId: 'noForcedExit', data: { api: 'server.listen()', maxGraceMs: 5000 }, ...at(strictHttp, 'server.listen(3000)') },
        only('keepAliveOpen', strictHttp, 'server.listen(3000)', 'server.listen()'),
        only('sigintUnhandled', strictHttp, 'server.listen(3000)', 'server.listen()'),
      ],
    },
    {
      code: strictLongBound,
      options: [STRICT],
      errors: [{ messageId: 'graceTooLong', data: { api: 'server.listen()', ms: 30000, maxGraceMs: 5000 }, ...at(strictLongBound, 'server.listen(3000)') }],
    },
    {
      code: strictCloseWithGrace,
      options: [STRICT],
      errors: [{ messageId: 'graceTooLong', data: { api: 'app.listen()', ms: 10000, maxGraceMs: 5000 }, ...at(strictCloseWithGrace, 'app.listen({ port: 3000 })') }],
    },
    {
      code: strictTerminus,
      options: [STRICT],
      errors: [only('sigintUnhandled', strictTerminus, 'server.listen(3000)', 'server.listen()')],
    },
    {
      code: strictGracefulShutdown,
      options: [STRICT],
      errors: [{ messageId: 'graceTooLong', data: { api: 'app.listen()', ms: 30000, maxGraceMs: 5000 }, ...at(strictGracefulShutdown, 'app.listen(3000)') }],
    },
    {
      code: strictNest,
      options: [STRICT],
      errors: [
        { messageId: 'noForcedExit', data: { api: 'app.listen()', maxGraceMs: 5000 }, ...at(strictNest, 'app.listen(3000)') },
        only('keepAliveOpen', strictNest, 'app.listen(3000)', 'app.listen()'),
      ],
    },
    // A server app annotated with its framework's type (routing-controllers' createExpressServer).
    {
      code: annotatedApp,
      errors: [server('noShutdown', 'express', annotatedApp, 'expressApp.listen(env.port)', 'expressApp.listen()')],
    },
    // lightship defaults: SIGTERM handled, bounded at shutdownDelay + shutdownHandlerTimeout (10 s).
    {
      code: strictLightship,
      options: [STRICT],
      errors: [
        { messageId: 'graceTooLong', data: { api: 'app.listen()', ms: 10000, maxGraceMs: 5000 }, ...at(strictLightship, 'app.listen(3000)') },
        only('keepAliveOpen', strictLightship, 'app.listen(3000)', 'app.listen()'),
      ],
    },
    // A registry that runs the handlers, bounded by a class constant of 60 s (outline's ShutdownHelper).
    {
      code: strictRegistry,
      options: [STRICT],
      errors: [{ messageId: 'graceTooLong', data: { api: 'server.listen()', ms: 60000, maxGraceMs: 5000 }, ...at(strictRegistry, 'server.listen(3000)') }],
    },
    // Typed: across modules.
    {
      code: typedCommonJs,
      filename: 'file.js',
      mode: 'typed',
      errors: [server('noShutdown', 'express', typedCommonJs, 'app.listen(3000)', 'app.listen()')],
    },
    { code: typedImportedServer, mode: 'typed', errors: [server('noShutdown', 'http', typedImportedServer, 'server.listen(3000)', 'server.listen()')] },
    { code: typedFlushThenExit, mode: 'typed', errors: [exit(typedFlushThenExit, 'SIGTERM')] },
    { code: typedOtherServerClosed, mode: 'typed', errors: [server('notClosed', 'http', typedOtherServerClosed, 'metrics.listen(9090)', 'metrics.listen()')] },
  ],
});
