/**
 * Long-lived state, decided once per file for every rule that judges it: which slots outlive a
 * request (module bindings, static fields, fields of process-wide singletons), what they hold, when
 * they change (load, start-up, runtime: run-context.ts), what other modules do with them
 * (imported-uses.ts), and which containers are caches (the shared cache catalogue). no-module-state,
 * no-in-memory-cache and no-in-memory-sessions read it; each keeps only its judgement and messages.
 */
export {
  MODULE_STATE,
  ModuleState,
  type GlobalWrite,
  type KeyedRead,
  type Mutation,
  type Site,
  type Slot,
  type SlotKind,
  type Verdict,
  type VerdictKind,
  type Write,
  type WriteClass,
} from './module-state.js';
export { usesFromOtherModules, type ForeignUse } from './imported-uses.js';
export { isExported, matchesFunction, type RunContext } from './run-context.js';
export { followUses, type Use, type UseKind } from './uses.js';
export { describeSite } from './describe.js';
export { CACHE_LIBRARIES, CACHE_MODULES, CACHE_NAME, IN_MEMORY_STORE, MEMOIZERS, cacheOptionStore, type CacheSpec, type StoreCheck } from './cache-catalogue.js';
export { cacheCreation, keepsEntriesInMemory, specMatches, type CacheCreation, type CacheCreationKind } from './cache-match.js';
