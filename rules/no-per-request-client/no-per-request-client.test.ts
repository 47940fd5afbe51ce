import * as espree from 'espree';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

const client = (api: string, opens: string, line: number, column: number, endColumn: number): InvalidCase['errors'][number] => ({
  messageId: 'perRequestClient',
  data: { api, opens },
  line,
  column,
  endLine: line,
  endColumn,
});

runRuleTests('no-per-request-client', {
  valid: [
    // Created once per process, cached (outer variable, property, map, memoize), in start-up code,
    // in a Workers-style module (which must create I/O objects per request), or not a client at all.
    `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/users', async (req, res) => res.json((await pool.query('select 1')).rows));`,
    `import express from 'express';
import Redis from 'ioredis';
let redis: Redis | undefined;
function getRedis() {
  if (!redis) redis = new Redis(process.env.REDIS_URL!);
  return redis;
}
const app = express();
app.get('/x', async (req, res) => {
  const client = redis ?? (redis = new Redis());
  res.send(await getRedis().get('x'));
});`,
    `import express from 'express';
import { Pool } from 'pg';
const pools = new Map<string, Pool>();
const app = express();
app.get('/tenants/:id', async (req, res) => {
  let pool = pools.get(req.params.id);
  if (!pool) {
    pool = new Pool({ database: \`tenant_\${req.params.id}\` });
    pools.set(req.params.id, pool);
  }
  const created = new Pool({ database: 'shared' });
  pools.set('shared', created);
  res.json((await pool.query('select 1')).rows);
});`,
    `import mongoose from 'mongoose';
const cached = (global as any).mongoose ?? ((global as any).mongoose = { conn: null, promise: null });
export default async function handler(req, res) {
  if (!cached.promise) cached.promise = mongoose.connect(process.env.MONGODB_URI!).then((m) => m);
  cached.conn = await cached.promise;
  res.status(200).json({ ok: true });
}`,
    `import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() { await this.$connect(); }
}`,
    `import Fastify from 'fastify';
import { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
const app = Fastify();
app.get('/files/:key', async (request) => {
  const command = new GetObjectCommand({ Bucket: 'files', Key: request.params.key });
  return s3.send(command);
});`,
    `import express from 'express';
import memoize from 'lodash/memoize';
import { Pool } from 'pg';
const poolFor = memoize((database: string) => new Pool({ database }));
const app = express();
app.get('/x', async (req, res) => res.json((await poolFor('a').query('select 1')).rows));`,
    `import { Pool } from 'pg';
import Redis from 'ioredis';
export async function main() {
  const pool = new Pool();
  const redis = new Redis();
  await pool.query('select 1');
  return { pool, redis };
}`,
    `import express from 'express';
class Pool { query(_q: string) { return []; } }
const app = express();
app.get('/x', (req, res) => {
  const pool = new Pool();
  res.json(pool.query('select 1'));
});`,
    `export default {
  async fetch(request: Request, env: { DATABASE_URL: string }) {
    const { Client } = await import('pg');
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    return new Response('ok');
  },
};`,
    `export function helper(req: { url: string }) {
  const { Pool } = require('pg');
  return new Pool();
}`,
    `import express from 'express';
import axios from 'axios';
import https from 'node:https';
const agent = new https.Agent({ keepAlive: true });
const app = express();
app.get('/x', async (req, res) => {
  const { data } = await axios.get('https://legacy.internal', { httpsAgent: agent, timeout: 2000 });
  res.json(data);
});`,
    `import express from 'express';
import { Pool } from 'pg';
class Repository {
  private pool?: Pool;
  get db() { return (this.pool ??= new Pool()); }
}
const repo = new Repository();
const app = express();
app.get('/x', async (req, res) => res.json((await repo.db.query('select 1')).rows));`,
    `import { Injectable, Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';
@Injectable()
export class UsersService {
  private readonly pool = new Pool();
  constructor() { this.pool.on('error', () => undefined); }
  list() { return this.pool.query('select * from users'); }
}
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}
  @Get() list() { return this.users.list(); }
}`,
    {
      code: `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/listen', async (req, res) => {
  const client = new Client();
  res.sendStatus(204);
});`,
      options: [{ allow: [{ from: 'package', package: 'pg', name: 'Client' }] }],
    },
    `import express from 'express';
import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const app = express();
app.get('/users', async (req, res) => res.json(await db('users').select('id')));`,
    `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function GET() {
  return Response.json(await prisma.user.findMany());
}`,
    `import express from 'express';
import Redis from 'ioredis';
const redis = new Redis();
const app = express();
app.get('/x', async (req, res) => {
  const subscriber = redis.duplicate();
  res.send(await redis.get('x'));
});
process.once('SIGTERM', async () => {
  const cleanup = new Redis();
  await cleanup.del('lock');
});`,
    `import express from 'express';
import { Pool } from 'pg';
export const app = express();
export const pool = new Pool();
export function start() {
  const replica = new Pool({ host: 'replica' });
  app.locals.replica = replica;
  app.listen(3000);
}`,
    // A lazy singleton whose constructor opens a pool, made on the first request only (hoppscotch).
    `import express from 'express';
import pg from 'pg';
class DatabaseService {
  private readonly pool: pg.Pool;
  constructor() {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    this.pool = pool;
  }
  query(sql: string) { return this.pool.query(sql); }
}
let shared: DatabaseService | null = null;
function database(): DatabaseService {
  if (!shared) {
    shared = new DatabaseService();
  }
  return shared;
}
const app = express();
app.get('/x', async (req, res) => res.json((await database().query('select 1')).rows));`,
    // Typed: a dedicated connection opened by a helper that an admin route reaches (supabase/storage migrations).
    {
      mode: 'typed',
      code: `import express from 'express';
import { Client } from 'pg';
async function connect(connectionString: string) {
  const client = new Client({ connectionString, statement_timeout: 0 });
  await client.connect();
  return client;
}
async function migrateTenant(tenant: string) {
  const client = await connect(\`postgres://db/\${tenant}\`);
  try {
    await client.query('select pg_advisory_lock(1)');
  } finally {
    await client.end();
  }
}
const app = express();
app.post('/admin/tenants/:id/migrate', async (req, res) => {
  await migrateTenant(req.params.id);
  res.sendStatus(204);
});`,
    },
    // Plain JavaScript through espree.
    {
      code: `const { Pool } = require('pg');
const pool = new Pool();
module.exports = (app) => app.get('/x', async (req, res) => res.json((await pool.query('select 1')).rows));`,
      languageOptions: { parser: espree as never },
    },
  ],
  invalid: [
  {
    code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
app.get('/users', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('select id, email from users');
  await pool.end();
  res.json(rows);
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"pg.Pool","opens":"a connection pool"}, line: 5, column: 16, endLine: 5, endColumn: 72 },
    ],
  },
  {
    code: `const express = require('express');
const pg = require('pg');
const router = express.Router();
router.post('/orders', async (req, res) => {
  const client = new pg.Client();
  await client.connect();
  try {
    await client.query('insert into orders(data) values ($1)', [req.body]);
  } finally {
    await client.end();
  }
  res.sendStatus(201);
});
module.exports = router;`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"pg.Client","opens":"a connection"}, line: 5, column: 18, endLine: 5, endColumn: 33 },
    ],
  },
  {
    code: `import Fastify from 'fastify';
import Redis from 'ioredis';
import { createClient } from 'redis';
const app = Fastify();
app.get('/sessions/:id', async (request) => {
  const redis = new Redis(process.env.REDIS_URL!);
  const other = createClient({ url: process.env.REDIS_URL });
  return redis.get(\`session:\${request.params.id}\`);
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"ioredis Redis","opens":"a connection"}, line: 6, column: 17, endLine: 6, endColumn: 50 },
      { messageId: 'perRequestClient', data: {"api":"redis.createClient","opens":"a connection"}, line: 7, column: 17, endLine: 7, endColumn: 61 },
    ],
  },
  {
    code: `import { Controller, Get } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Controller('reports')
export class ReportsController {
  @Get()
  async list() {
    const prisma = new PrismaClient();
    try {
      return await prisma.report.findMany();
    } finally {
      await prisma.$disconnect();
    }
  }
}`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"PrismaClient","opens":"a connection pool"}, line: 7, column: 20, endLine: 7, endColumn: 38 },
    ],
  },
  {
    code: `import Koa from 'koa';
import Router from 'koa-router';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
const app = new Koa();
const router = new Router();
router.get('/products', async (ctx) => {
  const client = await MongoClient.connect(process.env.MONGO_URL!);
  await mongoose.connect(process.env.MONGO_URL!);
  const direct = new MongoClient(process.env.MONGO_URL!);
  ctx.body = await client.db().collection('products').find().toArray();
});
app.use(router.routes());`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"MongoClient.connect","opens":"a connection pool"}, line: 8, column: 24, endLine: 8, endColumn: 67 },
      { messageId: 'perRequestClient', data: {"api":"mongoose.connect","opens":"a connection pool"}, line: 9, column: 9, endLine: 9, endColumn: 49 },
      { messageId: 'perRequestClient', data: {"api":"MongoClient","opens":"a connection pool"}, line: 10, column: 18, endLine: 10, endColumn: 57 },
    ],
  },
  {
    code: `import { Hono } from 'hono';
import { Sequelize } from 'sequelize';
import knex from 'knex';
const app = new Hono();
app.get('/stats', async (c) => {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  return c.json(await db('stats').select());
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"Sequelize","opens":"a connection pool"}, line: 6, column: 21, endLine: 6, endColumn: 61 },
      { messageId: 'perRequestClient', data: {"api":"knex()","opens":"a connection pool"}, line: 7, column: 14, endLine: 7, endColumn: 74 },
    ],
  },
  {
    code: `import http from 'node:http';
import https from 'node:https';
import axios from 'axios';
const server = http.createServer(async (req, res) => {
  const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
  const { data } = await axios.get('https://legacy.internal/report', { httpsAgent: agent, timeout: 5000 });
  res.end(JSON.stringify(data));
});
server.listen(3000);`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"https.Agent","opens":"an HTTP agent and its sockets"}, line: 5, column: 17, endLine: 5, endColumn: 80 },
    ],
  },
  {
    code: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const handler = async (event) => {
  const s3 = new S3Client({ region: process.env.AWS_REGION });
  const dynamo = new DynamoDBClient({});
  const command = new GetObjectCommand({ Bucket: event.bucket, Key: event.key });
  return s3.send(command);
};`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"AWS SDK S3Client","opens":"a client and its connections"}, line: 4, column: 14, endLine: 4, endColumn: 62 },
      { messageId: 'perRequestClient', data: {"api":"AWS SDK DynamoDBClient","opens":"a client and its connections"}, line: 5, column: 18, endLine: 5, endColumn: 40 },
    ],
  },
  {
    code: `import type { Request, Response } from 'express';
import mysql from 'mysql2/promise';
export async function listInvoices(req: Request, res: Response) {
  const connection = await mysql.createConnection({ host: 'db', user: 'app', database: 'billing' });
  const [rows] = await connection.execute('select * from invoices where customer = ?', [req.params.customer]);
  await connection.end();
  res.json(rows);
}`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"mysql2/promise.createConnection","opens":"a connection"}, line: 4, column: 28, endLine: 4, endColumn: 100 },
    ],
  },
  {
    code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
app.get('/tenants/:id', async (req, res) => {
  const tenant = { pool: new Pool({ database: \`tenant_\${req.params.id}\` }) };
  req.db = new Pool();
  res.json((await tenant.pool.query('select 1')).rows);
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"pg.Pool","opens":"a connection pool"}, line: 5, column: 26, endLine: 5, endColumn: 75 },
      { messageId: 'perRequestClient', data: {"api":"pg.Pool","opens":"a connection pool"}, line: 6, column: 12, endLine: 6, endColumn: 22 },
    ],
  },
  {
    code: `import { createMiddleware } from 'hono/factory';
import { Redis } from 'ioredis';
export const rateLimit = createMiddleware(async (c, next) => {
  const redis = new Redis();
  await redis.incr(\`rl:\${c.req.header('x-forwarded-for')}\`);
  await next();
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"ioredis Redis","opens":"a connection"}, line: 4, column: 17, endLine: 4, endColumn: 28 },
    ],
  },
  {
    code: `import middy from '@middy/core';
import { Pool } from 'pg';
const base = async (event) => {
  const pool = new Pool();
  return (await pool.query('select now()')).rows[0];
};
export const handler = middy(base);`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"pg.Pool","opens":"a connection pool"}, line: 4, column: 16, endLine: 4, endColumn: 26 },
    ],
  },
  {
    code: `import express from 'express';
import { Storage } from '@google-cloud/storage';
import { Client as ElasticClient } from '@elastic/elasticsearch';
const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
const router = express.Router();
router.get('/search', asyncHandler(async (req, res) => {
  const storage = new Storage();
  const es = new ElasticClient({ node: process.env.ELASTIC_URL });
  res.json(await es.search({ q: String(req.query.q) }));
}));`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"Google Cloud Storage","opens":"a client and its connections"}, line: 7, column: 19, endLine: 7, endColumn: 32 },
      { messageId: 'perRequestClient', data: {"api":"Elasticsearch Client","opens":"a client and its connections"}, line: 8, column: 14, endLine: 8, endColumn: 66 },
    ],
  },
  {
    code: `import type { FastifyPluginAsync } from 'fastify';
import postgres from 'postgres';
const plugin: FastifyPluginAsync = async (app) => {
  app.get('/now', async () => {
    const sql = postgres(process.env.DATABASE_URL!);
    return sql\`select now()\`;
  });
};
export default plugin;`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"postgres()","opens":"a connection pool"}, line: 5, column: 17, endLine: 5, endColumn: 52 },
    ],
  },
  {
    code: `import { Resolver, Query } from '@nestjs/graphql';
import { createPool } from 'mysql2';
@Resolver()
export class StatsResolver {
  @Query(() => Number)
  async visits() {
    const pool = createPool({ host: 'db' });
    return (await pool.promise().query('select count(*) c from visits'))[0];
  }
}`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"mysql2.createPool","opens":"a connection pool"}, line: 7, column: 18, endLine: 7, endColumn: 44 },
    ],
  },
  {
    code: `import Fastify from 'fastify';
import { DataSource } from 'typeorm';
import { Agent } from 'undici';
const app = Fastify();
app.route({
  method: 'GET',
  url: '/report',
  handler: async () => {
    const source = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    const dispatcher = new Agent({ connections: 10 });
    return fetch('https://reports.internal', { dispatcher, signal: AbortSignal.timeout(5000) });
  },
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"typeorm DataSource","opens":"a connection pool"}, line: 9, column: 20, endLine: 9, endColumn: 87 },
      { messageId: 'perRequestClient', data: {"api":"undici.Agent","opens":"an HTTP agent and its sockets"}, line: 10, column: 24, endLine: 10, endColumn: 54 },
    ],
  },
  {
    code: `import http from 'node:http';
import amqp from 'amqplib';
import { Kafka } from 'kafkajs';
const server = http.createServer();
server.on('request', async (req, res) => {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const kafka = new Kafka({ brokers: ['kafka:9092'] });
  res.end();
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"amqplib.connect","opens":"a connection"}, line: 6, column: 28, endLine: 6, endColumn: 63 },
      { messageId: 'perRequestClient', data: {"api":"kafkajs Kafka","opens":"a client and its connections"}, line: 7, column: 17, endLine: 7, endColumn: 55 },
    ],
  },
  {
    code: `import Koa from 'koa';
import Router from '@koa/router';
import * as redis from 'redis';
const app = new Koa();
const router = new Router();
app.use(async (ctx, next) => {
  ctx.state.cache = redis.createClient();
  await next();
});
router.get('/x', async (ctx) => {
  const cluster = redis.createCluster({ rootNodes: [] });
  ctx.body = 'ok';
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"redis.createClient","opens":"a connection"}, line: 7, column: 21, endLine: 7, endColumn: 41 },
      { messageId: 'perRequestClient', data: {"api":"redis.createCluster","opens":"a connection"}, line: 11, column: 19, endLine: 11, endColumn: 57 },
    ],
  },
    // Namespace import and alias in a Next.js route handler; destructured require in a Fastify hook; Express middleware.
  {
    filename: 'app/api/health/route.ts',
    mode: 'untyped',
    code: `import * as pg from 'pg';
export async function GET(request: Request) {
  const Pool = pg.Pool;
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  return Response.json((await pool.query('select 1')).rows);
}`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"pg.Pool","opens":"a connection pool"}, line: 4, column: 16, endLine: 4, endColumn: 72 },
    ],
  },
  {
    code: `const fastify = require('fastify')();
const { Client: PgClient } = require('pg');
fastify.addHook('preHandler', async (request) => {
  const client = new PgClient();
  await client.connect();
  request.db = client;
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"pg.Client","opens":"a connection"}, line: 4, column: 18, endLine: 4, endColumn: 32 },
    ],
  },
  {
    code: `import express from 'express';
import { createPool } from 'mysql2/promise';
const app = express();
app.use(async (req, res, next) => {
  res.locals.db = await createPool({ host: 'db', user: 'app' });
  next();
});`,
    errors: [
      { messageId: 'perRequestClient', data: {"api":"mysql2/promise.createPool","opens":"a connection pool"}, line: 5, column: 25, endLine: 5, endColumn: 64 },
    ],
  },
    // Untyped: a factory of the file is not known to run per request, but the handler's call of it
    // is: reported there, naming the factory.
    {
      mode: 'untyped',
      code: `import express from 'express';
import { Pool } from 'pg';
function openDb() {
  return new Pool({ connectionString: process.env.DATABASE_URL });
}
const app = express();
app.get('/x', async (req, res) => res.json((await openDb().query('select 1')).rows));`,
      errors: [{ messageId: 'perRequestClientThrough', data: { factory: 'openDb', api: 'pg.Pool', opens: 'a connection pool', chain: 'openDb → new pg.Pool' }, line: 7, column: 51, endLine: 7, endColumn: 59 }],
    },
    // Typed: a factory of this file called from a handler runs per request.
    {
      mode: 'typed',
      code: `import express from 'express';
import { Pool } from 'pg';
function openDb() {
  return new Pool({ connectionString: process.env.DATABASE_URL });
}
const app = express();
app.get('/x', async (req, res) => res.json((await openDb().query('select 1')).rows));`,
      errors: [client('pg.Pool', 'a connection pool', 4, 10, 66)],
    },
    // Typed: a class constructed per request opens a pool in its constructor.
    {
      mode: 'typed',
      code: `import express from 'express';
import { Pool } from 'pg';
class UserRepository {
  private readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
  list() { return this.pool.query('select * from users'); }
}
const app = express();
app.get('/users', async (req, res) => res.json((await new UserRepository().list()).rows));`,
      errors: [client('pg.Pool', 'a connection pool', 6, 17, 27)],
    },
    // Typed: a function of this file called from a handler registered in another file.
    {
      mode: 'typed',
      filename: 'lib/no-per-request-client-target.ts',
      code: `import { Pool } from 'pg';
export async function openTenantDb(tenant: string) {
  const pool = new Pool({ database: \`tenant_\${tenant}\` });
  return (await pool.query('select 1')).rows;
}`,
      errors: [client('pg.Pool', 'a connection pool', 3, 16, 58)],
    },
    // Plain JavaScript through espree.
    {
      code: `const express = require('express');
const { createClient } = require('redis');
const app = express();
app.get('/x', async (req, res) => {
  const redis = createClient();
  await redis.connect();
  res.send(await redis.get('x'));
});`,
      languageOptions: { parser: espree as never },
      errors: [client('redis.createClient', 'a connection', 5, 17, 31)],
    },
    // A project factory that creates a client per call, reached from a handler. Untyped: the
    // factory is not request-serving, so the handler's call is reported (the shared one is not)…
    {
      mode: 'untyped',
      code: `import express from 'express';
import { Pool } from 'pg';
function getDb() { return new Pool({ connectionString: process.env.DATABASE_URL }); }
let shared: Pool | undefined;
function getSharedDb() { return (shared ??= new Pool()); }
const app = express();
app.get('/users', async (req, res) => {
  const db = getDb();
  res.json((await db.query('select 1')).rows);
  res.json((await getSharedDb().query('select 1')).rows);
});`,
      errors: [{ messageId: 'perRequestClientThrough', data: { factory: 'getDb', api: 'pg.Pool', opens: 'a connection pool', chain: 'getDb → new pg.Pool' }, line: 8, column: 14, endLine: 8, endColumn: 21 }],
    },
    // …typed, the factory is request-serving and its creation is reported where it is, once.
    {
      mode: 'typed',
      code: `import express from 'express';
import { Pool } from 'pg';
function getDb() { return new Pool({ connectionString: process.env.DATABASE_URL }); }
let shared: Pool | undefined;
function getSharedDb() { return (shared ??= new Pool()); }
const app = express();
app.get('/users', async (req, res) => {
  const db = getDb();
  res.json((await db.query('select 1')).rows);
  res.json((await getSharedDb().query('select 1')).rows);
});`,
      errors: [client('pg.Pool', 'a connection pool', 3, 27, 83)],
    },
  ],
});
