/**
 * Cache libraries that keep their entries in process memory (and how to tell when they are backed
 * by an external store instead), and memoizers, as data. Shared by the module-state analysis (a
 * container holding a cache is a cache, not plain state) and no-in-memory-cache (which reports
 * them). Extend the lists here; the matching logic (cache-match.ts) names no library.
 */

/** How an instance shows that it is backed by an external store. */
export type StoreCheck =
  /** Never: the library only keeps entries in memory. */
  | { kind: 'none' }
  /**
   * An options object (the argument at `argument`, followed through a `const`) with one of
   * `options`; its value is still in memory when it is a string in `memoryValues`, a `new Map()`,
   * or a call to one of `memoryFactories`. A string argument is a store name (or a URI) itself.
   */
  | {
      kind: 'options';
      argument: number;
      options: readonly string[];
      memoryValues?: readonly string[];
      memoryFactories?: readonly { module: string; path: readonly string[] }[];
      /** The options come from this factory option instead (`registerAsync({ useFactory })`). */
      factory?: string;
    };

export interface CacheSpec {
  module: string;
  path: readonly string[];
  /** Shown in messages. */
  library: string;
  /** `new X()`, `X()`, or either. */
  create: 'new' | 'call' | 'any';
  store: StoreCheck;
  /** Match any path below `path` too (`moize.promise`, `moize.deep`). */
  prefix?: boolean;
}

/** The library only keeps its entries in memory. */
export const IN_MEMORY_STORE: StoreCheck = { kind: 'none' };
const inMemory = IN_MEMORY_STORE;

const cacheManagerMemory = [{ module: 'cache-manager', path: ['memoryStore'] }];

/** cache-manager: `caching('memory')`, `caching({ store: 'memory' })`, `createCache()` without `stores`. */
const cacheManagerStore: StoreCheck = {
  kind: 'options',
  argument: 0,
  options: ['store', 'stores'],
  memoryValues: ['memory'],
  memoryFactories: cacheManagerMemory,
};

/** Keyv: `new Keyv()` keeps a Map; a URI, a `store` (other than a Map) or a `uri` option is external. */
const keyvStore: StoreCheck = { kind: 'options', argument: 0, options: ['store', 'uri'] };

/** Instances of cache libraries, kept in process memory. */
export const CACHE_LIBRARIES: readonly CacheSpec[] = [
  { module: 'lru-cache', path: [], library: 'lru-cache', create: 'any', store: inMemory },
  { module: 'lru-cache', path: ['LRUCache'], library: 'lru-cache', create: 'new', store: inMemory },
  { module: 'quick-lru', path: [], library: 'quick-lru', create: 'new', store: inMemory },
  { module: 'node-cache', path: [], library: 'node-cache', create: 'new', store: inMemory },
  { module: 'memory-cache', path: ['Cache'], library: 'memory-cache', create: 'new', store: inMemory },
  { module: 'mnemonist', path: ['LRUMap'], library: 'mnemonist LRUMap', create: 'new', store: inMemory },
  { module: 'mnemonist', path: ['LRUCache'], library: 'mnemonist LRUCache', create: 'new', store: inMemory },
  { module: 'mnemonist', path: ['LRUMapWithDelete'], library: 'mnemonist LRUMapWithDelete', create: 'new', store: inMemory },
  { module: 'mnemonist', path: ['LRUCacheWithDelete'], library: 'mnemonist LRUCacheWithDelete', create: 'new', store: inMemory },
  { module: 'mnemonist/lru-map', path: [], library: 'mnemonist LRUMap', create: 'new', store: inMemory },
  { module: 'mnemonist/lru-cache', path: [], library: 'mnemonist LRUCache', create: 'new', store: inMemory },
  { module: 'tiny-lru', path: [], library: 'tiny-lru', create: 'call', store: inMemory },
  { module: 'tiny-lru', path: ['lru'], library: 'tiny-lru', create: 'call', store: inMemory },
  { module: 'tiny-lru', path: ['LRU'], library: 'tiny-lru', create: 'new', store: inMemory },
  { module: '@apollo/utils.keyvaluecache', path: ['InMemoryLRUCache'], library: 'Apollo InMemoryLRUCache', create: 'new', store: inMemory },
  { module: 'apollo-server-caching', path: ['InMemoryLRUCache'], library: 'Apollo InMemoryLRUCache', create: 'new', store: inMemory },
  { module: 'cache-manager', path: ['caching'], library: 'cache-manager memory store', create: 'call', store: cacheManagerStore },
  { module: 'cache-manager', path: ['createCache'], library: 'cache-manager memory store', create: 'call', store: cacheManagerStore },
  { module: 'keyv', path: [], library: 'Keyv without a storage adapter', create: 'new', store: keyvStore },
  { module: 'keyv', path: ['Keyv'], library: 'Keyv without a storage adapter', create: 'new', store: keyvStore },
  {
    module: 'apicache',
    path: ['newInstance'],
    library: 'apicache without a redisClient',
    create: 'call',
    store: { kind: 'options', argument: 0, options: ['redisClient'] },
  },
];

/** NestJS's CacheModule takes cache-manager's options. */
const nestCacheStore = cacheManagerStore;

/** `CacheModule.register()` without a store: NestJS's cache manager in process memory. */
export const CACHE_MODULES: readonly CacheSpec[] = ['@nestjs/cache-manager', '@nestjs/common'].flatMap((module): CacheSpec[] => [
  { module, path: ['CacheModule', 'register'], library: 'NestJS CacheModule without a store', create: 'call', store: nestCacheStore },
  {
    module,
    path: ['CacheModule', 'registerAsync'],
    library: 'NestJS CacheModule without a store',
    create: 'call',
    store: { ...nestCacheStore, factory: 'useFactory' },
  },
]);

/** Options of memoizers that take a cache object (which may be a shared store). */
export const cacheOptionStore = (argument: number): StoreCheck => ({ kind: 'options', argument, options: ['cache'] });

/** Memoizers: the memoized function keeps its results for as long as it lives. */
export const MEMOIZERS: readonly CacheSpec[] = [
  { module: 'lodash', path: ['memoize'], library: 'lodash memoize', create: 'call', store: inMemory },
  { module: 'lodash-es', path: ['memoize'], library: 'lodash memoize', create: 'call', store: inMemory },
  { module: 'lodash/memoize', path: [], library: 'lodash memoize', create: 'call', store: inMemory },
  { module: 'lodash-es/memoize', path: [], library: 'lodash memoize', create: 'call', store: inMemory },
  { module: 'lodash.memoize', path: [], library: 'lodash memoize', create: 'call', store: inMemory },
  { module: 'underscore', path: ['memoize'], library: 'underscore memoize', create: 'call', store: inMemory },
  { module: 'ramda', path: ['memoizeWith'], library: 'ramda memoizeWith', create: 'call', store: inMemory },
  { module: 'memoizee', path: [], library: 'memoizee', create: 'call', store: inMemory },
  { module: 'memoize-one', path: [], library: 'memoize-one', create: 'call', store: inMemory },
  { module: 'memoize-one', path: ['memoizeOne'], library: 'memoize-one', create: 'call', store: inMemory },
  { module: 'fast-memoize', path: [], library: 'fast-memoize', create: 'call', store: inMemory },
  { module: 'moize', path: [], library: 'moize', create: 'call', store: inMemory, prefix: true },
  { module: 'micro-memoize', path: [], library: 'micro-memoize', create: 'call', store: inMemory },
  { module: 'nano-memoize', path: [], library: 'nano-memoize', create: 'call', store: inMemory },
  { module: 'mem', path: [], library: 'mem', create: 'call', store: cacheOptionStore(1) },
  { module: 'memoize', path: [], library: 'memoize', create: 'call', store: cacheOptionStore(1) },
  { module: 'p-memoize', path: [], library: 'p-memoize', create: 'call', store: cacheOptionStore(1) },
];

/** Names that mark a container as a cache when it is filled at runtime. */
export const CACHE_NAME = /cach(e|ing)|memo(?!r)/i;
