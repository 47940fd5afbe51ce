import * as espree from 'espree';
import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('no-module-state', {
  valid: [
    // Constants and lookup tables only read at runtime.
    `const MAX = 10;
const ROLES = ['admin', 'user'];
const CODES = new Map([['a', 1]]);
export const isAdmin = (role: string) => ROLES.includes(role) && CODES.get(role) !== MAX;`,
    // Frozen objects and `as const` cannot change.
    `const LIMITS = Object.freeze({ body: 1 });
const MODES = { fast: 1 } as const;
export function raise() { (LIMITS as any).body = 2; return MODES.fast; }`,
    // A table built while the module loads: top-level code, a loop, an IIFE, a forEach.
    `const table = new Map<string, number>();
for (const [k, v] of Object.entries({ a: 1 })) table.set(k, v);
const routes: string[] = [];
(function () { routes.push('/a'); })();
const byName: Record<string, number> = {};
['a', 'b'].forEach((n) => { byName[n] = n.length; });
export const lookup = (k: string) => table.get(k) ?? byName[k] ?? routes[0];`,
    // A function only ever called while the module loads.
    `const handlers: string[] = [];
function register(name: string) { handlers.push(name); }
register('a');
register('b');
export const names = () => handlers;`,
    // An async initialiser called at the top level (and its `.then`).
    `const config = new Map<string, string>();
async function init() { config.set('region', 'eu'); }
init().then(() => { config.set('ready', 'yes'); });`,
    // Containers created inside a function are per call, even kept in a closure.
    `export function handle(req: { id: string }) {
  const seen = new Set<string>();
  seen.add(req.id);
  const memo: Record<string, number> = {};
  memo[req.id] = 1;
  return seen.size;
}
export function makeCounter() {
  let n = 0;
  return () => ++n;
}`,
    // Handles created once: a pool, a logger, a client.
    `import { Pool } from 'pg';
import pino from 'pino';
const pool = new Pool();
const logger = pino();
export const query = (sql: string) => { logger.info(sql); return pool.query(sql); };`,
    // A handle assigned at startup and released at shutdown.
    `import express from 'express';
const app = express();
let server: ReturnType<typeof app.listen> | undefined;
export async function start() { server = app.listen(3000); }
export async function stop() { server?.close(); server = undefined; }`,
    // A database handle connected once.
    `import { MongoClient, type Db } from 'mongodb';
let db: Db;
export async function connect(url: string) { db = (await MongoClient.connect(url)).db(); }
export const getDb = () => db;`,
    // A lazily created resource is allowed by default (`allowLazySingletons`).
    `import { Pool } from 'pg';
let pool: Pool | undefined;
export function getPool() {
  if (!pool) pool = new Pool();
  return pool;
}`,
    // Lazy forms: `??=`, `x = x || …`, and an early return.
    `import { createClient } from 'redis';
let a: any, b: any, c: any;
export const getA = () => (a ??= createClient());
export function getB() { b = b || createClient(); return b; }
export function getC() { if (c) return c; c = createClient(); return c; }`,
    // A shutdown flag set in a signal handler, a readiness flag set in the listen callback.
    `import http from 'node:http';
let shuttingDown = false;
let ready = false;
const server = http.createServer((_req, res) => res.end(String(ready && !shuttingDown)));
server.listen(3000, () => { ready = true; });
process.on('SIGTERM', () => { shuttingDown = true; server.close(); });`,
    // Flags and timers set by named functions are handles, not data.
    `let initialized = false;
let timer: NodeJS.Timeout | undefined;
export async function init() { initialized = true; timer = setInterval(() => {}, 1000); }
export function stop() { clearInterval(timer); timer = undefined; return initialized; }`,
    // An injected dependency.
    `let log: (m: string) => void = console.log;
export function setLogger(logger: (m: string) => void) { log = logger; }
export const info = (m: string) => log(m);`,
    // NestJS lifecycle hooks run once.
    `import { Injectable } from '@nestjs/common';
@Injectable()
export class Handlers {
  private readonly byName = new Map<string, number>();
  onModuleInit() { this.byName.set('a', 1); }
  get(name: string) { return this.byName.get(name); }
}`,
    // Request-scoped and transient providers live for one request.
    `import { Injectable, Scope } from '@nestjs/common';
@Injectable({ scope: Scope.REQUEST })
export class RequestContext {
  private readonly items: string[] = [];
  add(x: string) { this.items.push(x); }
}
@Injectable({ scope: Scope.TRANSIENT })
export class Transient {
  private readonly items: string[] = [];
  add(x: string) { this.items.push(x); }
}`,
    // typedi transient services are per resolution.
    `import { Service } from 'typedi';
@Service({ transient: true })
export class Basket {
  private readonly items: string[] = [];
  add(x: string) { this.items.push(x); }
}`,
    // A class that is not a singleton: its instances are made per request.
    `export class Basket {
  private items: string[] = [];
  add(x: string) { this.items.push(x); }
}
class Ctx { items: number[] = []; add(x: number) { this.items.push(x); } }
export function handle() { const ctx = new Ctx(); ctx.add(1); return new Basket(); }`,
    // A WeakMap keyed by request objects dies with them.
    `const meta = new WeakMap<object, string>();
export function attach(req: object, data: string) { meta.set(req, data); }`,
    // Methods named like mutations on things that are not containers (a Redis client, an emitter, a metric).
    `import Redis from 'ioredis';
import { EventEmitter } from 'node:events';
import client from 'prom-client';
const redis = new Redis();
const bus = new EventEmitter();
const hits = new client.Counter({ name: 'hits', help: 'hits' });
export async function save(k: string, v: string) {
  await redis.set(k, v);
  await redis.del(k);
  bus.on('x', () => {});
  hits.inc();
}`,
    // An imported value is not this module's state (without types, its kind is unknown).
    `import { store } from './store';
export function put(k: string) { store.set(k, 1); store.items.push(1); }`,
    // A parameter shadows the module-level name.
    `const users: string[] = [];
export function add(users: string[], u: string) { users.push(u); }
export const all = () => users;`,
    // Sorting a copy does not change the original.
    `const items = [3, 1, 2];
export const sorted = () => [...items].sort();
export const sorted2 = () => items.slice().reverse();`,
    // Reassigned only while the module loads.
    `let mode = 'dev';
if (process.env.NODE_ENV === 'production') mode = 'prod';
export const getMode = () => mode;`,
    // Cleanup in a process exit handler.
    `const connections = new Set<string>();
connections.add('boot');
process.on('exit', () => { connections.clear(); });`,
    // Globals and process.env written while loading, or read.
    `(globalThis as any).fetchImpl ??= fetch;
process.env.TZ = 'UTC';
export const port = () => process.env.PORT;`,
    // Memoising what every replica computes alike (a compiled template) is not state.
    `declare function compile(name: string): () => string;
const compiled = new Map<string, () => string>();
export function template(name: string) {
  let t = compiled.get(name);
  if (!t) {
    t = compile(name);
    compiled.set(name, t);
  }
  return t;
}`,
    // An in-flight request shared by concurrent callers, removed when it settles.
    `declare function fetchIt(k: string): Promise<string>;
const inflight = new Map<string, Promise<string>>();
export async function load(k: string) {
  const p = inflight.get(k) ?? fetchIt(k);
  inflight.set(k, p);
  try { return await p; } finally { inflight.delete(k); }
}`,
    // Clients created lazily per key are resources, not data.
    `import { RateLimiterRedis } from 'rate-limiter-flexible';
const limiters = new Map<string, RateLimiterRedis>();
export function limiter(path: string) {
  if (!limiters.has(path)) limiters.set(path, new RateLimiterRedis({ storeClient: {} }));
  return limiters.get(path);
}`,
    // Listeners registered as functions are code of this process.
    `const listeners: (() => void)[] = [];
export function onShutdown() { listeners.push(() => {}); }
export function onReady(cb: () => void) { listeners.push(cb.bind(null)); }`,
    // Filled once behind a flag, like a lazy initialisation.
    `const table: Record<string, string> = {};
let loaded = false;
export function load(data: [string, string][]) {
  if (loaded) return;
  for (const [k, v] of data) table[k] = v;
  loaded = true;
}`,
    // A private method called only from the constructor of a singleton.
    `class Registry {
  private readonly items = new Map<string, number>();
  constructor() { this.fill(); }
  private fill() { this.items.set('a', 1); }
  get(k: string) { return this.items.get(k); }
}
export const registry = new Registry();`,
    // A decorator runs when the class is defined.
    `const fields: string[] = [];
function Field(_target: object, key: string) { fields.push(key); }
class Model { @Field name = ''; }
export const model = new Model();`,
    // Scripts and command-line tools run once (unless `checkScripts`).
    { filename: 'scripts/seed.ts', code: `const seen = new Set<string>();
export function track(x: string) { seen.add(x); }` },
    // Browser code is not a replica of a service.
    `import { useEffect } from 'react';
const listeners = new Set<() => void>();
let count = 0;
export function useTicker(fn: () => void) { useEffect(() => { count++; listeners.add(fn); }, [fn]); }`,
    // Browser globals mark browser code too.
    `let clicks = 0;
export function onClick() { clicks++; window.location.href = '/x?c=' + clicks; }`,
    // Singleton scalar fields (a client, a flag) are configuration.
    `import { Injectable } from '@nestjs/common';
@Injectable()
export class Mailer {
  private connected = false;
  private client: unknown;
  connect(client: unknown) { this.client = client; this.connected = true; }
}`,
    // Suppressed, with a reason.
    `// statelint-disable-next-line no-module-state -- a per-replica metric, scraped per pod
let requests = 0;
export function hit() { requests++; }`,
    // Plain JavaScript: a required module of unknown kind.
    { languageOptions: { parser: espree as never }, code: `const cache = require('./cache');
module.exports = function handler(req) { cache.hits++; return req; };` },
    // A lazily created static singleton is allowed by default.
    `export class Db {
  private static instance: Db | undefined;
  static get() {
    if (!Db.instance) Db.instance = new Db();
    return Db.instance;
  }
}`,
    // Code that only runs elsewhere: a function expression whose value is discarded (evaluated in a sandbox).
    { languageOptions: { parser: espree as never }, code: `;(inputs) => {
  globalThis.pm = { set(k, v) { globalThis.__env = { [k]: v }; } };
  inputs.ready();
};` },
    // Removing from a registry of callbacks is part of keeping it.
    `export class ShutdownHelper {
  private static handlers: { key: string; callback: () => Promise<void> }[] = [];
  static add(key: string, callback: () => Promise<void>) { this.handlers.push({ key, callback: () => callback() }); }
  static remove(key: string) { this.handlers = this.handlers.filter((h) => h.key !== key); }
}`,
    // Letting go of a handle stored in an element (`job.timer = null`).
    `const jobs = [{ name: 'cleanup', timer: null as NodeJS.Timeout | null }];
export function stopJobs() {
  for (const job of jobs) {
    if (job.timer) clearInterval(job.timer);
    job.timer = null;
  }
}`,
    // A memo named like a cache, filled with values computed here.
    `declare function decorate(node: object): string[];
const cache: Record<number, { node: object; decorations: string[] }> = {};
export function decorations(pos: number, node: object) {
  if (cache[pos]?.node === node) return cache[pos].decorations;
  cache[pos] = { node, decorations: decorate(node) };
  return cache[pos].decorations;
}`,
    // Set once, behind a field that the same method sets (a lock started once).
    `import { Injectable } from '@nestjs/common';
import Redlock from 'redlock';
@Injectable()
export class LockService {
  private instances: unknown[] = [];
  private lock: Redlock | undefined;
  startup(client: unknown) {
    if (this.lock) return;
    this.instances = [client];
    this.lock = new Redlock(this.instances as never);
  }
}`,
    // Browser code: MobX stores, Vue, a desktop app loading its API lazily, `eslint-env browser`.
    `import { observable } from 'mobx';
const flags = new Set<string>();
export const enable = (f: string) => { flags.add(f); return observable; };`,
    // A desktop app loading its API with a dynamic import.
    `let invoke: ((cmd: string) => Promise<unknown>) | undefined;
void import('@tauri-apps/api/core').then((m) => { invoke = m.invoke; });
export const call = (cmd: string) => invoke?.(cmd);
export function reset(next: typeof invoke) { invoke = next ? (c) => next(c) : undefined; }`,
    // Clearing a container that nothing ever fills changes nothing.
    `const rateLimitHits = new Map<string, number>();
setInterval(() => rateLimitHits.clear(), 60_000);
export const size = () => rateLimitHits.size;`,
    // Typed: every call to `nmsAddRoute` is made while a module loads (lib/no-module-state-routes.ts, importing lib/no-module-state-store.ts).
    { mode: 'typed', filename: 'lib/no-module-state-store.ts', code: `export const routes: string[] = [];\nexport function nmsAddRoute(path: string) { routes.push(path); }` },
    // Typed: a parameter whose type is a function is a listener, not data.
    { mode: 'typed', code: `const listeners: (() => void)[] = [];\nexport function onEvent(fn: () => void) { listeners.push(fn); }` },
    // Typed: a ReadonlyMap cannot be mutated.
    { mode: 'typed', code: `declare function load(): ReadonlyMap<string, number>;\nexport const table = load();\nexport function get(k: string) { return table.get(k); }` },
    // Typed: a function exported only for tests (lib/__tests__/no-module-state-seed.ts) never runs in the service.
    { mode: 'typed', filename: 'lib/no-module-state-store.ts', code: `const seeded = new Map<string, string>();\nexport function nmsSeedForTests(k: string, v: string) { seeded.set(k, v); }\nexport const read = (k: string) => seeded.get(k);` },
    // Typed: a static method only called by other modules while they load (lib/no-module-state-plugins.ts).
    { mode: 'typed', filename: 'lib/no-module-state-store.ts', code: `export class NmsPlugins {\n  private static names: string[] = [];\n  static add(name: string) { this.names.push(name); }\n}` },
    // Typed: handlers registered through an interface of callbacks are code, not data.
    { mode: 'typed', code: `interface DataHandler { onDelete(id: string): Promise<void>; canDelete(id: string): boolean }\nimport { Injectable } from '@nestjs/common';\n@Injectable()\nexport class UserService {\n  private readonly handlers: DataHandler[] = [];\n  registerHandler(handler: DataHandler) { this.handlers.push(handler); }\n}` },
    // Client handles kept on the global object, which every replica opens alike: opened lazily, or
    // kept there only outside production (the hot-reload idiom).
    `import { PrismaClient } from '@prisma/client';
import maxmind from 'maxmind';
import { Kafka } from 'kafkajs';
export function db() { return ((globalThis as any).prisma ??= new PrismaClient()); }
export async function geo() {
  if (!(globalThis as any).geo) (globalThis as any).geo = await maxmind.open('geo.mmdb');
  return (globalThis as any).geo;
}
const READER = Symbol.for('reader');
export async function reader() {
  if (!(globalThis as any)[READER]) {
    const file = 'geo.mmdb';
    (globalThis as any)[READER] = await maxmind.open(file);
  }
  return (globalThis as any)[READER];
}
export function kafka() {
  const client = new Kafka({ brokers: [] });
  if (process.env.NODE_ENV !== 'production') (globalThis as any).kafka = client;
  return client;
}`,
    // A registry of per-connection listeners (`{ name, fn }` with `fn` a closure made here) is code of
    // this process, not data replicas should share.
    `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
const subscriptions: Record<string, { name: string; fn: (data: unknown) => void }> = {};
let next = 0;
export function subscribe(name: string, send: (d: unknown) => void) {
  const fn = (data: unknown) => send(data);
  const key = name + '#' + String(next);
  subscriptions[key] = { name, fn };
  bus.on(name, fn);
  return key;
}
export function unsubscribe(key: string) {
  const s = subscriptions[key];
  if (s) { delete subscriptions[key]; bus.off(s.name, s.fn); }
}`,
    // A class instantiated per call is no singleton, even with a module-level helper that returns one.
    `class Draft { private items: string[] = []; add(x: string) { this.items.push(x); } }
export function makeDraft() { const d = new Draft(); d.add('x'); return d; }`,
    // A factory called per request: its variables live as long as the call.
    `function counter() {
  let n = 0;
  return () => ++n;
}
export function handle() { const next = counter(); next(); return next(); }`,
    // An exported object whose methods only read, or change what it holds at start-up only.
    `module.exports = {
  limits: { body: 10 },
  get(name) { return this.limits[name]; },
};`,
    // A run-once guard that is never reset: what it guards runs once per process.
    `let loaded = false;
const table: string[] = [];
export async function load(read: () => Promise<string[]>) {
  if (loaded) return;
  loaded = true;
  table.push(...(await read()));
}`,
    // An accessor whose result is only read.
    `const store = new Map<string, string>([['a', 'b']]);
function getStore() { return store; }
export const lookup = (id: string) => getStore().get(id);`,
    // A promise chain that orders this process's own writes is not data.
    `let chain = Promise.resolve();
export function enqueue(write: () => Promise<void>) {
  chain = chain.then(write).catch(() => undefined);
  return chain;
}`,
  ],
  invalid: [
    // Changed through an accessor's result: `getStore()` returns the module-level Map itself.
    {
      code: `const store = new Map<string, string>();
export const getStore = () => store;
export function remember(id: string, name: string) {
  getStore().set(id, name);
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "store", where: "`remember` (line 4)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // A flag set and reset is a mutex, not a run-once guard: what it guards runs again.
    {
      code: `let flushing = false;
const pending: string[] = [];
export async function flush(item: string, send: (xs: string[]) => Promise<void>) {
  if (flushing) return;
  flushing = true;
  try {
    pending.push(item);
    await send(pending.splice(0));
  } finally {
    flushing = false;
  }
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "pending", where: "`flush` (line 7) and 1 other place" }, line: 2, column: 7, endLine: 2, endColumn: 14 },
      ],
    },
    // The object a module exports is a singleton, held like a module-level const.
    {
      code: `const store = require('./store');
module.exports = {
  online: {},
  limit: 10,
  join(id) { this.online[id] = Date.now(); },
  leave(id) { delete this.online[id]; },
  count() { return Object.keys(this.online).length; },
};`,
      languageOptions: { parser: espree as never },
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "module.exports", where: "`join` (line 5) and 1 other place" }, line: 2, column: 1, endLine: 2, endColumn: 15 },
      ],
    },
    {
      code: `export default {
  routes: [] as string[],
  users: new Map<string, string>(),
  register(path: string) { this.routes.push(path); },
  remember(id: string, name: string) { this.users.set(id, name); },
};`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "export default { … }", where: "`register` (line 4) and 1 other place" }, line: 1, column: 16, endLine: 6, endColumn: 2 },
      ],
    },
    // A variable of a function run once while the module loads (an IIFE) lives in its closures.
    {
      code: `export const nextId = (() => {
  let n = 0;
  return () => ++n;
})();`,
      errors: [
        { messageId: 'closureState', data: { name: "n", owner: "the function that initialises `nextId`", change: "reassigned", where: "a function (line 3)" }, line: 2, column: 7, endLine: 2, endColumn: 8 },
      ],
    },
    // A singleton created on first use and kept in a module binding: its collections outlive requests.
    {
      code: `interface Main { key: string }
class Settings {
  private data: { main: Main; jobs: Record<string, number> };
  constructor() { this.data = { main: { key: '' }, jobs: {} }; }
  get main(): Main { return this.data.main; }
  set main(main: Main) { this.data.main = main; }
}
let settings: Settings | undefined;
export const getSettings = (): Settings => {
  if (!settings) settings = new Settings();
  return settings;
};
export default Settings;`,
      errors: [
        { messageId: 'singletonField', data: { name: "Settings.data", lifetime: "a singleton created on first use (line 10)", where: "`Settings.main` (line 6)" }, line: 3, column: 11, endLine: 3, endColumn: 15 },
      ],
    },
    // A container kept on the global object (not a client handle) is still a global write.
    {
      code: `export function seen(id: string) {
  ((globalThis as any).seen ??= new Set<string>()).add(id);
}`,
      errors: [
        { messageId: 'globalWrite', data: { target: "(globalThis as any).seen", where: "`seen` (line 2)" }, line: 2, column: 4, endLine: 2, endColumn: 28 },
      ],
    },
    // A counter updated per call.
    {
      code: `let count = 0;
export function hit() { count++; }`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Module-level", name: "count", where: "`hit` (line 2)" }, line: 1, column: 5, endLine: 1, endColumn: 10 },
      ],
    },
    // Compound assignment in a route handler.
    {
      code: `import express from 'express';
const app = express();
let total = 0;
app.get('/', (_req, res) => { total += 1; res.end(); });`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Module-level", name: "total", where: "the callback given to `app.get` (line 4)" }, line: 3, column: 5, endLine: 3, endColumn: 10 },
      ],
    },
    // Destructuring assignment: one finding per variable.
    {
      code: `let a = 0, b = 1;
export function swap() { [a, b] = [b, a]; }`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Module-level", name: "a", where: "`swap` (line 2)" }, line: 1, column: 5, endLine: 1, endColumn: 6 },
        { messageId: 'reassigned', data: { scope: "Module-level", name: "b", where: "`swap` (line 2)" }, line: 1, column: 12, endLine: 1, endColumn: 13 },
      ],
    },
    // The current user kept between requests (CommonJS, `var`).
    {
      languageOptions: { parser: espree as never },
      code: `var lastUser;
module.exports.track = function track(req) {
  lastUser = req.user;
};`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Module-level", name: "lastUser", where: "`track` (line 3)" }, line: 1, column: 5, endLine: 1, endColumn: 13 },
      ],
    },
    // An immutable update of a module-level array is still a reassignment.
    {
      code: `let users: string[] = [];
export function add(u: string) { users = [...users, u]; }`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Module-level", name: "users", where: "`add` (line 2)" }, line: 1, column: 5, endLine: 1, endColumn: 10 },
      ],
    },
    // A Map filled per request.
    {
      code: `const sessions = new Map<string, object>();
export function login(id: string, user: object) { sessions.set(id, user); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "sessions", where: "`login` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 15 },
      ],
    },
    // A Set changed in socket handlers.
    {
      code: `declare const io: { on(e: string, f: (s: any) => void): void };
const online = new Set<string>();
io.on('connection', (socket) => {
  online.add(socket.id);
  socket.on('disconnect', () => online.delete(socket.id));
});`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "online", where: "the callback given to `io.on` (line 4) and 1 other place" }, line: 2, column: 7, endLine: 2, endColumn: 13 },
      ],
    },
    // An in-memory queue.
    {
      code: `const queue: object[] = [];
export function enqueue(job: object) { queue.push(job); }
export function next() { return queue.shift(); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "queue", where: "`enqueue` (line 2) and 1 other place" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // Every mutating array method counts.
    {
      code: `const a = [1, 2], b = [3, 1], c = [1, 2], d = [0, 0];
const e = [1, 2, 3], f = [1], g = [1];
export function touch() {
  a.splice(0, 1);
  b.sort();
  c.reverse();
  d.fill(0);
  e.copyWithin(0, 1);
  f.unshift(1);
  g.pop();
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "a", where: "`touch` (line 4)" }, line: 1, column: 7, endLine: 1, endColumn: 8 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "b", where: "`touch` (line 5)" }, line: 1, column: 19, endLine: 1, endColumn: 20 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "c", where: "`touch` (line 6)" }, line: 1, column: 31, endLine: 1, endColumn: 32 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "d", where: "`touch` (line 7)" }, line: 1, column: 43, endLine: 1, endColumn: 44 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "e", where: "`touch` (line 8)" }, line: 2, column: 7, endLine: 2, endColumn: 8 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "f", where: "`touch` (line 9)" }, line: 2, column: 22, endLine: 2, endColumn: 23 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "g", where: "`touch` (line 10)" }, line: 2, column: 31, endLine: 2, endColumn: 32 },
      ],
    },
    // Element assignment (a counter per key).
    {
      code: `const counts: Record<string, number> = {};
export function hit(path: string) { counts[path] = (counts[path] || 0) + 1; }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "counts", where: "`hit` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 13 },
      ],
    },
    // Property update.
    {
      code: `const stats = { hits: 0 };
export function hit() { stats.hits++; }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "stats", where: "`hit` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // `delete`.
    {
      code: `const tokens: Record<string, string> = { a: 'b' };
export function revoke(id: string) { delete tokens[id]; }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "tokens", where: "`revoke` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 13 },
      ],
    },
    // `Object.assign`, `Object.defineProperty`, `Reflect.deleteProperty`.
    {
      code: `const settings: Record<string, unknown> = {};
const registry = {};
const flags: Record<string, boolean> = {};
export function update(patch: object) { Object.assign(settings, patch); }
export function define(name: string) { Object.defineProperty(registry, name, { value: 1 }); }
export function drop(name: string) { Reflect.deleteProperty(flags, name); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "settings", where: "`update` (line 4)" }, line: 1, column: 7, endLine: 1, endColumn: 15 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "registry", where: "`define` (line 5)" }, line: 2, column: 7, endLine: 2, endColumn: 15 },
        { messageId: 'mutated', data: { scope: "Module-level", name: "flags", where: "`drop` (line 6)" }, line: 3, column: 7, endLine: 3, endColumn: 12 },
      ],
    },
    // A known mutator: lodash `_.set`.
    {
      code: `import _ from 'lodash';
const state = {};
export function put(path: string, v: unknown) { _.set(state, path, v); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "state", where: "`put` (line 3)" }, line: 2, column: 7, endLine: 2, endColumn: 12 },
      ],
    },
    // Through an alias at module level.
    {
      code: `const users = new Map<string, object>();
const byId = users;
export function add(id: string, u: object) { byId.set(id, u); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "users", where: "`add` (line 3)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // Through an alias inside the function.
    {
      code: `const users: string[] = [];
export function add(u: string) {
  const list = users;
  list.push(u);
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "users", where: "`add` (line 4)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // Through destructuring.
    {
      code: `const state = { users: [] as string[] };
export function add(u: string) {
  const { users } = state;
  users.push(u);
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "state", where: "`add` (line 4)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // A nested container.
    {
      code: `const state = { users: [] as string[], count: 0 };
export function add(u: string) { state.users.push(u); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "state", where: "`add` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // A value stored in a Map, changed in place.
    {
      code: `const rooms = new Map<string, Set<string>>();
export function join(room: string, user: string) { rooms.get(room)?.add(user); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "rooms", where: "`join` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // A multimap's get-or-create.
    {
      code: `const rooms = new Map<string, Set<string>>();
export function join(room: string, user: string) {
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(user);
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "rooms", where: "`join` (line 6)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // A rate limiter kept in memory (read-modify-write).
    {
      code: `const hits = new Map<string, number[]>();
export function allow(ip: string) {
  const list = hits.get(ip) ?? [];
  list.push(Date.now());
  hits.set(ip, list);
  return list.length < 100;
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "hits", where: "`allow` (line 5)" }, line: 1, column: 7, endLine: 1, endColumn: 11 },
      ],
    },
    // Elements changed in a loop.
    {
      code: `const jobs = [{ done: false }];
export function finish() {
  for (const job of jobs) job.done = true;
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "jobs", where: "`finish` (line 3)" }, line: 1, column: 7, endLine: 1, endColumn: 11 },
      ],
    },
    // Emptied by setting `length`.
    {
      code: `const buffer: string[] = [];
export function flush() { buffer.length = 0; }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "buffer", where: "`flush` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 13 },
      ],
    },
    // A static field mutated in a static method (`this`).
    {
      code: `export class Registry {
  static items: string[] = [];
  static add(x: string) { this.items.push(x); }
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Static field", name: "Registry.items", where: "`Registry.add` (line 3)" }, line: 2, column: 10, endLine: 2, endColumn: 15 },
      ],
    },
    // A static counter updated through the class name.
    {
      code: `class Counter {
  static count = 0;
}
export function hit() { Counter.count++; }`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Static field", name: "Counter.count", where: "`hit` (line 4)" }, line: 2, column: 10, endLine: 2, endColumn: 15 },
      ],
    },
    // A method of an object literal changes the object (`this`).
    {
      code: `export const store = {
  items: [] as string[],
  add(x: string) { this.items.push(x); },
};`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "store", where: "`add` (line 3)" }, line: 1, column: 14, endLine: 1, endColumn: 19 },
      ],
    },
    // A property of a module-level instance set at runtime.
    {
      code: `class Config { level = 'info'; }
const config = new Config();
export function setLevel(level: string) { config.level = level; }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "config", where: "`setLevel` (line 3)" }, line: 2, column: 7, endLine: 2, endColumn: 13 },
      ],
    },
    // A collection held by an instance created at module level.
    {
      code: `class Store {
  private items = new Map<string, string>();
  add(k: string, v: string) { this.items.set(k, v); }
}
export const store = new Store();`,
      errors: [
        { messageId: 'singletonField', data: { name: "Store.items", lifetime: "an instance created once when the module loads (line 5)", where: "`Store.add` (line 3)" }, line: 2, column: 11, endLine: 2, endColumn: 16 },
      ],
    },
    // A collection assigned in the constructor (JavaScript class).
    {
      languageOptions: { parser: espree as never },
      code: `class Presence {
  constructor() {
    this.users = [];
  }
  join(user) {
    this.users.push(user);
  }
}
module.exports = new Presence();`,
      errors: [
        { messageId: 'singletonField', data: { name: "Presence.users", lifetime: "an instance created once when the module loads (line 9)", where: "`Presence.join` (line 6)" }, line: 3, column: 10, endLine: 3, endColumn: 15 },
      ],
    },
    // An immutable update of a singleton's collection.
    {
      code: `class Store {
  private items: string[] = [];
  add(x: string) { this.items = [...this.items, x]; }
}
export default new Store();`,
      errors: [
        { messageId: 'singletonField', data: { name: "Store.items", lifetime: "an instance created once when the module loads (line 5)", where: "`Store.add` (line 3)" }, line: 2, column: 11, endLine: 2, endColumn: 16 },
      ],
    },
    // A NestJS provider (default scope: a singleton).
    {
      code: `import { Injectable } from '@nestjs/common';
@Injectable()
export class PresenceService {
  private readonly online = new Set<string>();
  connect(id: string) { this.online.add(id); }
}`,
      errors: [
        { messageId: 'singletonField', data: { name: "PresenceService.online", lifetime: "a NestJS provider with the default (singleton) scope", where: "`PresenceService.connect` (line 5)" }, line: 4, column: 20, endLine: 4, endColumn: 26 },
      ],
    },
    // A NestJS provider with `Scope.DEFAULT`, and a controller.
    {
      code: `import { Controller, Injectable, Scope } from '@nestjs/common';
@Injectable({ scope: Scope.DEFAULT })
export class Votes {
  private readonly counts = new Map<string, number>();
  vote(id: string) { this.counts.set(id, (this.counts.get(id) ?? 0) + 1); }
}
@Controller('carts')
export class CartController {
  private readonly carts: Record<string, string[]> = {};
  add(user: string, item: string) { (this.carts[user] ??= []).push(item); }
}`,
      errors: [
        { messageId: 'singletonField', data: { name: "Votes.counts", lifetime: "a NestJS provider with the default (singleton) scope", where: "`Votes.vote` (line 5)" }, line: 4, column: 20, endLine: 4, endColumn: 26 },
        { messageId: 'singletonField', data: { name: "CartController.carts", lifetime: "a NestJS controller with the default (singleton) scope", where: "`CartController.add` (line 10)" }, line: 9, column: 20, endLine: 9, endColumn: 25 },
      ],
    },
    // A NestJS gateway tracking clients.
    {
      code: `import { WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway()
export class ChatGateway {
  private clients = new Map<string, string>();
  handleConnection(client: { id: string }) { this.clients.set(client.id, client.id); }
}`,
      errors: [
        { messageId: 'singletonField', data: { name: "ChatGateway.clients", lifetime: "a NestJS gateway (a singleton)", where: "`ChatGateway.handleConnection` (line 5)" }, line: 4, column: 11, endLine: 4, endColumn: 18 },
      ],
    },
    // A typedi service (a singleton by default).
    {
      code: `import { Service } from 'typedi';
@Service()
export class Tracker {
  private seen = new Set<string>();
  track(id: string) { this.seen.add(id); }
}`,
      errors: [
        { messageId: 'singletonField', data: { name: "Tracker.seen", lifetime: "a typedi service (a container-wide singleton)", where: "`Tracker.track` (line 5)" }, line: 4, column: 11, endLine: 4, endColumn: 15 },
      ],
    },
    // Mutated on a timer: still runtime.
    {
      code: `const samples: number[] = [];
setInterval(() => { samples.push(Date.now()); }, 1000);`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "samples", where: "the callback given to `setInterval` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 14 },
      ],
    },
    // Updated per instance by a field initializer.
    {
      code: `let nextId = 0;
export class Job {
  id = nextId++;
}`,
      errors: [
        { messageId: 'reassigned', data: { scope: "Module-level", name: "nextId", where: "the initializer of `Job.id` (line 3)" }, line: 1, column: 5, endLine: 1, endColumn: 11 },
      ],
    },
    // A global written at runtime (reported at the write).
    {
      code: `export function remember(user: string) {
  (globalThis as any).lastUser = user;
}`,
      errors: [
        { messageId: 'globalWrite', data: { target: "(globalThis as any).lastUser", where: "`remember` (line 2)" }, line: 2, column: 3, endLine: 2, endColumn: 31 },
      ],
    },
    // `global` and a constant alias of `globalThis`.
    {
      code: `const g = globalThis as any;
export function f(x: string) {
  (global as any).cache = x;
  g[x] = true;
}`,
      errors: [
        { messageId: 'globalWrite', data: { target: "(global as any).cache", where: "`f` (line 3)" }, line: 3, column: 3, endLine: 3, endColumn: 24 },
        { messageId: 'globalWrite', data: { target: "g[x]", where: "`f` (line 4)" }, line: 4, column: 3, endLine: 4, endColumn: 7 },
      ],
    },
    // process.env written at runtime: assignment, element, delete, Object.assign.
    {
      code: `export function configure(region: string, k: string) {
  process.env.REGION = region;
  process.env[k] = region;
  delete process.env.OLD;
  Object.assign(process.env, { A: '1' });
}`,
      errors: [
        { messageId: 'envWrite', data: { target: "process.env.REGION", where: "`configure` (line 2)" }, line: 2, column: 3, endLine: 2, endColumn: 21 },
        { messageId: 'envWrite', data: { target: "process.env[k]", where: "`configure` (line 3)" }, line: 3, column: 3, endLine: 3, endColumn: 17 },
        { messageId: 'envWrite', data: { target: "process.env.OLD", where: "`configure` (line 4)" }, line: 4, column: 10, endLine: 4, endColumn: 25 },
        { messageId: 'envWrite', data: { target: "process.env", where: "`configure` (line 5)" }, line: 5, column: 17, endLine: 5, endColumn: 28 },
      ],
    },
    // A lazily created resource, when `allowLazySingletons` is off (as in `strict`).
    {
      options: [{allowLazySingletons: false}],
      code: `import { Pool } from 'pg';
let pool: Pool | undefined;
export function getPool() {
  if (!pool) pool = new Pool();
  return pool;
}`,
      errors: [
        { messageId: 'lazySingleton', data: { name: "pool", where: "`getPool` (line 4)" }, line: 2, column: 5, endLine: 2, endColumn: 9 },
      ],
    },
    // Lazy forms, when `allowLazySingletons` is off.
    {
      options: [{allowLazySingletons: false}],
      code: `import { createClient } from 'redis';
let client: ReturnType<typeof createClient> | undefined;
export const getClient = () => (client ??= createClient());
export class Db {
  static instance: Db | undefined;
  static get() {
    if (!Db.instance) Db.instance = new Db();
    return Db.instance;
  }
}`,
      errors: [
        { messageId: 'lazySingleton', data: { name: "client", where: "`getClient` (line 3)" }, line: 2, column: 5, endLine: 2, endColumn: 11 },
        { messageId: 'lazySingleton', data: { name: "Db.instance", where: "`Db.get` (line 7)" }, line: 5, column: 10, endLine: 5, endColumn: 18 },
      ],
    },
    // Filled once behind a flag, when `allowLazySingletons` is off.
    {
      options: [{allowLazySingletons: false}],
      code: `const table: Record<string, string> = {};
let loaded = false;
export function load(data: [string, string][]) {
  if (loaded) return;
  for (const [k, v] of data) table[k] = v;
  loaded = true;
}`,
      errors: [
        { messageId: 'lazySingleton', data: { name: "table", where: "`load` (line 5)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    // Scripts are checked with `checkScripts`.
    {
      filename: 'scripts/seed.ts',
      options: [{checkScripts: true}],
      code: `const seen = new Set<string>();
export function track(x: string) { seen.add(x); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "seen", where: "`track` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 11 },
      ],
    },
    // Plain JavaScript: require, and a handler that records visits.
    {
      languageOptions: { parser: espree as never },
      code: `const express = require('express');
const app = express();
const visits = {};
app.use((req, res, next) => {
  visits[req.ip] = Date.now();
  next();
});`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "visits", where: "the callback given to `app.use` (line 5)" }, line: 3, column: 7, endLine: 3, endColumn: 13 },
      ],
    },
    // Another rule's suppression does not hide this one.
    {
      code: `// statelint-disable-next-line no-in-memory-cache
const queue: string[] = [];
export function add(x: string) { queue.push(x); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "queue", where: "`add` (line 3)" }, line: 2, column: 7, endLine: 2, endColumn: 12 },
      ],
    },
    // Without types, a registry filled through an exported function is reported (its callers are unknown).
    {
      mode: 'untyped',
      code: `export const routes: string[] = [];
export function addRoute(path: string) { routes.push(path); }`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "routes", where: "`addRoute` (line 2)" }, line: 1, column: 14, endLine: 1, endColumn: 20 },
      ],
    },
    // A get-or-create of records holding containers, filled later: a registry.
    {
      code: `const notes = new Map<string, { id: string; users: Set<string> }>();
export function noteOf(id: string) {
  let note = notes.get(id);
  if (!note) {
    note = { id, users: new Set() };
    notes.set(id, note);
  }
  return note;
}`,
      errors: [
        { messageId: 'mutated', data: { scope: "Module-level", name: "notes", where: "`noteOf` (line 6)" }, line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },

    // Untyped, the listener's type is unknown: reported.
    {
      mode: 'untyped',
      code: `const listeners: (() => void)[] = [];\nexport function onEvent(fn: () => void) { listeners.push(fn); }`,
      errors: [{ messageId: 'mutated', data: { scope: 'Module-level', name: 'listeners', where: '`onEvent` (line 2)' }, line: 1, column: 7, endLine: 1, endColumn: 16 }],
    },
    // Typed: a Map that is exported and mutated by another module (lib/no-module-state-register.ts).
    {
      mode: 'typed',
      filename: 'lib/no-module-state-store.ts',
      code: `export const nmsRegistry = new Map<string, string>();\nexport const lookup = (k: string) => nmsRegistry.get(k);`,
      errors: [{ messageId: 'mutated', data: { scope: 'Module-level', name: 'nmsRegistry', where: '`register` in no-module-state-register.ts (line 5)' }, line: 1, column: 14, endLine: 1, endColumn: 25 }],
    },
    // Typed: a static field mutated by another module (lib/no-module-state-counter.ts).
    {
      mode: 'typed',
      filename: 'lib/no-module-state-store.ts',
      code: `export class NmsCounter {\n  static items: string[] = [];\n}`,
      errors: [{ messageId: 'mutated', data: { scope: 'Static field', name: 'NmsCounter.items', where: '`track` in no-module-state-counter.ts (line 5)' }, line: 2, column: 10, endLine: 2, endColumn: 15 }],
    },
    // Typed: the declared type says it is a Map (syntax alone cannot tell).
    {
      mode: 'typed',
      code: `declare function load(): Map<string, number>;\nexport const seen = load();\nexport function mark(k: string) { seen.set(k, Date.now()); }`,
      errors: [{ messageId: 'mutated', data: { scope: 'Module-level', name: 'seen', where: '`mark` (line 3)' }, line: 2, column: 14, endLine: 2, endColumn: 18 }],
    },
    // Untyped, the callers of an exported function are unknown.
    {
      mode: 'untyped',
      code: `const seeded = new Map<string, string>();\nexport function nmsSeedForTests(k: string, v: string) { seeded.set(k, v); }\nexport const read = (k: string) => seeded.get(k);`,
      errors: [{ messageId: 'mutated', data: { scope: 'Module-level', name: 'seeded', where: '`nmsSeedForTests` (line 2)' }, line: 1, column: 7, endLine: 1, endColumn: 13 }],
    },
  ],
});
