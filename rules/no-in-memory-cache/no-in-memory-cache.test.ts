import * as espree from 'espree';
import { runRuleTests } from '../../test/rule-tester.js';

runRuleTests('no-in-memory-cache', {
  valid: [
    // Keyv with a storage adapter or a URI.
    `import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
export const a = new Keyv('redis://localhost:6379');
export const b = new Keyv({ store: new KeyvRedis('redis://x') });
export const c = new Keyv(new KeyvRedis('redis://x'));
export const d = new Keyv({ uri: 'redis://x', namespace: 'users' });`,
    // cache-manager with a Redis store (v5 and v6).
    `import { caching, createCache } from 'cache-manager';
import { redisStore } from 'cache-manager-redis-yet';
import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
export const v5 = await caching(redisStore, { ttl: 60 });
export const v6 = createCache({ stores: [new Keyv({ store: new KeyvRedis('redis://x') })] });`,
    // NestJS CacheModule with a store, directly or from a factory.
    `import { Module } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { redisStore } from 'cache-manager-redis-yet';
@Module({
  imports: [
    CacheModule.register({ store: redisStore, ttl: 60 }),
    CacheModule.registerAsync({ useFactory: async () => ({ store: await redisStore({ url: 'redis://x' }) }) }),
    CacheModule.registerAsync({ useClass: class {} }),
  ],
})
export class AppModule {}`,
    // A cache created inside a request handler is per request.
    `import { LRUCache } from 'lru-cache';
import memoize from 'lodash/memoize';
export function handle(items: string[]) {
  const seen = new LRUCache<string, boolean>({ max: 10 });
  const len = memoize((s: string) => s.length);
  return items.filter((i) => !seen.has(i) && len(i) > 0);
}`,
    // A WeakMap keyed by the request, and a per-request memo object.
    `const perRequest = new WeakMap<object, string>();
export function userOf(req: object, load: () => string) {
  const memo: Record<string, string> = {};
  if (!perRequest.has(req)) perRequest.set(req, load());
  memo.user ??= perRequest.get(req)!;
  return memo.user;
}`,
    // Memoising what every replica computes alike (a compiled template, a formatter).
    `declare function compile(source: string): () => string;
const templates = new Map<string, () => string>();
export function template(source: string) {
  const hit = templates.get(source);
  if (hit) return hit;
  const compiled = compile(source);
  templates.set(source, compiled);
  return compiled;
}`,
    // apicache backed by Redis.
    `import apicache from 'apicache';
import express from 'express';
import { createClient } from 'redis';
apicache.options({ redisClient: createClient() });
const app = express();
app.get('/a', apicache.middleware('5 minutes'), (_req, res) => res.end());`,
    // Memoizers given an external cache.
    `import pMemoize from 'p-memoize';
import mem from 'mem';
import { RedisCache } from './redis-cache';
export const a = pMemoize(async (id: string) => id, { cache: new RedisCache() });
export const b = mem((id: string) => id, { cache: new RedisCache() });`,
    // A container named like a cache but never filled at runtime.
    `const cache = new Map([['a', 1]]);
cache.set('b', 2);
export const lookup = (k: string) => cache.get(k);`,
    // A counter keyed like a cache is state, not a cache (no-module-state's).
    `const hitCache: Record<string, number> = {};
export function hit(k: string) { hitCache[k] = (hitCache[k] ?? 0) + 1; }`,
    // A get-or-create registry is state, not a cache (no-module-state's).
    `const rooms = new Map<string, Set<string>>();
export async function join(room: string, user: string) {
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(user);
}`,
    // An in-flight request shared by concurrent callers, removed when it settles.
    `declare function fetchUser(id: string): Promise<object>;
const inflight = new Map<string, Promise<object>>();
export async function getUser(id: string) {
  const pending = inflight.get(id);
  if (pending) return pending;
  const p = fetchUser(id);
  inflight.set(id, p);
  try { return await p; } finally { inflight.delete(id); }
}`,
    // A class that is not long-lived keeps its cache per instance.
    `import { LRUCache } from 'lru-cache';
import { Memoize } from 'typescript-memoize';
export class RequestScoped {
  private cache = new LRUCache<string, string>({ max: 5 });
  @Memoize()
  get total() { return this.cache.size; }
}`,
    // A `memoize` that is not a memoizer (a local module).
    `import { memoize } from './utils';
export const f = memoize((x: number) => x);`,
    // Browser code is not a replica.
    `import { useMemo } from 'react';
import memoize from 'lodash/memoize';
const format = memoize((n: number) => n.toFixed(2));
export function Price({ n }: { n: number }) { return useMemo(() => format(n), [n]); }`,
    // Scripts and command-line tools run once (unless `checkScripts`).
    { filename: 'scripts/seed.ts', code: `import NodeCache from 'node-cache';
export const cache = new NodeCache();` },
    // Suppressed, with a reason.
    `import { LRUCache } from 'lru-cache';
// statelint-disable-next-line no-in-memory-cache -- immutable reference data, reloaded on deploy
export const countries = new LRUCache<string, string>({ max: 300 });`,
    // Plain JavaScript: an LRU created per call.
    { languageOptions: { parser: espree as never }, code: `const LRU = require('lru-cache');
module.exports = function handler(req) {
  const cache = new LRU(10);
  cache.set(req.id, req);
  return cache;
};` },
    // Untyped, a Promise stored by a synchronous function cannot be told from a computed value.
    { mode: 'untyped', code: `declare const db: { find(id: string): Promise<object> };
const pending = new Map<string, Promise<object>>();
export function getUser(id: string) {
  if (!pending.has(id)) pending.set(id, db.find(id));
  return pending.get(id);
}` },
    // A memoizer inside a request handler (plain JavaScript).
    { languageOptions: { parser: espree as never }, code: `const memoize = require('lodash.memoize');
module.exports = (req, res) => {
  const len = memoize((s) => s.length);
  res.end(String(len(req.url)));
};` },
    // A cache created per instance of a class made per request.
    `import NodeCache from 'node-cache';
export class Session {
  private readonly local = new NodeCache();
  get(k: string) { return this.local.get(k); }
}`,
    // A memoizing decorator on a class that is not a singleton.
    `import { Memoize } from 'typescript-memoize';
export class Invoice {
  constructor(private readonly lines: number[]) {}
  @Memoize()
  get total() { return this.lines.reduce((a, b) => a + b, 0); }
}`,
    // Keyv with a store given through a variable.
    `import Keyv from 'keyv';
import { store } from './store';
export const kv = new Keyv({ store, namespace: 'users' });`,
    // A cache-like container filled only while the module loads.
    `const countryCache = new Map<string, string>();
for (const [code, name] of [['fr', 'France']]) countryCache.set(code, name);
export const country = (code: string) => countryCache.get(code);`,
    // A cache filled in a NestJS lifecycle hook (warmed once).
    `import { Injectable } from '@nestjs/common';
declare const db: { all(): Promise<[string, string][]> };
@Injectable()
export class Countries {
  private readonly cache = new Map<string, string>();
  async onModuleInit() { for (const [k, v] of await db.all()) this.cache.set(k, v); }
  name(code: string) { return this.cache.get(code); }
}`,
    // A Map read and written under different keys is not a cache fill.
    `const latest = new Map<string, string>();
export async function move(from: string, to: string) {
  const v = latest.get(from);
  if (v) latest.set(to, await Promise.resolve(v));
}`,
    // An LRU created in a scripts folder, and suppressed elsewhere.
    { filename: 'scripts/seed.ts', code: `import { LRUCache } from 'lru-cache';
export const seen = new LRUCache<string, boolean>({ max: 10 });` },
    // cache-manager with a store instance from another module.
    `import { caching } from 'cache-manager';
import { store } from './redis-store';
export const cache = await caching(store);`,
    // An apicache instance with a Redis client.
    `import apicache from 'apicache';
import { createClient } from 'redis';
export const cacheWithRedis = apicache.newInstance({ redisClient: createClient() });`,
    // A memoize from lodash/fp-like local helper module, not the catalogue.
    `import { memoizeWith } from './fp';
export const f = memoizeWith(String, (x: number) => x);`,
    // Typed: a Map whose values are functions is a registry of code, not a cache.
    { mode: 'typed', code: `const handlerCache = new Map<string, () => void>();\nexport function on(name: string, handler: () => void) { handlerCache.set(name, handler); }` },
    // The same factory called per request makes a cache per call.
    `function withMemCache<T>(fetchFn: (k: string) => Promise<T>, ttl = 30_000) {
  const mem = new Map<string, { value: T; expiry: number }>();
  return async (k: string): Promise<T> => {
    const hit = mem.get(k);
    if (hit && hit.expiry > Date.now()) return hit.value;
    const value = await fetchFn(k);
    mem.set(k, { value, expiry: Date.now() + ttl });
    return value;
  };
}
export async function getUser(id: string) {
  const get = withMemCache(async (k: string) => ({ k }));
  return get(id);
}`,
    // A project module named after a cache library outside a vendor folder is the project's own.
    `import LRU from './lru-cache';
import { Cache } from './src/memory-cache.js';
export const users = new LRU({ max: 100 });
export const c = new Cache();`,
  ],
  invalid: [
    // A vendored copy of a cache library, imported by relative path, is that library.
    {
      code: `import LRU from './vendor/lru-cache';
import NodeCache from './lib/node-cache.js';
import { toKey } from './lib/keys.js';
const users = new LRU({ max: 100 });
const sessions = new NodeCache({ stdTTL: 60 });
export const get = (id: string) => users.get(toKey(id)) ?? sessions.get(id);`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "users", library: "lru-cache" }, line: 4, column: 7, endLine: 4, endColumn: 12 },
        { messageId: 'cacheInstance', data: { name: "sessions", library: "node-cache" }, line: 5, column: 7, endLine: 5, endColumn: 15 },
      ],
    },
    // A cache Map made by a factory that runs once, while the module loads: its closures keep it.
    {
      code: `function withMemCache<T>(fetchFn: (k: string) => Promise<T>, ttl = 30_000) {
  const mem = new Map<string, { value: T; expiry: number }>();
  return async (k: string): Promise<T> => {
    const hit = mem.get(k);
    if (hit && hit.expiry > Date.now()) return hit.value;
    const value = await fetchFn(k);
    mem.set(k, { value, expiry: Date.now() + ttl });
    return value;
  };
}
export const getUser = withMemCache(async (id: string) => ({ id }));`,
      errors: [{ messageId: 'cacheContainer', data: { name: "mem", where: "a function (line 7)" }, line: 2, column: 9, endLine: 2, endColumn: 12 }],
    },
    // lru-cache, reported at the declaration.
    {
      code: `import { LRUCache } from 'lru-cache';
export const users = new LRUCache<string, object>({ max: 500 });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "users", library: "lru-cache" }, line: 2, column: 14, endLine: 2, endColumn: 19 },
      ],
    },
    // lru-cache's old default export, through require, with and without `new`.
    {
      languageOptions: { parser: espree as never },
      code: `const LRU = require('lru-cache');
const a = new LRU(100);
const b = LRU({ max: 10 });
module.exports = { a, b };`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "a", library: "lru-cache" }, line: 2, column: 7, endLine: 2, endColumn: 8 },
        { messageId: 'cacheInstance', data: { name: "b", library: "lru-cache" }, line: 3, column: 7, endLine: 3, endColumn: 8 },
      ],
    },
    // quick-lru, node-cache, memory-cache, mnemonist, tiny-lru.
    {
      code: `import QuickLRU from 'quick-lru';
import NodeCache from 'node-cache';
import { Cache } from 'memory-cache';
import { LRUMap } from 'mnemonist';
import LRUCacheDeep from 'mnemonist/lru-cache';
import { lru } from 'tiny-lru';
const a = new QuickLRU({ maxSize: 100 });
const b = new NodeCache({ stdTTL: 60 });
const c = new Cache();
const d = new LRUMap(100);
const e = new LRUCacheDeep(100);
const f = lru(100);
export { a, b, c, d, e, f };`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "a", library: "quick-lru" }, line: 7, column: 7, endLine: 7, endColumn: 8 },
        { messageId: 'cacheInstance', data: { name: "b", library: "node-cache" }, line: 8, column: 7, endLine: 8, endColumn: 8 },
        { messageId: 'cacheInstance', data: { name: "c", library: "memory-cache" }, line: 9, column: 7, endLine: 9, endColumn: 8 },
        { messageId: 'cacheInstance', data: { name: "d", library: "mnemonist LRUMap" }, line: 10, column: 7, endLine: 10, endColumn: 8 },
        { messageId: 'cacheInstance', data: { name: "e", library: "mnemonist LRUCache" }, line: 11, column: 7, endLine: 11, endColumn: 8 },
        { messageId: 'cacheInstance', data: { name: "f", library: "tiny-lru" }, line: 12, column: 7, endLine: 12, endColumn: 8 },
      ],
    },
    // memory-cache's module-wide cache, reported at the import.
    {
      code: `import mcache from 'memory-cache';
export function remember(k: string, v: string) { mcache.put(k, v, 60_000); }`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "mcache", library: "memory-cache" }, line: 1, column: 8, endLine: 1, endColumn: 14 },
      ],
    },
    // apicache without Redis.
    {
      code: `import apicache from 'apicache';
import express from 'express';
const app = express();
const cache = apicache.middleware;
app.get('/a', cache('5 minutes'), (_req, res) => res.end());
app.get('/b', cache('1 hour'), (_req, res) => res.end());`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "cache", library: "apicache" }, line: 4, column: 7, endLine: 4, endColumn: 12 },
      ],
    },
    // cache-manager in memory: v4 options, v5 store name, `memoryStore()`, v6 without stores.
    {
      code: `import cacheManager, { caching, createCache, memoryStore } from 'cache-manager';
export const v4 = cacheManager.caching({ store: 'memory', max: 100, ttl: 10 });
export const v5 = await caching('memory', { max: 100 });
export const v5b = await caching(memoryStore());
export const v6 = createCache({ ttl: 60_000 });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "v4", library: "cache-manager memory store" }, line: 2, column: 14, endLine: 2, endColumn: 16 },
        { messageId: 'cacheInstance', data: { name: "v5", library: "cache-manager memory store" }, line: 3, column: 14, endLine: 3, endColumn: 16 },
        { messageId: 'cacheInstance', data: { name: "v5b", library: "cache-manager memory store" }, line: 4, column: 14, endLine: 4, endColumn: 17 },
        { messageId: 'cacheInstance', data: { name: "v6", library: "cache-manager memory store" }, line: 5, column: 14, endLine: 5, endColumn: 16 },
      ],
    },
    // NestJS CacheModule without a store (and from a factory that sets none).
    {
      code: `import { Module, CacheModule as LegacyCacheModule } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
@Module({
  imports: [
    CacheModule.register({ ttl: 5 }),
    CacheModule.registerAsync({ useFactory: () => ({ ttl: 10 }) }),
    LegacyCacheModule.register(),
  ],
})
export class AppModule {}`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "CacheModule.register", library: "NestJS CacheModule without a store" }, line: 5, column: 5, endLine: 5, endColumn: 37 },
        { messageId: 'cacheInstance', data: { name: "CacheModule.registerAsync", library: "NestJS CacheModule without a store" }, line: 6, column: 5, endLine: 6, endColumn: 67 },
        { messageId: 'cacheInstance', data: { name: "LegacyCacheModule.register", library: "NestJS CacheModule without a store" }, line: 7, column: 5, endLine: 7, endColumn: 33 },
      ],
    },
    // Keyv without a storage adapter.
    {
      code: `import Keyv from 'keyv';
export const a = new Keyv();
export const b = new Keyv({ namespace: 'users' });
export const c = new Keyv({ store: new Map() });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "a", library: "Keyv without a storage adapter" }, line: 2, column: 14, endLine: 2, endColumn: 15 },
        { messageId: 'cacheInstance', data: { name: "b", library: "Keyv without a storage adapter" }, line: 3, column: 14, endLine: 3, endColumn: 15 },
        { messageId: 'cacheInstance', data: { name: "c", library: "Keyv without a storage adapter" }, line: 4, column: 14, endLine: 4, endColumn: 15 },
      ],
    },
    // Apollo's InMemoryLRUCache, created while the module loads.
    {
      code: `import { ApolloServer } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
export const server = new ApolloServer({ typeDefs: '', cache: new InMemoryLRUCache() });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "cache", library: "Apollo InMemoryLRUCache" }, line: 3, column: 56, endLine: 3, endColumn: 61 },
      ],
    },
    // lodash memoize: named, default and per-method imports.
    {
      code: `import _ from 'lodash';
import { memoize } from 'lodash-es';
import memo from 'lodash.memoize';
export const a = _.memoize((id: string) => id);
export const b = memoize((id: string) => id);
export const c = memo((id: string) => id);`,
      errors: [
        { messageId: 'memoized', data: { name: "a", library: "lodash memoize" }, line: 4, column: 14, endLine: 4, endColumn: 15 },
        { messageId: 'memoized', data: { name: "b", library: "lodash memoize" }, line: 5, column: 14, endLine: 5, endColumn: 15 },
        { messageId: 'memoized', data: { name: "c", library: "lodash memoize" }, line: 6, column: 14, endLine: 6, endColumn: 15 },
      ],
    },
    // Other memoizers.
    {
      code: `import memoizee from 'memoizee';
import memoizeOne from 'memoize-one';
import fastMemoize from 'fast-memoize';
import moize from 'moize';
import mem from 'mem';
import pMemoize from 'p-memoize';
import microMemoize from 'micro-memoize';
import { memoizeWith } from 'ramda';
const f = (x: string) => x;
export const a = memoizee(f, { maxAge: 1000 });
export const b = memoizeOne(f);
export const c = fastMemoize(f);
export const d = moize.promise(f);
export const e = mem(f);
export const g = pMemoize(async (x: string) => x, { cache: new Map() });
export const h = microMemoize(f);
export const i = memoizeWith(String, f);`,
      errors: [
        { messageId: 'memoized', data: { name: "a", library: "memoizee" }, line: 10, column: 14, endLine: 10, endColumn: 15 },
        { messageId: 'memoized', data: { name: "b", library: "memoize-one" }, line: 11, column: 14, endLine: 11, endColumn: 15 },
        { messageId: 'memoized', data: { name: "c", library: "fast-memoize" }, line: 12, column: 14, endLine: 12, endColumn: 15 },
        { messageId: 'memoized', data: { name: "d", library: "moize" }, line: 13, column: 14, endLine: 13, endColumn: 15 },
        { messageId: 'memoized', data: { name: "e", library: "mem" }, line: 14, column: 14, endLine: 14, endColumn: 15 },
        { messageId: 'memoized', data: { name: "g", library: "p-memoize" }, line: 15, column: 14, endLine: 15, endColumn: 15 },
        { messageId: 'memoized', data: { name: "h", library: "micro-memoize" }, line: 16, column: 14, endLine: 16, endColumn: 15 },
        { messageId: 'memoized', data: { name: "i", library: "ramda memoizeWith" }, line: 17, column: 14, endLine: 17, endColumn: 15 },
      ],
    },
    // A memoizing decorator on a singleton provider.
    {
      code: `import { Injectable } from '@nestjs/common';
import { Memoize } from 'typescript-memoize';
@Injectable()
export class RatesService {
  @Memoize()
  async rates(currency: string) { return currency; }
}`,
      errors: [
        { messageId: 'memoized', data: { name: "RatesService.rates", library: "typescript-memoize" }, line: 6, column: 9, endLine: 6, endColumn: 14 },
      ],
    },
    // A cache library created lazily and kept at module level.
    {
      code: `import NodeCache from 'node-cache';
let cache: NodeCache | undefined;
export function getCache() {
  if (!cache) cache = new NodeCache();
  return cache;
}`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "cache", library: "node-cache" }, line: 2, column: 5, endLine: 2, endColumn: 10 },
      ],
    },
    // In a static field, a singleton's field, and a field set in its constructor.
    {
      code: `import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import NodeCache from 'node-cache';
export class Tokens {
  static cache = new LRUCache<string, string>({ max: 10 });
}
@Injectable()
export class UsersService {
  private readonly byId = new LRUCache<string, object>({ max: 100 });
  private readonly byEmail: NodeCache;
  constructor() {
    this.byEmail = new NodeCache();
  }
}`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "cache", library: "lru-cache" }, line: 5, column: 10, endLine: 5, endColumn: 15 },
        { messageId: 'cacheInstance', data: { name: "byId", library: "lru-cache" }, line: 9, column: 20, endLine: 9, endColumn: 24 },
        { messageId: 'cacheInstance', data: { name: "byEmail", library: "node-cache" }, line: 10, column: 20, endLine: 10, endColumn: 27 },
      ],
    },
    // A Map filled after a miss (get-then-set) in an async function.
    {
      code: `declare const db: { findUser(id: string): Promise<object> };
const users = new Map<string, object>();
export async function getUser(id: string) {
  const hit = users.get(id);
  if (hit) return hit;
  const user = await db.findUser(id);
  users.set(id, user);
  return user;
}`,
      errors: [
        { messageId: 'cacheContainer', data: { name: "users", where: "`getUser` (line 7)" }, line: 2, column: 7, endLine: 2, endColumn: 12 },
      ],
    },
    // An object filled after a miss, with `in` and `hasOwnProperty` checks.
    {
      code: `const profiles: Record<string, unknown> = {};
const avatars: Record<string, unknown> = {};
export async function profile(id: string) {
  if (id in profiles) return profiles[id];
  profiles[id] = await (await fetch('/p/' + id)).json();
  return profiles[id];
}
export async function avatar(id: string) {
  if (avatars.hasOwnProperty(id)) return avatars[id];
  avatars[id] = await fetch('/a/' + id);
  return avatars[id];
}`,
      errors: [
        { messageId: 'cacheContainer', data: { name: "profiles", where: "`profile` (line 5)" }, line: 1, column: 7, endLine: 1, endColumn: 15 },
        { messageId: 'cacheContainer', data: { name: "avatars", where: "`avatar` (line 10)" }, line: 2, column: 7, endLine: 2, endColumn: 14 },
      ],
    },
    // Named like a cache and filled with data handed in.
    {
      code: `const userCache = new Map<string, object>();
export function remember(id: string, user: object) { userCache.set(id, user); }`,
      errors: [
        { messageId: 'cacheContainer', data: { name: "userCache", where: "`remember` (line 2)" }, line: 1, column: 7, endLine: 1, endColumn: 16 },
      ],
    },
    // A cache in a NestJS provider's field and in a static field.
    {
      code: `import { Injectable } from '@nestjs/common';
declare const api: { get(k: string): Promise<string> };
@Injectable()
export class RatesService {
  private readonly rates = new Map<string, string>();
  async rate(code: string) {
    if (this.rates.has(code)) return this.rates.get(code);
    const rate = await api.get(code);
    this.rates.set(code, rate);
    return rate;
  }
}
export class Settings {
  static cacheList: Record<string, string> = {};
  static async get(key: string) {
    if (Settings.cacheList[key]) return Settings.cacheList[key];
    Settings.cacheList[key] = await api.get(key);
    return Settings.cacheList[key];
  }
}`,
      errors: [
        { messageId: 'cacheContainer', data: { name: "RatesService.rates", where: "`RatesService.rate` (line 9)" }, line: 5, column: 20, endLine: 5, endColumn: 25 },
        { messageId: 'cacheContainer', data: { name: "Settings.cacheList", where: "`Settings.get` (line 17)" }, line: 14, column: 10, endLine: 14, endColumn: 19 },
      ],
    },
    // Scripts are checked with `checkScripts`.
    {
      filename: 'scripts/seed.ts',
      options: [{checkScripts: true}],
      code: `import NodeCache from 'node-cache';
export const cache = new NodeCache();`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "cache", library: "node-cache" }, line: 2, column: 14, endLine: 2, endColumn: 19 },
      ],
    },
    // Plain JavaScript: memoizee through require.
    {
      languageOptions: { parser: espree as never },
      code: `const memoize = require('memoizee');
const { getRates } = require('./rates');
exports.rates = memoize(getRates, { promise: true, maxAge: 60000 });`,
      errors: [
        { messageId: 'memoized', data: { name: "rates", library: "memoizee" }, line: 3, column: 9, endLine: 3, endColumn: 14 },
      ],
    },
    // quick-lru.
    {
      code: `import QuickLRU from 'quick-lru';
export const recent = new QuickLRU<string, string>({ maxSize: 1000 });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "recent", library: "quick-lru" }, line: 2, column: 14, endLine: 2, endColumn: 20 },
      ],
    },
    // node-cache with a TTL.
    {
      code: `import NodeCache from 'node-cache';
export const tokens = new NodeCache({ stdTTL: 600 });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "tokens", library: "node-cache" }, line: 2, column: 14, endLine: 2, endColumn: 20 },
      ],
    },
    // mnemonist, deep import.
    {
      code: `import LRUMap from 'mnemonist/lru-map';
export const lastSeen = new LRUMap<string, number>(10_000);`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "lastSeen", library: "mnemonist LRUMap" }, line: 2, column: 14, endLine: 2, endColumn: 22 },
      ],
    },
    // tiny-lru's class.
    {
      code: `import { LRU } from 'tiny-lru';
export const pages = new LRU(100);`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "pages", library: "tiny-lru" }, line: 2, column: 14, endLine: 2, endColumn: 19 },
      ],
    },
    // memoize-one.
    {
      code: `import memoizeOne from 'memoize-one';
export const currentPlan = memoizeOne((userId: string) => ({ userId }));`,
      errors: [
        { messageId: 'memoized', data: { name: "currentPlan", library: "memoize-one" }, line: 2, column: 14, endLine: 2, endColumn: 25 },
      ],
    },
    // moize with options.
    {
      code: `import moize from 'moize';
export const price = moize((sku: string) => sku.length, { maxAge: 60_000, isPromise: false });`,
      errors: [
        { messageId: 'memoized', data: { name: "price", library: "moize" }, line: 2, column: 14, endLine: 2, endColumn: 19 },
      ],
    },
    // p-memoize with an in-memory Map as its cache.
    {
      code: `import pMemoize from 'p-memoize';
export const fetchUser = pMemoize(async (id: string) => ({ id }), { cache: new Map() });`,
      errors: [
        { messageId: 'memoized', data: { name: "fetchUser", library: "p-memoize" }, line: 2, column: 14, endLine: 2, endColumn: 23 },
      ],
    },
    // A memoized function in a static field.
    {
      code: `import memoize from 'lodash/memoize';
export class Geo {
  static lookup = memoize((ip: string) => ip.split('.'));
}`,
      errors: [
        { messageId: 'memoized', data: { name: "lookup", library: "lodash memoize" }, line: 3, column: 10, endLine: 3, endColumn: 16 },
      ],
    },
    // A cache named like one in a module-level object, filled from a response.
    {
      code: `const responseCache: Record<string, Response> = {};
export async function get(url: string) {
  responseCache[url] ??= await fetch(url);
  return responseCache[url];
}`,
      errors: [
        { messageId: 'cacheContainer', data: { name: "responseCache", where: "`get` (line 3)" }, line: 1, column: 7, endLine: 1, endColumn: 20 },
      ],
    },
    // cache-manager v4 with the default store (no `store` option).
    {
      code: `import cacheManager from 'cache-manager';
export const memory = cacheManager.caching({ max: 100, ttl: 10 });`,
      errors: [
        { messageId: 'cacheInstance', data: { name: "memory", library: "cache-manager memory store" }, line: 2, column: 14, endLine: 2, endColumn: 20 },
      ],
    },
    // A singleton created at module level with a cache field filled after a miss.
    {
      code: `declare const http: { get(url: string): Promise<string> };
class PriceClient {
  private prices = new Map<string, string>();
  async price(sku: string) {
    const hit = this.prices.get(sku);
    if (hit !== undefined) return hit;
    const value = await http.get('/p/' + sku);
    this.prices.set(sku, value);
    return value;
  }
}
export const prices = new PriceClient();`,
      errors: [
        { messageId: 'cacheContainer', data: { name: "PriceClient.prices", where: "`PriceClient.price` (line 8)" }, line: 3, column: 11, endLine: 3, endColumn: 17 },
      ],
    },

    // Typed: the stored value is a Promise of fetched data.
    {
      mode: 'typed',
      code: `declare const db: { find(id: string): Promise<object> };\nconst pending = new Map<string, Promise<object>>();\nexport function getUser(id: string) {\n  if (!pending.has(id)) pending.set(id, db.find(id));\n  return pending.get(id);\n}`,
      errors: [{ messageId: 'cacheContainer', data: { name: 'pending', where: '`getUser` (line 4)' }, line: 2, column: 7, endLine: 2, endColumn: 14 }],
    },
    // Untyped, a parameter's type is unknown: a Map named like a cache filled with it is a cache.
    {
      mode: 'untyped',
      code: `const handlerCache = new Map<string, () => void>();\nexport function on(name: string, handler: () => void) { handlerCache.set(name, handler); }`,
      errors: [{ messageId: 'cacheContainer', data: { name: 'handlerCache', where: '`on` (line 2)' }, line: 1, column: 7, endLine: 1, endColumn: 19 }],
    },
  ],
});
