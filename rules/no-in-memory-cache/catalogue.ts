/**
 * What no-in-memory-cache knows beyond the shared cache catalogue (core's service/state: cache
 * libraries and memoizers), as data: memoizing decorators, and modules that are a process-wide
 * cache themselves. Extend the lists here; the rule's logic names no library.
 */
import { IN_MEMORY_STORE, cacheOptionStore, type CacheSpec } from '@statelint/core';

/**
 * Modules that are a cache themselves (a process-wide singleton): using `use` makes the importing
 * binding the cache. `exemptWhen` names a configuration call whose options move it to a store.
 */
export interface SingletonCacheModule {
  module: string;
  library: string;
  use: readonly string[];
  exemptWhen?: { path: readonly string[]; option: string };
}

export const SINGLETON_CACHE_MODULES: readonly SingletonCacheModule[] = [
  { module: 'memory-cache', library: 'memory-cache', use: ['put'] },
  { module: 'apicache', library: 'apicache', use: ['middleware'], exemptWhen: { path: ['options'], option: 'redisClient' } },
];

/** Decorators that memoize a method's results on the instance. */
export const MEMOIZING_DECORATORS: readonly CacheSpec[] = [
  { module: 'typescript-memoize', path: ['Memoize'], library: 'typescript-memoize', create: 'any', store: IN_MEMORY_STORE },
  { module: 'typescript-memoize', path: ['MemoizeExpiring'], library: 'typescript-memoize', create: 'any', store: IN_MEMORY_STORE },
  { module: 'memoize-decorator', path: [], library: 'memoize-decorator', create: 'any', store: IN_MEMORY_STORE },
  { module: 'lodash-decorators', path: ['Memoize'], library: 'lodash-decorators', create: 'any', store: IN_MEMORY_STORE },
  { module: 'lodash-decorators', path: ['memoize'], library: 'lodash-decorators', create: 'any', store: IN_MEMORY_STORE },
  { module: 'decko', path: ['memoize'], library: 'decko', create: 'any', store: IN_MEMORY_STORE },
  { module: 'mem', path: ['memDecorator'], library: 'mem', create: 'any', store: cacheOptionStore(0) },
  { module: 'memoize', path: ['memoizeDecorator'], library: 'memoize', create: 'any', store: cacheOptionStore(0) },
  { module: 'p-memoize', path: ['pMemoizeDecorator'], library: 'p-memoize', create: 'any', store: cacheOptionStore(0) },
];
