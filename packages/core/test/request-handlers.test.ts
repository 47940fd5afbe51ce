import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  isLazyInitialization,
  parseSourceText,
  programView,
  REQUEST_HANDLERS,
  requestServing,
  singleFileView,
  type FileFacts,
} from '@statelint/core';

function factsOf(code: string, fileName = 'src/server.ts'): FileFacts {
  const sf = parseSourceText(ts, fileName, code);
  return singleFileView(ts, sf).factsOf(sf);
}

/** `framework kind line` of every handler, in source order. */
function handlers(code: string, fileName?: string): string[] {
  const facts = factsOf(code, fileName);
  return facts
    .memo(REQUEST_HANDLERS)
    .handlers.map((h) => `${h.framework} ${h.kind} ${facts.sourceFile.getLineAndCharacterOfPosition(h.function.getStart()).line + 1}`)
    .sort();
}

describe('REQUEST_HANDLERS (one file, no types)', () => {
  it('Express apps and routers, through every import form, route objects, wrappers and named handlers', () => {
    expect(
      handlers(`import express, { Router } from 'express';
const app = express();
const api = Router();
const legacy = require('express').Router();
async function list(req, res) { res.json([]); }
const wrap = (fn) => (req, res, next) => fn(req, res, next).catch(next);
const users = { show: (req, res) => res.end() };
app.use((req, res, next) => next());
api.get('/items', list);
api.post('/items', wrap(async (req, res) => res.end()));
app.route('/x').get((req, res) => res.end()).post((req, res) => res.end());
legacy.get('/u/:id', users.show);
app.use((err, req, res, next) => res.status(500).end());
app.get('etag');`),
    ).toEqual([
      'express route 13',
      'express route 5',
      'express route 7',
      'express route 8',
      'express route 10',
      'express route 11',
    ].sort());
  });

  it('Fastify routes, route options, request hooks (not lifecycle hooks), plugins', () => {
    expect(
      handlers(`import Fastify from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
const app = Fastify({ logger: true });
app.get('/a', async () => 'a');
app.route({ method: 'GET', url: '/b', preHandler: async () => {}, handler: async () => 'b' });
app.addHook('onRequest', async () => {});
app.addHook('onClose', async () => {});
app.register(async (instance) => { instance.get('/c', async () => 'c'); });
export default fp(async (fastify) => { fastify.post('/d', async () => 'd'); });
export async function routes(server: FastifyInstance) { server.put('/e', async () => 'e'); }
const plugin: FastifyPluginAsync = async (f) => { f.delete('/f', async () => 'f'); };`),
    ).toEqual(
      [
        'fastify route 5',
        'fastify hook 6',
        'fastify route 6',
        'fastify hook 7',
        'fastify route 9',
        'fastify route 10',
        'fastify route 11',
        'fastify route 12',
      ].sort(),
    );
  });

  it('Koa, koa-router, @koa/router, Hono', () => {
    expect(
      handlers(`import Koa from 'koa';
import Router from 'koa-router';
import KoaRouter from '@koa/router';
import { Hono } from 'hono';
const app = new Koa();
const r1 = new Router();
const r2 = new KoaRouter({ prefix: '/v2' });
const h = new Hono().basePath('/api');
app.use(async (ctx, next) => next());
r1.post('documents.list', async (ctx) => { ctx.body = []; });
r2.get('/x', async (ctx) => { ctx.body = 'x'; });
h.get('/y', (c) => c.text('y'));
h.use('*', async (c, next) => next());`),
    ).toEqual(['koa route 9', 'koa route 10', 'koa route 11', 'hono route 12', 'hono route 13'].sort());
  });

  it('NestJS controllers and resolvers (decorated methods only), middleware and guards, routing-controllers', () => {
    expect(
      handlers(`import { Controller, Get, Post, Injectable, NestMiddleware, CanActivate } from '@nestjs/common';
import { Resolver, Query } from '@nestjs/graphql';
import { JsonController, Get as RcGet } from 'routing-controllers';
@Controller('users')
export class UsersController {
  @Get() list() { return []; }
  @Post() create() { return {}; }
  helper() { return 1; }
}
@Resolver()
export class UsersResolver { @Query(() => [String]) users() { return []; } }
@Injectable()
export class Logger implements NestMiddleware { use(req, res, next) { next(); } }
@Injectable()
export class AuthGuard implements CanActivate { canActivate() { return true; } }
@JsonController('/pets')
export class PetsController { @RcGet('/') all() { return []; } }
@Injectable()
export class NotAController { @Get() looksLikeIt() { return []; } }`),
    ).toEqual(
      [
        'nestjs controller 6',
        'nestjs controller 7',
        'nestjs controller 11',
        'nestjs controller 13',
        'nestjs controller 15',
        'routing-controllers controller 17',
      ].sort(),
    );
  });

  it('node:http servers, request listeners, Bun and Deno, fetch-style modules', () => {
    expect(
      handlers(`import http from 'node:http';
import { createServer } from 'https';
const server = http.createServer((req, res) => res.end());
createServer({}, function (req, res) { res.end(); });
server.on('request', (req, res) => {});
server.on('listening', () => {});
Bun.serve({ fetch(req) { return new Response('x'); } });
Deno.serve((req) => new Response('y'));
export default { async fetch(request, env, ctx) { return new Response('z'); } };`),
    ).toEqual(['node-http server 3', 'node-http server 4', 'node-http server 5', 'fetch server 7', 'fetch server 8', 'fetch export 9'].sort());
  });

  it('Next.js route handlers, API routes and middleware by file; Lambda handlers by export', () => {
    const route = `export async function GET(request) { return Response.json([]); }
export const POST = async (request) => new Response(null, { status: 201 });
export function helper() {}`;
    expect(handlers(route, 'app/api/orders/route.ts')).toEqual(['nextjs export 1', 'nextjs export 2']);
    expect(handlers(route, 'src/lib/route.ts')).toEqual([]);
    expect(handlers(`export default function handler(req, res) { res.end(); }`, 'pages/api/x.js')).toEqual(['nextjs export 1']);
    expect(handlers(`import { NextResponse } from 'next/server';\nexport function middleware(req) { return NextResponse.next(); }`, 'middleware.ts')).toEqual([
      'nextjs export 2',
    ]);
    expect(handlers(`export function middleware(req, res, next) { next(); }`, 'src/middleware.ts')).toEqual([]);
    expect(handlers(`exports.handler = async (event, context) => ({ statusCode: 200 });`, 'lambda.js')).toEqual(['lambda export 1']);
    expect(handlers(`export const handler = async (options) => options;`, 'cli.ts')).toEqual([]);
  });

  it('functions typed with a request type, through import type; a parameter named req is not enough', () => {
    expect(
      handlers(`import type { Request, Response } from 'express';
import type * as Koa from 'koa';
import type { Context } from 'hono';
import type { APIGatewayProxyHandler } from 'aws-lambda';
import type { ServerResponse } from 'node:http';
export async function avatar(req: Request, res: Response) {}
export async function show(ctx: Koa.Context) {}
export const page = (c: Context) => c.text('x');
export const handler: APIGatewayProxyHandler = async () => ({ statusCode: 200, body: '' });
export function send(res: ServerResponse) {}
export function helper(req: { url: string }, res: unknown) {}
export function named(req, res) {}`),
    ).toEqual(['express signature 6', 'koa signature 7', 'hono signature 8', 'lambda signature 9', 'node-http signature 10'].sort());
  });

  it('a local object or variable that merely has route-like methods is no application', () => {
    expect(
      handlers(`const cache = new Map();
cache.get((k) => k);
const app = { get(path, fn) {}, use(fn) {} };
app.get('/x', (req, res) => {});
app.use((req, res, next) => {});
function register(router) { router.get('/y', (req, res) => {}); }`),
    ).toEqual([]);
  });
});

describe('requestServing', () => {
  it('untyped: code inside a handler (and its nested functions), not start-up code or helpers', () => {
    const facts = factsOf(`import express from 'express';
const app = express();
const startup = fetch('https://config');
function helper() { return fetch('https://helper'); }
app.get('/x', async (req, res) => {
  const inner = [1].map(() => fetch('https://nested'));
  res.json(await helper());
});`);
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fetch') calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(facts.sourceFile);
    const serving = requestServing(facts);
    expect(calls.map((c) => serving.isRequestServing(c))).toEqual([false, false, true]);
  });

  it('typed: functions reachable from handlers across files, through imports, methods and constructors', () => {
    const files: Record<string, string> = {
      '/p/routes.ts': `import express from 'express';
import { UsersService } from './users.js';
import { audit, AuditTrail } from './audit.js';
const app = express();
const users = new UsersService();
app.get('/users', async (req, res) => {
  await audit('list');
  new AuditTrail().write('list');
  res.json(await users.list());
});`,
      '/p/users.ts': `import { query } from './db.js';
export class UsersService {
  constructor() { init(); }
  list() { return query('select * from users'); }
  unused() { return query('select 1'); }
}
function init() {}`,
      '/p/db.ts': `export function query(sql: string) { return sql; }
export function migrate() { return query('create table'); }`,
      '/p/audit.ts': `export const audit = async (what: string) => what;
export class AuditTrail {
  private readonly entries: string[];
  constructor() { this.entries = []; }
  write(what: string) { this.entries.push(what); }
}`,
    };
    const host = ts.createCompilerHost({});
    const program = ts.createProgram({
      rootNames: Object.keys(files),
      options: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: [] },
      host: {
        ...host,
        fileExists: (f) => f in files || host.fileExists(f),
        directoryExists: (d) => d === '/p' || (host.directoryExists?.(d) ?? false),
        getCurrentDirectory: () => '/p',
        readFile: (f) => files[f] ?? host.readFile(f),
        getSourceFile: (f, v) => (f in files ? ts.createSourceFile(f, files[f]!, v, true) : host.getSourceFile(f, v)),
      },
    });
    const view = programView(ts, program);
    const serving = (file: string, name: string): boolean => {
      const sf = program.getSourceFile(file)!;
      const facts = view.factsOf(sf);
      let found: ts.Node | undefined;
      const visit = (node: ts.Node): void => {
        if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) && (node.name?.getText() ?? 'constructor') === name) {
          found = node.body?.statements[0] ?? node.body;
        }
        if (ts.isVariableDeclaration(node) && node.name.getText() === name && node.initializer && ts.isArrowFunction(node.initializer)) found = node.initializer.body;
        ts.forEachChild(node, visit);
      };
      visit(sf);
      return requestServing(facts).isRequestServing(found!);
    };
    expect(serving('/p/users.ts', 'list')).toBe(true);
    // Constructed at start-up (module level), not per request.
    expect(serving('/p/users.ts', 'constructor')).toBe(false);
    expect(serving('/p/users.ts', 'init')).toBe(false);
    // Constructed in the handler: its constructor runs per request.
    expect(serving('/p/audit.ts', 'constructor')).toBe(true);
    expect(serving('/p/audit.ts', 'write')).toBe(true);
    expect(serving('/p/db.ts', 'query')).toBe(true);
    expect(serving('/p/audit.ts', 'audit')).toBe(true);
    expect(serving('/p/users.ts', 'unused')).toBe(false);
    expect(serving('/p/db.ts', 'migrate')).toBe(false);
  });
});

describe('isLazyInitialization', () => {
  it('recognises values made only while their target is empty', () => {
    const sf = parseSourceText(
      ts,
      'lazy.ts',
      `let a, b, c, d, e, f;
a ??= make(1);
b ||= make(2);
c || (c = make(3));
if (!d) d = make(4);
if (e === undefined) { e = make(5); }
f = make(6);
if (!a) b = make(7);`,
    );
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    expect(calls.map((c) => isLazyInitialization(ts, c))).toEqual([true, true, true, true, true, false, false]);
  });
});
