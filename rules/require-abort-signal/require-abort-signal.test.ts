import * as espree from 'espree';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

type Error = InvalidCase['errors'][number];

const noDeadline = (api: string, line: number, column: number, endColumn: number): Error => ({
  messageId: 'noDeadline',
  data: { api },
  line,
  column,
  endLine: line,
  endColumn,
});

const STRICT: [object] = [{ requireSignalParam: true }];

const FORWARD_FIX = (effect: string): string => `It passes its options on to \`${effect}\`: give it a signal (one derived from the request, or \`AbortSignal.timeout(ms)\`).`;
const WRAPPER_FIX = (api: string, effect: string): string =>
  `Let \`${api}\` take a signal and pass it on to \`${effect}\`, or set a deadline there (\`signal: AbortSignal.timeout(ms)\`).`;
const through = (api: string, effect: string, chain: string, fix: string, line: number, column: number, endColumn: number): Error => ({
  messageId: 'noDeadlineThrough',
  data: { api, chain, effect, fix },
  line,
  column,
  endLine: line,
  endColumn,
});

const FETCH_WRAPPER = `import express from 'express';
const app = express();
async function api(path: string, init?: RequestInit) {
  return fetch(\`https://billing.example\${path}\`, { ...init, headers: { 'x-key': 'k' } });
}
`;

runRuleTests('require-abort-signal', {
  valid: [
    // A client created with a deadline in a base class's constructor, used by a subclass per request.
    `import axios, { type AxiosInstance } from 'axios';
import express from 'express';
class ExternalApi {
  protected axios: AxiosInstance;
  constructor(baseURL: string) {
    this.axios = axios.create({ baseURL, timeout: 5000 });
  }
  protected async get(path: string) {
    return (await this.axios.get(path)).data;
  }
}
class Movies extends ExternalApi {
  movie(id: string) {
    return this.get('/movie/' + id);
  }
}
const app = express();
app.get('/m/:id', async (req, res) => {
  const movies = new Movies('https://movies.example');
  res.json(await movies.movie(req.params.id));
});`,
    // A factory whose client has a deadline.
    `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
const getS3Client = () => new S3Client({ requestHandler: new NodeHttpHandler({ requestTimeout: 5000 }) });
const app = express();
app.get('/f', async (req, res) => { res.json(await getS3Client().send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))); });`,
    {
      mode: 'typed',
      code: `import express from 'express';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getBoundedS3Client } from './lib/require-abort-signal-s3.js';
const app = express();
app.get('/f', async (req, res) => { res.json(await getBoundedS3Client().send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))); });`,
    },
    // A fetch wrapper that forwards init, given a signal or a deadline by its callers.
    `${FETCH_WRAPPER}app.get('/a', async (req, res) => { res.json(await api('/a', { signal: AbortSignal.timeout(3000) })); });
app.get('/b', async (req, res) => { const ac = new AbortController(); res.on('close', () => ac.abort()); res.json(await api('/b', { signal: ac.signal })); });`,
    // Called only at start-up: the process, not a request, waits for it.
    `${FETCH_WRAPPER}await api('/warm-up');
async function main() { await api('/config'); app.listen(3000); }
void main();`,
    // A wrapper that sets its own deadline.
    `import express from 'express';
const app = express();
const getJson = (url: string) => fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.json());
app.get('/c', async (req, res) => { res.json(await getJson('https://x.example')); });`,
    // An interface whose implementations all pass a signal.
    {
      mode: 'typed',
      code: `import express from 'express';
import type { ArchiveBackend } from './lib/require-abort-signal-backends.js';
export function routes(archive: ArchiveBackend) {
  const app = express();
  app.post('/archive/:key', async (req, res) => { await archive.archive(req.params.key); res.end(); });
  return app;
}`,
    },
    // Given a signal, a deadline, an options object that may hold one; detached, shutdown and
    // cleanup code; start-up code; values that only look like signals or handlers.
    `export async function a(url: string, signal: AbortSignal) {
  await fetch(url, { signal });
  await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) });
}`,
    `import express from 'express';
const app = express();
app.get('/x', async (req, res) => {
  const r = await fetch('https://x.example', { signal: AbortSignal.timeout(5000) });
  res.json(await r.json());
});`,
    `export async function b(url: string, init: RequestInit, signal: AbortSignal) {
  await fetch(url, { ...init });
  await fetch(url, init);
}`,
    `export async function c(url: string, body: string, signal: AbortSignal) {
  const init = { method: 'POST', body, signal };
  await fetch(url, init);
  const later: RequestInit = { method: 'GET' };
  later.signal = signal;
  await fetch(url, later);
}`,
    `import express from 'express';
import axios from 'axios';
const api = axios.create({ baseURL: 'https://billing.internal', timeout: 3000 });
const app = express();
app.get('/invoices', async (req, res) => {
  const { data } = await axios.get('https://rates.example', { timeout: 2000 });
  res.json((await api.get('/invoices')).data);
});`,
    `import express from 'express';
import axios from 'axios';
axios.defaults.timeout = 5000;
const app = express();
app.get('/x', async (req, res) => res.json((await axios.get('https://x.example')).data));`,
    `import Fastify from 'fastify';
import got from 'got';
import ky from 'ky';
const app = Fastify();
app.get('/x', async () => {
  await got('https://a.example', { timeout: { request: 5000 } });
  return ky.get('https://b.example').json();
});`,
    `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
const s3 = new S3Client({ requestHandler: new NodeHttpHandler({ requestTimeout: 5000 }) });
const app = express();
app.get('/files/:key', async (req, res) => {
  const object = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: req.params.key }));
  res.send(object.Body);
});`,
    `const config = await (await fetch(process.env.CONFIG_URL!)).json();
export async function main() {
  const flags = await fetch('https://flags.internal');
  return flags.json();
}`,
    `export function watch(signal: AbortSignal) {
  signal.addEventListener('abort', () => {
    void fetch('https://jobs.internal/cancel', { method: 'POST' });
    fetch('https://jobs.internal/cancelled');
  });
}`,
    `import express from 'express';
const app = express();
app.post('/signup', async (req, res) => {
  const controller = new AbortController();
  res.on('close', () => { if (!res.writableFinished) controller.abort(); });
  await fetch('https://users.internal', { method: 'POST', body: JSON.stringify(req.body), signal: controller.signal });
  setTimeout(() => fetch('https://mail.internal/welcome', { method: 'POST' }), 0);
  fetch('https://analytics.internal/signup', { method: 'POST' }).catch(() => {});
  void fetch('https://audit.internal', { method: 'POST' });
  res.on('finish', () => fetch('https://metrics.internal/request'));
  res.sendStatus(201);
});`,
    `export default {
  async fetch(request: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) {
    ctx.waitUntil(fetch('https://analytics.internal', { method: 'POST' }));
    return new Response('ok');
  },
};`,
    `export async function d(url: string, signal: AbortSignal) {
  try {
    return await fetch(url, { signal });
  } catch (error) {
    await fetch('https://errors.internal', { method: 'POST' });
    throw error;
  } finally {
    await fetch('https://metrics.internal/done');
  }
}`,
    `export function kill(pid: number, signal: NodeJS.Signals) {
  process.kill(pid, signal);
  return fetch('https://audit.internal/kill');
}
process.on('SIGTERM', async (signal) => {
  await fetch('https://hooks.internal/shutdown');
});`,
    `import express from 'express';
const cache = new Map<string, string>();
const app = express();
app.get('/x', (req, res) => {
  function fetch(url: string) { return cache.get(url); }
  res.send(fetch('a') ?? cache.get('b'));
});`,
    `import express from 'express';
import { Pool } from 'pg';
import { readFile } from 'node:fs/promises';
const pool = new Pool();
const app = express();
app.get('/x', async (req, res) => {
  const { rows } = await pool.query('select 1');
  res.send((await readFile('template.html', 'utf8')) + rows.length);
});`,
    `export function helper(req: { url: string }, res: unknown) {
  return fetch('https://upstream.internal' + req.url);
}`,
    `import express from 'express';
const app = express();
app.get('etag');
app.set('trust proxy', 1);`,
    `const shutdown = new AbortController();
export async function poll() {
  return fetch('https://jobs.internal/next');
}`,
    `export async function forward(url: string, signal: AbortSignal) {
  const upstream = new Request(url, { signal, method: 'POST' });
  return fetch(upstream);
}`,
    { code: `export async function e(id: string, signal: AbortSignal) {
  return (await fetch(\`https://x.example/\${id}\`, { signal })).json();
}
export async function f({ id, signal }: { id: string; signal?: AbortSignal }) {
  return (await fetch(\`https://x.example/\${id}\`, { signal })).json();
}
export async function g(id: string, options: { signal?: AbortSignal; retries?: number } = {}) {
  return (await fetch(\`https://x.example/\${id}\`, { signal: options.signal })).json();
}
export async function bootstrap() {
  await fetch('https://x.example/warmup');
}`, options: STRICT },
    { code: `import type { RequestOptions } from './http-options';
export async function h(id: string, opts: RequestOptions) {
  return fetch(\`https://x.example/\${id}\`);
}`, options: STRICT },
    `import { Injectable } from '@nestjs/common';
@Injectable()
export class WeatherService {
  async forecast(city: string) {
    return (await fetch(\`https://api.weather.example/\${city}\`)).json();
  }
}`,
    `import { Hono } from 'hono';
const app = new Hono();
app.get('/x', async (c) => c.json(await (await fetch('https://x.example', { signal: c.req.raw.signal })).json()));`,
    `import { after } from 'next/server';
export async function POST(request: Request) {
  const body = await request.json();
  after(async () => { await fetch('https://audit.internal', { method: 'POST', body: JSON.stringify(body) }); });
  const res = await fetch('https://orders.internal', { method: 'POST', body: JSON.stringify(body), signal: request.signal });
  return Response.json(await res.json());
}`,
    `export async function i(signal: AbortSignal) {
  void (async () => {
    await fetch('https://warm.internal');
  })();
}`,
    `import express from 'express';
const app = express();
app.get('/x', async (req, res) => {
  // statelint-disable-next-line require-abort-signal -- the upstream enforces a 2 s deadline itself
  const r = await fetch('https://fast.internal');
  res.json(await r.json());
});`,
    `import Fastify from 'fastify';
const app = Fastify();
app.get('/users/:id', async (request) => {
  const res = await fetch(\`https://users.internal/\${request.params.id}\`, { signal: request.signal });
  return res.json();
});`,
    `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  const controller = new AbortController();
  ctx.req.on('close', () => controller.abort());
  ctx.body = await (await fetch('https://catalog.internal', { signal: controller.signal })).json();
});`,
    `export const handler = async (event, context) => {
  const signal = AbortSignal.timeout(context.getRemainingTimeInMillis() - 500);
  const res = await fetch(\`https://api.example/items/\${event.pathParameters.id}\`, { signal });
  return { statusCode: 200, body: await res.text() };
};`,
    `import http from 'node:http';
import { createTerminus } from '@godaddy/terminus';
export function start(signal: AbortSignal) {
  const server = http.createServer((req, res) => {
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    fetch('https://upstream.internal', { signal: ac.signal }).then((r) => r.arrayBuffer());
    res.end();
  });
  createTerminus(server, {
    signals: ['SIGTERM'],
    onSignal: async () => {
      await fetch('https://registry.internal/deregister', { method: 'POST' });
    },
  });
  return server;
}`,
    `import express from 'express';
const app = express();
app.get('/x', (req, res) => {
  const controller = new AbortController();
  queueMicrotask(() => { fetch('https://warm.internal/cache'); });
  process.nextTick(async () => { await fetch('https://warm.internal/other'); });
  res.end();
});`,
    `import express from 'express';
import got from 'got';
import { request } from 'undici';
const client = got.extend({ prefixUrl: 'https://inventory.internal', timeout: { request: 3000 } });
const app = express();
app.get('/stock/:sku', async (req, res) => {
  const stock = await client.get(\`stock/\${req.params.sku}\`).json();
  const { body } = await request('https://prices.internal/' + req.params.sku, { headersTimeout: 2000, bodyTimeout: 2000 });
  res.json({ stock, price: await body.json() });
});`,
    `import { exec } from 'node:child_process';
import { readFile } from 'node:fs/promises';
export async function render(name: string, signal: AbortSignal) {
  exec('make thumbnails', { signal }, () => {});
  return readFile(\`templates/\${name}\`, { encoding: 'utf8', signal });
}`,
    `export async function check(url: string) {
  const signal = 'SIGKILL';
  return fetch(url);
}`,
    `import express from 'express';
const app = express();
app.use(async (err, req, res, next) => {
  await fetch('https://errors.internal', { method: 'POST', body: String(err), signal: AbortSignal.timeout(1000) });
  next(err);
});`,
    `import { Controller, Post, Body } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
@Controller('payments')
export class PaymentsController {
  constructor(private readonly http: HttpService) {}
  @Post()
  async charge(@Body() body: unknown) {
    return this.http.post('https://psp.example/charges', body);
  }
}`,
    { code: `export async function fanOut(urls: string[], ...rest: unknown[]) {
  return Promise.all(urls.map((url) => fetch(url)));
}`, options: STRICT },
    `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export async function get(key: string, signal: AbortSignal) {
  return s3.send(new GetObjectCommand({ Bucket: 'b', Key: key }), { abortSignal: signal });
}`,
    // A submission raced against a short delay, its outcome discarded: deliberately detached (documenso).
    `import express from 'express';
const app = express();
app.post('/jobs', async (req, res) => {
  await Promise.race([
    fetch('https://jobs.internal/submit', { method: 'POST', body: JSON.stringify(req.body) }).catch(() => null),
    new Promise((resolve) => setTimeout(resolve, 150)),
  ]);
  res.sendStatus(202);
});`,
    // The absence of a signal handled on purpose (supabase/storage).
    `export async function load(url: string, timeoutMs: number) {
  const timeoutSignal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  if (timeoutSignal) return fetch(url, { signal: timeoutSignal });
  return fetch(url);
}`,
    {
      mode: 'typed',
      code: `import { SearchClient } from './lib/require-abort-signal-search.js';
const client = new SearchClient('https://search.internal');
export async function find(query: string, signal?: AbortSignal) {
  return signal ? client.search(query, { signal }) : client.search(query);
}`,
    },
    // Typed: a function that threads its signal into the work and leaves it out of the finalisation (supabase/storage).
    {
      mode: 'typed',
      code: `interface Tx { query(sql: string, options?: { signal?: AbortSignal }): Promise<void>; commit(): Promise<void> }
export async function inTransaction(tx: Tx, work: (tx: Tx, signal?: AbortSignal) => Promise<void>, abortSignal?: AbortSignal) {
  await tx.query('SAVEPOINT sp1');
  await work(tx, abortSignal);
  await tx.query('RELEASE SAVEPOINT sp1');
}`,
    },
    // Typed: a library absent from the catalogue, given its signal.
    {
      mode: 'typed',
      code: `import { SearchClient } from './lib/require-abort-signal-search.js';
const client = new SearchClient('https://search.internal');
export async function find(query: string, signal: AbortSignal) {
  await client.suggest(query, signal);
  return client.search(query, { limit: 10, signal });
}`,
    },
    // Untyped: the same calls are unknown without types.
    {
      mode: 'untyped',
      code: `import { SearchClient } from './lib/require-abort-signal-search.js';
const client = new SearchClient('https://search.internal');
export async function find(query: string, signal: AbortSignal) {
  return client.search(query, { limit: 10 });
}`,
    },
    // Typed: an options parameter whose type shows it may carry a signal.
    {
      mode: 'typed',
      code: `export async function load(url: string, init: RequestInit, signal: AbortSignal) {
  return fetch(url, init);
}`,
    },
    // Untyped: a URL held in a variable could be an options object for http.get: not reported.
    {
      mode: 'untyped',
      code: `import http from 'node:http';
import express from 'express';
const app = express();
const target = process.env.UPSTREAM!;
app.get('/x', (req, res) => { http.get(target, (up) => up.pipe(res)); });`,
    },
    // pages/api receives a Node request (no signal): with a signal made from it, nothing to report.
    {
      filename: 'pages/api/orders.js',
      mode: 'untyped',
      code: `export default async function handler(req, res) {
  const controller = new AbortController();
  req.on('close', () => controller.abort());
  const upstream = await fetch('https://orders.internal/recent', { signal: controller.signal });
  res.status(200).json(await upstream.json());
}`,
    },
    // A route file that is not under app/: GET is an ordinary export.
    {
      filename: 'src/lib/route.js',
      mode: 'untyped',
      code: `export async function GET(request) { return fetch('https://x.example'); }`,
    },
    // Plain JavaScript through espree.
    {
      code: `const axios = require('axios');
async function load(url, signal) { return (await axios.get(url, { signal })).data; }
module.exports = { load };`,
      languageOptions: { parser: espree as never },
    },
    // A controller aborted on close but kept to itself (not handed on through the request) is no request signal to suggest.
    `import express from 'express';
const app = express();
app.use((req, res, next) => {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  next();
});
app.get('/weather', async (req, res) => {
  res.json(await (await fetch('https://api.weather.example/v1', { signal: AbortSignal.timeout(5000) })).json());
});`,
  ],
  invalid: [
    // A client created without one in the base class's constructor (its field typed only as AxiosInstance): typed, reported at the call in the base class.
    {
      mode: 'typed',
      code: `import axios, { type AxiosInstance } from 'axios';
import express from 'express';
class ExternalApi {
  protected axios: AxiosInstance;
  constructor(baseURL: string) {
    this.axios = axios.create({ baseURL });
  }
  protected async get(path: string) {
    return (await this.axios.get(path)).data;
  }
}
class Movies extends ExternalApi {
  movie(id: string) {
    return this.get('/movie/' + id);
  }
}
const app = express();
app.get('/m/:id', async (req, res) => {
  const movies = new Movies('https://movies.example');
  res.json(await movies.movie(req.params.id));
});`,
      errors: [noDeadline('this.axios.get', 9, 19, 39)],
    },
    // Untyped: reported at the handler's call, through the subclass and the inherited method.
    {
      mode: 'untyped',
      code: `import axios, { type AxiosInstance } from 'axios';
import express from 'express';
class ExternalApi {
  protected axios: AxiosInstance;
  constructor(baseURL: string) {
    this.axios = axios.create({ baseURL });
  }
  protected async get(path: string) {
    return (await this.axios.get(path)).data;
  }
}
class Movies extends ExternalApi {
  movie(id: string) {
    return this.get('/movie/' + id);
  }
}
const app = express();
app.get('/m/:id', async (req, res) => {
  const movies = new Movies('https://movies.example');
  res.json(await movies.movie(req.params.id));
});`,
      errors: [through('movies.movie', 'this.axios.get', 'movies.movie → this.get → this.axios.get', WRAPPER_FIX('movies.movie', 'this.axios.get'), 20, 18, 45)],
    },
    // The project derives a signal from the request in a middleware: the message points at it.
    {
      code: `import express from 'express';
const app = express();
app.use((req: any, res, next) => {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  req.signal = controller.signal;
  next();
});
app.get('/weather', async (req, res) => {
  const upstream = await fetch('https://api.weather.example/v1');
  res.json(await upstream.json());
});`,
      errors: [
        { messageId: 'noDeadlineRequestSignal', data: { api: 'fetch', signal: 'req.signal', where: 'file.ts (line 4)' }, line: 10, column: 26, endLine: 10, endColumn: 65 },
      ],
    },
  {
    code: `export async function loadUser(id: string, signal: AbortSignal) {
  const res = await fetch(\`https://users.internal/users/\${id}\`);
  return res.json();
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"signal","pass":"{ signal }"}, line: 2, column: 21, endLine: 2, endColumn: 64, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"fetch"}, output: `export async function loadUser(id: string, signal: AbortSignal) {
  const res = await fetch(\`https://users.internal/users/\${id}\`, { signal });
  return res.json();
}` }] },
    ],
  },
  {
    code: `export async function loadUser({ id, signal }: { id: string; signal?: AbortSignal }) {
  return fetch(\`https://users.internal/users/\${id}\`, { headers: { accept: 'application/json' } });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"signal","pass":"{ signal }"}, line: 2, column: 10, endLine: 2, endColumn: 98, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"fetch"}, output: `export async function loadUser({ id, signal }: { id: string; signal?: AbortSignal }) {
  return fetch(\`https://users.internal/users/\${id}\`, { headers: { accept: 'application/json' }, signal });
}` }] },
    ],
  },
  {
    code: `export async function report(abortSignal: AbortSignal) {
  await fetch('https://metrics.internal/report', { method: 'POST', body: '{}' });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"abortSignal","pass":"{ signal: abortSignal }"}, line: 2, column: 9, endLine: 2, endColumn: 81, suggestions: [{ messageId: 'addSignal', data: {"signal":"abortSignal","api":"fetch"}, output: `export async function report(abortSignal: AbortSignal) {
  await fetch('https://metrics.internal/report', { method: 'POST', body: '{}', signal: abortSignal });
}` }] },
    ],
  },
  {
    code: `export async function withDeadline(url: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    return await fetch(url);
  } finally {
    clearTimeout(timer);
  }
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"controller.signal","pass":"{ signal: controller.signal }"}, line: 5, column: 18, endLine: 5, endColumn: 28, suggestions: [{ messageId: 'addSignal', data: {"signal":"controller.signal","api":"fetch"}, output: `export async function withDeadline(url: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    return await fetch(url, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}` }] },
    ],
  },
  {
    code: `export async function proxy(request: Request) {
  return fetch('https://upstream.internal/search');
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"request.signal","pass":"{ signal: request.signal }"}, line: 2, column: 10, endLine: 2, endColumn: 51, suggestions: [{ messageId: 'addSignal', data: {"signal":"request.signal","api":"fetch"}, output: `export async function proxy(request: Request) {
  return fetch('https://upstream.internal/search', { signal: request.signal });
}` }] },
    ],
  },
  {
    code: `import { Hono } from 'hono';
const app = new Hono();
app.get('/weather/:city', async (c) => {
  const res = await fetch(\`https://api.weather.example/v1/\${c.req.param('city')}\`);
  return c.json(await res.json());
});
export default app;`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"c.req.raw.signal","pass":"{ signal: c.req.raw.signal }"}, line: 4, column: 21, endLine: 4, endColumn: 83, suggestions: [{ messageId: 'addSignal', data: {"signal":"c.req.raw.signal","api":"fetch"}, output: `import { Hono } from 'hono';
const app = new Hono();
app.get('/weather/:city', async (c) => {
  const res = await fetch(\`https://api.weather.example/v1/\${c.req.param('city')}\`, { signal: c.req.raw.signal });
  return c.json(await res.json());
});
export default app;` }] },
    ],
  },
  {
    code: `export default {
  async fetch(request: Request, env: { API: string }) {
    const upstream = await fetch(env.API);
    return new Response(upstream.body);
  },
};`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"request.signal","pass":"{ signal: request.signal }"}, line: 3, column: 28, endLine: 3, endColumn: 42, suggestions: [{ messageId: 'addSignal', data: {"signal":"request.signal","api":"fetch"}, output: `export default {
  async fetch(request: Request, env: { API: string }) {
    const upstream = await fetch(env.API, { signal: request.signal });
    return new Response(upstream.body);
  },
};` }] },
    ],
  },
  {
    code: `Bun.serve({
  async fetch(req) {
    return fetch('https://upstream.internal' + new URL(req.url).pathname);
  },
});`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"req.signal","pass":"{ signal: req.signal }"}, line: 3, column: 12, endLine: 3, endColumn: 74, suggestions: [{ messageId: 'addSignal', data: {"signal":"req.signal","api":"fetch"}, output: `Bun.serve({
  async fetch(req) {
    return fetch('https://upstream.internal' + new URL(req.url).pathname, { signal: req.signal });
  },
});` }] },
    ],
  },
  {
    code: `import axios from 'axios';
export async function getQuote(symbol: string, signal: AbortSignal) {
  const { data } = await axios.get(\`https://quotes.example/\${symbol}\`);
  await axios.post('https://audit.example/log', { symbol });
  return data;
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"axios.get","signal":"signal","pass":"{ signal }"}, line: 3, column: 26, endLine: 3, endColumn: 71, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"axios.get"}, output: `import axios from 'axios';
export async function getQuote(symbol: string, signal: AbortSignal) {
  const { data } = await axios.get(\`https://quotes.example/\${symbol}\`, { signal });
  await axios.post('https://audit.example/log', { symbol });
  return data;
}` }] },
      { messageId: 'missingSignal', data: {"api":"axios.post","signal":"signal","pass":"{ signal }"}, line: 4, column: 9, endLine: 4, endColumn: 60, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"axios.post"}, output: `import axios from 'axios';
export async function getQuote(symbol: string, signal: AbortSignal) {
  const { data } = await axios.get(\`https://quotes.example/\${symbol}\`);
  await axios.post('https://audit.example/log', { symbol }, { signal });
  return data;
}` }] },
    ],
  },
  {
    code: `import axios from 'axios';
const api = axios.create({ baseURL: 'https://billing.internal', timeout: 3000 });
export async function invoices(customer: string, signal: AbortSignal) {
  return api.get('/invoices', { params: { customer } });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"api.get","signal":"signal","pass":"{ signal }"}, line: 4, column: 10, endLine: 4, endColumn: 56, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"api.get"}, output: `import axios from 'axios';
const api = axios.create({ baseURL: 'https://billing.internal', timeout: 3000 });
export async function invoices(customer: string, signal: AbortSignal) {
  return api.get('/invoices', { params: { customer }, signal });
}` }] },
    ],
  },
  {
    code: `import got from 'got';
import { request } from 'undici';
export async function both(signal: AbortSignal) {
  await got('https://a.example/health');
  await request('https://b.example/health', { method: 'GET' });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"got","signal":"signal","pass":"{ signal }"}, line: 4, column: 9, endLine: 4, endColumn: 40, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"got"}, output: `import got from 'got';
import { request } from 'undici';
export async function both(signal: AbortSignal) {
  await got('https://a.example/health', { signal });
  await request('https://b.example/health', { method: 'GET' });
}` }] },
      { messageId: 'missingSignal', data: {"api":"undici.request","signal":"signal","pass":"{ signal }"}, line: 5, column: 9, endLine: 5, endColumn: 63, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"undici.request"}, output: `import got from 'got';
import { request } from 'undici';
export async function both(signal: AbortSignal) {
  await got('https://a.example/health');
  await request('https://b.example/health', { method: 'GET', signal });
}` }] },
    ],
  },
  {
    code: `import https from 'node:https';
export function ping(signal: AbortSignal) {
  return new Promise((resolve) => {
    https.request('https://status.example', { method: 'HEAD' }, resolve).end();
  });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"https.request","signal":"signal","pass":"{ signal }"}, line: 4, column: 5, endLine: 4, endColumn: 73, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"https.request"}, output: `import https from 'node:https';
export function ping(signal: AbortSignal) {
  return new Promise((resolve) => {
    https.request('https://status.example', { method: 'HEAD', signal }, resolve).end();
  });
}` }] },
    ],
  },
  {
    code: `import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
export async function waitReady(queue: EventEmitter, signal: AbortSignal) {
  await sleep(250);
  await once(queue, 'ready');
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"timers/promises.setTimeout","signal":"signal","pass":"{ signal }"}, line: 5, column: 9, endLine: 5, endColumn: 19, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"timers/promises.setTimeout"}, output: `import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
export async function waitReady(queue: EventEmitter, signal: AbortSignal) {
  await sleep(250, undefined, { signal });
  await once(queue, 'ready');
}` }] },
      { messageId: 'missingSignal', data: {"api":"events.once","signal":"signal","pass":"{ signal }"}, line: 6, column: 9, endLine: 6, endColumn: 29, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"events.once"}, output: `import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
export async function waitReady(queue: EventEmitter, signal: AbortSignal) {
  await sleep(250);
  await once(queue, 'ready', { signal });
}` }] },
    ],
  },
  {
    code: `import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
export async function convert(input: Readable, output: Writable, signal: AbortSignal) {
  await pipeline(input, output);
  execFile('convert', ['in.png', 'out.webp']);
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"stream/promises.pipeline","signal":"signal","pass":"{ signal }"}, line: 5, column: 9, endLine: 5, endColumn: 32, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"stream/promises.pipeline"}, output: `import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
export async function convert(input: Readable, output: Writable, signal: AbortSignal) {
  await pipeline(input, output, { signal });
  execFile('convert', ['in.png', 'out.webp']);
}` }] },
    ],
  },
  {
    code: `import { readFile } from 'node:fs/promises';
import readline from 'node:readline';
export async function template(name: string, signal: AbortSignal) {
  const rl = readline.createInterface({ input: process.stdin });
  return readFile(\`templates/\${name}.html\`, { encoding: 'utf8' });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"readline.createInterface","signal":"signal","pass":"{ signal }"}, line: 4, column: 14, endLine: 4, endColumn: 64, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"readline.createInterface"}, output: `import { readFile } from 'node:fs/promises';
import readline from 'node:readline';
export async function template(name: string, signal: AbortSignal) {
  const rl = readline.createInterface({ input: process.stdin, signal });
  return readFile(\`templates/\${name}.html\`, { encoding: 'utf8' });
}` }] },
      { messageId: 'missingSignal', data: {"api":"fs/promises.readFile","signal":"signal","pass":"{ signal }"}, line: 5, column: 10, endLine: 5, endColumn: 66, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"fs/promises.readFile"}, output: `import { readFile } from 'node:fs/promises';
import readline from 'node:readline';
export async function template(name: string, signal: AbortSignal) {
  const rl = readline.createInterface({ input: process.stdin });
  return readFile(\`templates/\${name}.html\`, { encoding: 'utf8', signal });
}` }] },
    ],
  },
  {
    code: `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({ region: 'eu-west-1' });
export async function download(key: string, signal: AbortSignal) {
  return s3.send(new GetObjectCommand({ Bucket: 'avatars', Key: key }));
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"s3.send","signal":"signal","pass":"{ abortSignal: signal }"}, line: 4, column: 10, endLine: 4, endColumn: 72, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"s3.send"}, output: `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({ region: 'eu-west-1' });
export async function download(key: string, signal: AbortSignal) {
  return s3.send(new GetObjectCommand({ Bucket: 'avatars', Key: key }), { abortSignal: signal });
}` }] },
    ],
  },
  {
    code: `import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
const openai = new OpenAI();
const anthropic = new Anthropic();
export async function summarize(text: string, signal: AbortSignal) {
  await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
  return anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: text }] });
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"openai.chat.completions.create","signal":"signal","pass":"{ signal }"}, line: 6, column: 9, endLine: 6, endColumn: 110, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"openai.chat.completions.create"}, output: `import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
const openai = new OpenAI();
const anthropic = new Anthropic();
export async function summarize(text: string, signal: AbortSignal) {
  await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }, { signal });
  return anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: text }] });
}` }] },
      { messageId: 'missingSignal', data: {"api":"anthropic.messages.create","signal":"signal","pass":"{ signal }"}, line: 7, column: 10, endLine: 7, endColumn: 129, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"anthropic.messages.create"}, output: `import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
const openai = new OpenAI();
const anthropic = new Anthropic();
export async function summarize(text: string, signal: AbortSignal) {
  await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
  return anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: text }] }, { signal });
}` }] },
    ],
  },
  {
    code: `export async function post(url: string, body: string, signal: AbortSignal) {
  const init = { method: 'POST', body };
  return fetch(url, init);
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"signal","pass":"{ signal }"}, line: 3, column: 10, endLine: 3, endColumn: 26 },
    ],
  },
  {
    code: `const { request: undiciRequest } = require('undici');
const timers = require('node:timers/promises');
async function poll(url, signal) {
  await timers.setTimeout(1000, undefined, {});
  return undiciRequest(url);
}
module.exports = { poll };`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"timers/promises.setTimeout","signal":"signal","pass":"{ signal }"}, line: 4, column: 9, endLine: 4, endColumn: 47, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"timers/promises.setTimeout"}, output: `const { request: undiciRequest } = require('undici');
const timers = require('node:timers/promises');
async function poll(url, signal) {
  await timers.setTimeout(1000, undefined, { signal });
  return undiciRequest(url);
}
module.exports = { poll };` }] },
      { messageId: 'missingSignal', data: {"api":"undici.request","signal":"signal","pass":"{ signal }"}, line: 5, column: 10, endLine: 5, endColumn: 28, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"undici.request"}, output: `const { request: undiciRequest } = require('undici');
const timers = require('node:timers/promises');
async function poll(url, signal) {
  await timers.setTimeout(1000, undefined, {});
  return undiciRequest(url, { signal });
}
module.exports = { poll };` }] },
    ],
  },
  {
    code: `import fetchPolyfill from 'node-fetch';
import ky from 'ky';
export async function legacy(signal: AbortSignal) {
  await fetchPolyfill('https://legacy.example');
  return ky('https://modern.example').json();
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"node-fetch","signal":"signal","pass":"{ signal }"}, line: 4, column: 9, endLine: 4, endColumn: 48, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"node-fetch"}, output: `import fetchPolyfill from 'node-fetch';
import ky from 'ky';
export async function legacy(signal: AbortSignal) {
  await fetchPolyfill('https://legacy.example', { signal });
  return ky('https://modern.example').json();
}` }] },
      { messageId: 'missingSignal', data: {"api":"ky","signal":"signal","pass":"{ signal }"}, line: 5, column: 10, endLine: 5, endColumn: 38, suggestions: [{ messageId: 'addSignal', data: {"signal":"signal","api":"ky"}, output: `import fetchPolyfill from 'node-fetch';
import ky from 'ky';
export async function legacy(signal: AbortSignal) {
  await fetchPolyfill('https://legacy.example');
  return ky('https://modern.example', { signal }).json();
}` }] },
    ],
  },
  {
    code: `export async function outer(signal: AbortSignal) {
  const controller = new AbortController();
  return fetch('https://x.example');
}`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"signal","pass":"{ signal }"}, line: 3, column: 10, endLine: 3, endColumn: 36 },
    ],
  },
  {
    code: `import express from 'express';
const app = express();
app.get('/weather', async (req, res) => {
  const upstream = await fetch(\`https://api.weather.example/v1?city=\${req.query.city}\`);
  res.json(await upstream.json());
});`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 4, column: 26, endLine: 4, endColumn: 88 },
    ],
  },
  {
    code: `import { Router } from 'express';
import axios from 'axios';
export const router = Router();
router.post('/payments', async (req, res) => {
  const { data } = await axios.post('https://psp.example/charges', req.body);
  res.status(201).json(data);
});`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"axios.post"}, line: 5, column: 26, endLine: 5, endColumn: 77 },
    ],
  },
  {
    code: `const express = require('express');
const got = require('got');
const app = express();
app.route('/rates').get(async (req, res) => {
  res.json(await got('https://rates.example/latest').json());
});`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"got"}, line: 5, column: 18, endLine: 5, endColumn: 53 },
    ],
  },
  {
    code: `import Fastify from 'fastify';
const fastify = Fastify({ logger: true });
fastify.get('/users/:id', async (request, reply) => {
  const res = await fetch(\`https://users.internal/\${request.params.id}\`);
  return res.json();
});
fastify.route({
  method: 'POST',
  url: '/hooks',
  preHandler: async (request) => { await fetch('https://auth.internal/verify'); },
  handler: async (request, reply) => fetch('https://hooks.internal', { method: 'POST' }),
});`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 4, column: 21, endLine: 4, endColumn: 73 },
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 10, column: 42, endLine: 10, endColumn: 79 },
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 11, column: 38, endLine: 11, endColumn: 89 },
    ],
  },
  {
    code: `import type { FastifyInstance } from 'fastify';
export default async function routes(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    await fetch('https://flags.internal/evaluate');
  });
  app.get('/health', async () => (await fetch('https://db-proxy.internal/health')).ok);
}`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 4, column: 11, endLine: 4, endColumn: 51 },
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 6, column: 41, endLine: 6, endColumn: 82 },
    ],
  },
  {
    code: `import Koa from 'koa';
import Router from '@koa/router';
const app = new Koa();
const router = new Router();
app.use(async (ctx, next) => {
  ctx.state.flags = await (await fetch('https://flags.internal')).json();
  await next();
});
router.get('/orders', async (ctx) => {
  ctx.body = await (await fetch('https://orders.internal/list')).json();
});
app.use(router.routes());`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 6, column: 34, endLine: 6, endColumn: 65 },
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 10, column: 27, endLine: 10, endColumn: 64 },
    ],
  },
  {
    code: `import { Controller, Get, Param } from '@nestjs/common';
@Controller('forecast')
export class ForecastController {
  @Get(':city')
  async forecast(@Param('city') city: string) {
    const res = await fetch(\`https://api.weather.example/v1/\${city}\`);
    return res.json();
  }
}`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 6, column: 23, endLine: 6, endColumn: 70 },
    ],
  },
  {
    code: `import http from 'node:http';
const server = http.createServer(async (req, res) => {
  const upstream = await fetch('https://upstream.internal' + req.url);
  res.end(await upstream.text());
});
server.on('request', async (req) => {
  await fetch('https://audit.internal', { method: 'POST', body: req.url });
});
server.listen(8080);`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 3, column: 26, endLine: 3, endColumn: 70 },
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 7, column: 9, endLine: 7, endColumn: 75 },
    ],
  },
  {
    code: `export const handler = async (event, context) => {
  const res = await fetch(\`https://api.example/items/\${event.pathParameters.id}\`);
  return { statusCode: 200, body: await res.text() };
};`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 2, column: 21, endLine: 2, endColumn: 82 },
    ],
  },
  {
    code: `import express from 'express';
import axios from 'axios';
const router = express.Router();
async function listRepos(req, res) {
  const { data } = await axios.get(\`https://api.github.com/users/\${req.params.user}/repos\`);
  res.json(data);
}
const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
router.get('/repos/:user', listRepos);
router.get('/stars/:user', asyncHandler(async (req, res) => {
  res.json((await axios.get(\`https://api.github.com/users/\${req.params.user}/starred\`)).data);
}));
const users = { show: async (req, res) => res.json(await (await fetch('https://users.internal')).json()) };
router.get('/users/:id', users.show);
export default router;`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"axios.get"}, line: 5, column: 26, endLine: 5, endColumn: 92 },
      { messageId: 'noDeadline', data: {"api":"axios.get"}, line: 11, column: 19, endLine: 11, endColumn: 87 },
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 13, column: 65, endLine: 13, endColumn: 96 },
    ],
  },
  {
    code: `import type { Request, Response } from 'express';
export async function avatar(req: Request, res: Response) {
  const image = await fetch(\`https://gravatar.example/\${req.params.hash}\`);
  res.type('png').send(Buffer.from(await image.arrayBuffer()));
}`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 3, column: 23, endLine: 3, endColumn: 75 },
    ],
  },
  {
    code: `import express from 'express';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import axios from 'axios';
const s3 = new S3Client({ region: 'eu-west-1' });
const billing = axios.create({ baseURL: 'https://billing.internal' });
const app = express();
app.put('/files/:key', async (req, res) => {
  await s3.send(new PutObjectCommand({ Bucket: 'files', Key: req.params.key, Body: req.body }));
  await billing.post('/usage', { bytes: req.body.length });
  res.sendStatus(204);
});`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"s3.send"}, line: 8, column: 9, endLine: 8, endColumn: 96 },
      { messageId: 'noDeadline', data: {"api":"billing.post"}, line: 9, column: 9, endLine: 9, endColumn: 59 },
    ],
  },
  {
    code: `import { Hono } from 'hono';
const app = new Hono().basePath('/api');
app.post('/translate', async (c) => {
  const body = await c.req.json();
  const res = await fetch('https://translate.internal', { method: 'POST', body: JSON.stringify(body), signal: undefined });
  return c.json(await res.json());
});`,
    errors: [
      { messageId: 'missingSignal', data: {"api":"fetch","signal":"c.req.raw.signal","pass":"{ signal: c.req.raw.signal }"}, line: 5, column: 21, endLine: 5, endColumn: 123, suggestions: [{ messageId: 'addSignal', data: {"signal":"c.req.raw.signal","api":"fetch"}, output: `import { Hono } from 'hono';
const app = new Hono().basePath('/api');
app.post('/translate', async (c) => {
  const body = await c.req.json();
  const res = await fetch('https://translate.internal', { method: 'POST', body: JSON.stringify(body), signal: c.req.raw.signal });
  return c.json(await res.json());
});` }] },
    ],
  },
  {
    code: `export async function getUser(id: string) {
  const res = await fetch(\`https://users.internal/\${id}\`);
  return res.json();
}`,
    options: [{ requireSignalParam: true }],
    errors: [
      { messageId: 'signalParam', data: {"name":"getUser","api":"fetch"}, line: 1, column: 23, endLine: 1, endColumn: 30 },
    ],
  },
  {
    code: `import axios from 'axios';
export const getRates = async (base: string, opts: { cache: boolean }) => (await axios.get(\`https://rates.example/\${base}\`)).data;`,
    options: [{ requireSignalParam: true }],
    errors: [
      { messageId: 'signalParam', data: {"name":"getRates","api":"axios.get"}, line: 2, column: 14, endLine: 2, endColumn: 22 },
    ],
  },
  {
    code: `exports.loadConfig = async function (name) {
  return (await fetch('https://config.internal/' + name)).json();
};`,
    options: [{ requireSignalParam: true }],
    errors: [
      { messageId: 'signalParam', data: {"name":"loadConfig","api":"fetch"}, line: 1, column: 9, endLine: 1, endColumn: 19 },
    ],
  },
  {
    code: `import axios from 'axios';
interface LoadOptions { retries?: number }
export async function load(id: string, options: LoadOptions) {
  return axios.get(\`/x/\${id}\`);
}`,
    options: [{ requireSignalParam: true }],
    errors: [
      { messageId: 'signalParam', data: {"name":"load","api":"axios.get"}, line: 3, column: 23, endLine: 3, endColumn: 27 },
    ],
  },
  {
    code: `import express from 'express';
const app = express();
app.get('/quote', async (req, res) => {
  // A race with a timer is no deadline: the losing fetch runs on.
  const quote = await Promise.race([fetch('https://quotes.internal/latest'), new Promise((_, reject) => setTimeout(reject, 2000))]);
  res.json(quote);
});`,
    errors: [
      { messageId: 'noDeadline', data: {"api":"fetch"}, line: 5, column: 37, endLine: 5, endColumn: 76 },
    ],
  },
    // Checking `signal.aborted` first is no reason to leave the signal out (supabase/storage).
    {
      code: `import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
export async function copy(source: Readable, target: Writable, signal?: AbortSignal) {
  if (signal?.aborted) throw new Error('aborted');
  await pipeline(source, target);
}`,
      errors: [{ messageId: 'missingSignal', data: { api: 'stream/promises.pipeline', signal: 'signal', pass: '{ signal }' }, line: 5, column: 9, endLine: 5, endColumn: 33, suggestions: [{ messageId: 'addSignal', data: { signal: 'signal', api: 'stream/promises.pipeline' }, output: `import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
export async function copy(source: Readable, target: Writable, signal?: AbortSignal) {
  if (signal?.aborted) throw new Error('aborted');
  await pipeline(source, target, { signal });
}` }] }],
    },
    // Next.js route handlers (app/**/route.ts), middleware; pages/api handlers have no request signal.
    {
      filename: 'app/api/orders/route.js',
      mode: 'untyped',
      code: `export async function GET(request) {
  const res = await fetch('https://orders.internal/recent');
  return Response.json(await res.json());
}`,
      errors: [
        { messageId: 'missingSignal', data: {"api":"fetch","signal":"request.signal","pass":"{ signal: request.signal }"}, line: 2, column: 21, endLine: 2, endColumn: 60, suggestions: [{ messageId: 'addSignal', data: {"signal":"request.signal","api":"fetch"}, output: `export async function GET(request) {
  const res = await fetch('https://orders.internal/recent', { signal: request.signal });
  return Response.json(await res.json());
}` }] },
      ],
    },
    {
      filename: 'pages/api/orders.js',
      mode: 'untyped',
      code: `export default async function handler(req, res) {
  const upstream = await fetch('https://orders.internal/recent');
  res.status(200).json(await upstream.json());
}`,
      errors: [noDeadline('fetch', 2, 26, 65)],
    },
    {
      filename: 'src/middleware.js',
      mode: 'untyped',
      code: `import { NextResponse } from 'next/server';
export async function middleware(request) {
  const flags = await fetch('https://flags.internal/evaluate');
  return NextResponse.next();
}`,
      errors: [
        { messageId: 'missingSignal', data: {"api":"fetch","signal":"request.signal","pass":"{ signal: request.signal }"}, line: 3, column: 23, endLine: 3, endColumn: 63, suggestions: [{ messageId: 'addSignal', data: {"signal":"request.signal","api":"fetch"}, output: `import { NextResponse } from 'next/server';
export async function middleware(request) {
  const flags = await fetch('https://flags.internal/evaluate', { signal: request.signal });
  return NextResponse.next();
}` }] },
      ],
    },
    // Typed: a library absent from the catalogue (a local .d.ts) is found by its signature.
    {
      mode: 'typed',
      code: `import { SearchClient } from './lib/require-abort-signal-search.js';
const client = new SearchClient('https://search.internal');
export async function find(query: string, signal: AbortSignal) {
  const hints = await client.suggest(query);
  return client.search(query, { limit: 10 });
}`,
      errors: [
        { messageId: 'missingSignal', data: { api: 'client.suggest', signal: 'signal', pass: 'client.suggest(…, signal)' }, line: 4, column: 23, endLine: 4, endColumn: 44, suggestions: [{ messageId: 'addSignal', data: { signal: 'signal', api: 'client.suggest' }, output: `import { SearchClient } from './lib/require-abort-signal-search.js';
const client = new SearchClient('https://search.internal');
export async function find(query: string, signal: AbortSignal) {
  const hints = await client.suggest(query, signal);
  return client.search(query, { limit: 10 });
}` }] },
        { messageId: 'missingSignal', data: { api: 'client.search', signal: 'signal', pass: '{ signal }' }, line: 5, column: 10, endLine: 5, endColumn: 45, suggestions: [{ messageId: 'addSignal', data: { signal: 'signal', api: 'client.search' }, output: `import { SearchClient } from './lib/require-abort-signal-search.js';
const client = new SearchClient('https://search.internal');
export async function find(query: string, signal: AbortSignal) {
  const hints = await client.suggest(query);
  return client.search(query, { limit: 10, signal });
}` }] },
      ],
    },
    // Typed: the project's own function that takes a signal, called without it (Go's contextcheck).
    {
      mode: 'typed',
      code: `async function lookup(id: string, signal?: AbortSignal) {
  return (await fetch(\`https://users.internal/\${id}\`, { signal })).json();
}
export async function profile(id: string, signal: AbortSignal) {
  return lookup(id);
}`,
      errors: [
        { messageId: 'missingSignal', data: { api: 'lookup', signal: 'signal', pass: 'lookup(…, signal)' }, line: 5, column: 10, endLine: 5, endColumn: 20, suggestions: [{ messageId: 'addSignal', data: { signal: 'signal', api: 'lookup' }, output: `async function lookup(id: string, signal?: AbortSignal) {
  return (await fetch(\`https://users.internal/\${id}\`, { signal })).json();
}
export async function profile(id: string, signal: AbortSignal) {
  return lookup(id, signal);
}` }] },
      ],
    },
    // Typed: an options object whose type cannot hold a signal is no excuse.
    {
      mode: 'typed',
      code: `export async function load(url: string, signal: AbortSignal) {
  const init = { method: 'GET' } as { method: string };
  return fetch(url, init);
}`,
      errors: [{ messageId: 'missingSignal', data: { api: 'fetch', signal: 'signal', pass: '{ signal }' }, line: 3, column: 10, endLine: 3, endColumn: 26, suggestions: [] }],
    },
    // Untyped: a helper of the handler's file is not request-serving, but the request it makes is
    // reached from the handler through it: reported at the call, naming the chain.
    {
      mode: 'untyped',
      code: `import express from 'express';
const app = express();
async function loadForecast(city: string) {
  return (await fetch(\`https://api.weather.example/\${city}\`)).json();
}
app.get('/forecast/:city', async (req, res) => res.json(await loadForecast(req.params.city)));`,
      errors: [through('loadForecast', 'fetch', 'loadForecast → fetch', WRAPPER_FIX('loadForecast', 'fetch'), 6, 63, 92)],
    },
    // Typed: a helper called from a handler is request-serving (transitively).
    {
      mode: 'typed',
      code: `import express from 'express';
const app = express();
async function loadForecast(city: string) {
  return (await fetch(\`https://api.weather.example/\${city}\`)).json();
}
app.get('/forecast/:city', async (req, res) => res.json(await loadForecast(req.params.city)));`,
      errors: [noDeadline('fetch', 4, 17, 61)],
    },
    // Typed: a function of this file called from a route registered in another file.
    {
      mode: 'typed',
      filename: 'lib/require-abort-signal-target.ts',
      code: `export async function loadForecast(city: string) {
  const res = await fetch(\`https://api.weather.example/v1/\${city}\`);
  return res.json();
}`,
      errors: [noDeadline('fetch', 2, 21, 68)],
    },
    // Typed: routes added to a router created in another module.
    {
      mode: 'typed',
      code: `import { api } from './lib/require-abort-signal-app.js';
api.get('/quotes', async (req, res) => {
  res.json(await (await fetch('https://quotes.internal/latest')).json());
});`,
      errors: [noDeadline('fetch', 3, 25, 64)],
    },
    // Typed (strict): an options type known to have no signal.
    {
      mode: 'typed',
      code: `import type { ReportOptions } from './lib/require-abort-signal-search.js';
export async function exportReport(id: string, options: ReportOptions) {
  return fetch(\`https://reports.internal/\${id}.\${options.format}\`);
}`,
      options: STRICT,
      errors: [{ messageId: 'signalParam', data: { name: 'exportReport', api: 'fetch' }, line: 2, column: 23, endLine: 2, endColumn: 35 }],
    },
    // Plain JavaScript through espree.
    {
      code: `const express = require('express');
const axios = require('axios');
const app = express();
app.get('/rates', async (req, res) => res.json((await axios.get('https://rates.example/latest')).data));`,
      languageOptions: { parser: espree as never },
      errors: [noDeadline('axios.get', 4, 55, 96)],
    },
    // A fetch wrapper forwarding init, called per request with nothing that carries a signal.
    {
      code: `${FETCH_WRAPPER}app.get('/invoices', async (req, res) => {
  res.json(await api('/invoices'));
  res.json(await api('/refunds', { method: 'POST' }));
});`,
      errors: [
        through('api', 'fetch', 'api → fetch', FORWARD_FIX('fetch'), 7, 18, 34),
        through('api', 'fetch', 'api → fetch', FORWARD_FIX('fetch'), 8, 18, 53),
      ],
    },
    // https.get in a new Promise executor of a helper: untyped, reported at the call (the helper is not request-serving)…
    {
      mode: 'untyped',
      code: `import express from 'express';
import https from 'node:https';
const app = express();
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https.get(url, (r) => { let body = ''; r.on('data', (c) => (body += c)); r.on('end', () => resolve(JSON.parse(body))); }).on('error', reject);
  });
}
app.get('/rates', async (req, res) => { res.json(await getJson('https://rates.example')); });`,
      errors: [through('getJson', 'https.get', 'getJson → https.get', WRAPPER_FIX('getJson', 'https.get'), 9, 56, 88)],
    },
    // …typed, where the request is made (the helper is reached from the route): once, not twice.
    {
      mode: 'typed',
      code: `import express from 'express';
import https from 'node:https';
const app = express();
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https.get(url, (r) => { let body = ''; r.on('data', (c) => (body += c)); r.on('end', () => resolve(JSON.parse(body))); }).on('error', reject);
  });
}
app.get('/rates', async (req, res) => { res.json(await getJson('https://rates.example')); });`,
      errors: [noDeadline('https.get', 6, 5, 126)],
    },
    // Interface and abstract dispatch: the program's implementations make the request.
    {
      mode: 'typed',
      code: `import express from 'express';
import type { Notifier, UploadBackend } from './lib/require-abort-signal-backends.js';
export function routes(backend: UploadBackend, notifier: Notifier) {
  const app = express();
  app.put('/files/:key', async (req, res) => {
    await backend.upload(req.params.key, req.body);
    await notifier.notify('uploaded');
    res.end();
  });
  return app;
}`,
      errors: [
        through('backend.upload', 'fetch', 'backend.upload → fetch', WRAPPER_FIX('backend.upload', 'fetch'), 6, 11, 51),
        through('notifier.notify', 'fetch', 'notifier.notify → fetch', WRAPPER_FIX('notifier.notify', 'fetch'), 7, 11, 38),
      ],
    },
    // Untyped: \`this.backend.upload()\` of a field typed by an interface of the file.
    {
      mode: 'untyped',
      code: `import express from 'express';
interface Backend { upload(body: string): Promise<unknown> }
class HttpBackend implements Backend { upload(body: string) { return fetch('https://blobs.example', { method: 'PUT', body }); } }
const app = express();
class Uploads {
  constructor(private readonly backend: Backend) {
    app.put('/u', async (req, res) => { await this.backend.upload(req.body); res.end(); });
  }
}
export const uploads = new Uploads(new HttpBackend());`,
      errors: [through('this.backend.upload', 'fetch', 'this.backend.upload → fetch', WRAPPER_FIX('this.backend.upload', 'fetch'), 7, 47, 76)],
    },
    // Helpers imported from another module: typed, the helper's own request is reported where it is
    // made (it is reached from the route); the forwarding wrapper needs a signal from the route.
    {
      mode: 'typed',
      code: `import express from 'express';
import { api, getJson } from './lib/require-abort-signal-http.js';
const app = express();
app.get('/a', async (req, res) => { res.json(await getJson('https://x.example')); res.json(await api('/b')); });`,
      errors: [through('api', 'fetch', 'api → fetch', FORWARD_FIX('fetch'), 4, 98, 107)],
    },
    // …untyped, the program model reads the imported module from disk: both reported at the route.
    {
      mode: 'untyped',
      code: `import express from 'express';
import { api, getJson } from './lib/require-abort-signal-http.js';
const app = express();
app.get('/a', async (req, res) => { res.json(await getJson('https://x.example')); res.json(await api('/b')); });`,
      errors: [
        through('getJson', 'fetch', 'getJson → fetch', WRAPPER_FIX('getJson', 'fetch'), 4, 52, 80),
        through('api', 'fetch', 'api → fetch', FORWARD_FIX('fetch'), 4, 98, 107),
      ],
    },
    // Factories: the client \`getS3Client()\` returns is judged like a module-level client.
    {
      code: `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
let client: S3Client | undefined;
function getS3Client() { return (client ??= new S3Client({ region: 'eu-west-1' })); }
const app = express();
app.get('/files/:key', async (req, res) => {
  const s3 = getS3Client();
  const object = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: req.params.key }));
  await getS3Client().send(new GetObjectCommand({ Bucket: 'b', Key: 'x' }));
  res.json(object);
});`,
      errors: [noDeadline('s3.send', 8, 24, 91), noDeadline('getS3Client().send', 9, 9, 76)],
    },
    {
      mode: 'typed',
      code: `import express from 'express';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getS3Client } from './lib/require-abort-signal-s3.js';
const app = express();
app.get('/f', async (req, res) => { res.json(await getS3Client().send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))); });`,
      errors: [noDeadline('getS3Client().send', 5, 52, 119)],
    },
    // Catalogue: got's named export, ClickHouse's abort_signal, Azure Storage's abortSignal.
    {
      code: `import express from 'express';
import { got } from 'got';
import { createClient } from '@clickhouse/client';
import { BlobServiceClient } from '@azure/storage-blob';
const clickhouse = createClient({ url: 'http://ch:8123' });
const blobs = BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true');
const app = express();
app.get('/a', async (req, res) => { res.json(await got('https://a.example').json()); });
export async function report(signal: AbortSignal) {
  return clickhouse.query({ query: 'SELECT 1' });
}
app.get('/b', async (req, res) => { res.json(await blobs.getProperties()); });`,
      errors: [
        noDeadline('got', 8, 52, 76),
        { messageId: 'missingSignal', data: { api: 'clickhouse.query', signal: 'signal', pass: '{ abort_signal: signal }' }, line: 10, column: 10, endLine: 10, endColumn: 49, suggestions: [{ messageId: 'addSignal', data: { signal: 'signal', api: 'clickhouse.query' }, output: `import express from 'express';
import { got } from 'got';
import { createClient } from '@clickhouse/client';
import { BlobServiceClient } from '@azure/storage-blob';
const clickhouse = createClient({ url: 'http://ch:8123' });
const blobs = BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true');
const app = express();
app.get('/a', async (req, res) => { res.json(await got('https://a.example').json()); });
export async function report(signal: AbortSignal) {
  return clickhouse.query({ query: 'SELECT 1', abort_signal: signal });
}
app.get('/b', async (req, res) => { res.json(await blobs.getProperties()); });` }] },
        noDeadline('blobs.getProperties', 12, 52, 73),
      ],
    },
  ],
});
