/**
 * What the module-state analysis knows, as data: which methods mutate which containers, which functions
 * mutate their argument, which calls create containers or freeze them, where code runs at startup or
 * shutdown rather than per request, and which frameworks make a class a process-wide singleton.
 * The analysis (`module-state.ts`) names none of these APIs.
 */

/** The kinds of container whose contents the analysis follows. */
export type ContainerKind = 'map' | 'set' | 'array' | 'object';

/** Methods that change a container's contents, by kind. */
export const MUTATING_METHODS: Readonly<Record<ContainerKind, ReadonlySet<string>>> = {
  map: new Set(['set', 'delete', 'clear']),
  set: new Set(['add', 'delete', 'clear']),
  array: new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']),
  object: new Set(),
};

/** Mutating methods that only remove entries. */
export const REMOVING_METHODS: ReadonlySet<string> = new Set(['delete', 'clear', 'splice', 'pop', 'shift']);

/**
 * On a value of unknown kind nested in a known container (`rooms.get(id).add(user)`,
 * `state.users.push(u)`), these method names are read as mutations.
 */
export const NESTED_MUTATING_METHODS: ReadonlySet<string> = new Set([
  ...MUTATING_METHODS.map,
  ...MUTATING_METHODS.set,
  ...MUTATING_METHODS.array,
]);

/** Methods that read one entry by key (the first argument): `get`, `has`. */
export const KEYED_READ_METHODS: Readonly<Record<ContainerKind, ReadonlySet<string>>> = {
  map: new Set(['get', 'has']),
  set: new Set(),
  array: new Set(),
  object: new Set(['hasOwnProperty']),
};

/** Methods whose result is an element of the container (mutating it mutates the container's data). */
export const ELEMENT_METHODS: Readonly<Record<ContainerKind, ReadonlySet<string>>> = {
  map: new Set(['get']),
  set: new Set(),
  array: new Set(['find', 'findLast', 'at']),
  object: new Set(),
};

export interface ModuleFunction {
  module: string;
  path: readonly string[];
}

export interface Mutator extends ModuleFunction {
  /** Index of the argument that is mutated. */
  argument: number;
  /** Shown in messages. */
  api: string;
}

const lodashMutators = ['set', 'unset', 'merge', 'mergeWith', 'assign', 'assignIn', 'defaults', 'defaultsDeep', 'remove', 'pull', 'pullAll', 'pullAt', 'update'];

/** Functions that mutate one of their arguments: passing a container to them mutates it. */
export const MUTATORS: readonly Mutator[] = [
  { module: 'globalThis', path: ['Object', 'assign'], argument: 0, api: 'Object.assign' },
  { module: 'globalThis', path: ['Object', 'defineProperty'], argument: 0, api: 'Object.defineProperty' },
  { module: 'globalThis', path: ['Object', 'defineProperties'], argument: 0, api: 'Object.defineProperties' },
  { module: 'globalThis', path: ['Reflect', 'set'], argument: 0, api: 'Reflect.set' },
  { module: 'globalThis', path: ['Reflect', 'defineProperty'], argument: 0, api: 'Reflect.defineProperty' },
  { module: 'globalThis', path: ['Reflect', 'deleteProperty'], argument: 0, api: 'Reflect.deleteProperty' },
  ...lodashMutators.flatMap((name): Mutator[] => [
    { module: 'lodash', path: [name], argument: 0, api: `_.${name}` },
    { module: 'lodash-es', path: [name], argument: 0, api: `_.${name}` },
    { module: `lodash/${name}`, path: [], argument: 0, api: `_.${name}` },
  ]),
];

/** Calls that build a new container of a known kind. */
export const CONTAINER_FACTORIES: readonly (ModuleFunction & { kind: ContainerKind })[] = [
  { module: 'globalThis', path: ['Map'], kind: 'map' },
  { module: 'globalThis', path: ['Set'], kind: 'set' },
  { module: 'globalThis', path: ['Array'], kind: 'array' },
  { module: 'globalThis', path: ['Array', 'from'], kind: 'array' },
  { module: 'globalThis', path: ['Array', 'of'], kind: 'array' },
  { module: 'globalThis', path: ['Object', 'create'], kind: 'object' },
  { module: 'globalThis', path: ['Object', 'fromEntries'], kind: 'object' },
];

/** Containers whose entries die with their keys: side data on objects, not state. */
export const WEAK_CONTAINERS: readonly ModuleFunction[] = [
  { module: 'globalThis', path: ['WeakMap'] },
  { module: 'globalThis', path: ['WeakSet'] },
  { module: 'globalThis', path: ['WeakRef'] },
];

/** Calls that return an immutable value: nothing can be mutated afterwards. */
export const FREEZERS: readonly ModuleFunction[] = [
  { module: 'globalThis', path: ['Object', 'freeze'] },
  { module: 'deep-freeze', path: [] },
  { module: 'deep-freeze-strict', path: [] },
  { module: 'deep-freeze-es6', path: [] },
  { module: 'immutable', path: ['Map'] },
  { module: 'immutable', path: ['List'] },
  { module: 'immutable', path: ['Set'] },
  { module: 'immutable', path: ['fromJS'] },
];

/** `process.on(<event>, handler)`: handlers of process events run at startup or shutdown. */
export const PROCESS_LISTENERS: readonly ModuleFunction[] = ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener'].map(
  (name) => ({ module: 'globalThis', path: ['process', name] }),
);

/** Methods whose callback runs once, when the server starts: `server.listen(port, () => …)`. */
export const STARTUP_CALLBACK_METHODS: ReadonlySet<string> = new Set(['listen']);

/** `emitter.on(<event>, …)` events that mark a client's or server's own lifecycle, not a request. */
export const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(['listening', 'ready', 'connected']);

/** Callbacks of these methods run synchronously, during the call (`rows.forEach(r => …)`). */
export const SYNC_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
]);

/** Constructors that run their executor synchronously: `new Promise((resolve) => …)`. */
export const SYNC_EXECUTORS: readonly ModuleFunction[] = [{ module: 'globalThis', path: ['Promise'] }];

/** Functions that call their callback once, soon after: in the context of the call. */
export const ONCE_CALLBACK_FUNCTIONS: readonly ModuleFunction[] = [
  { module: 'globalThis', path: ['process', 'nextTick'] },
  { module: 'globalThis', path: ['setImmediate'] },
  { module: 'globalThis', path: ['setTimeout'] },
  { module: 'globalThis', path: ['queueMicrotask'] },
];

/** Functions whose result is a handle (a timer), not data: assigning it is not state. */
export const HANDLE_FUNCTIONS: readonly ModuleFunction[] = [
  { module: 'globalThis', path: ['setInterval'] },
  { module: 'globalThis', path: ['setTimeout'] },
  { module: 'globalThis', path: ['setImmediate'] },
];

/** Promise callbacks run once, in the context of the promise they hang off. */
export const PROMISE_CALLBACK_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** NestJS lifecycle hooks: they run once, at startup or shutdown. */
export const LIFECYCLE_HOOKS: ReadonlySet<string> = new Set([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * Decorators that make a class a process-wide singleton, unless their options give another scope.
 * `scopeOption` names the option and `singletonScopes` the member names (`Scope.DEFAULT`) or strings
 * that keep it a singleton; `transientOption` a boolean option that makes it per-resolution.
 */
export interface SingletonDecorator extends ModuleFunction {
  /** Shown in messages: what kind of object lives as long as the process. */
  lifetime: string;
  /** Index of the options argument. */
  optionsArgument: number;
  scopeOption?: string;
  singletonScopes?: ReadonlySet<string>;
  transientOption?: string;
}

const nestDefault = { optionsArgument: 0, scopeOption: 'scope', singletonScopes: new Set(['DEFAULT']) };

export const SINGLETON_DECORATORS: readonly SingletonDecorator[] = [
  { module: '@nestjs/common', path: ['Injectable'], lifetime: 'a NestJS provider with the default (singleton) scope', ...nestDefault },
  { module: '@nestjs/common', path: ['Controller'], lifetime: 'a NestJS controller with the default (singleton) scope', ...nestDefault },
  { module: '@nestjs/websockets', path: ['WebSocketGateway'], lifetime: 'a NestJS gateway (a singleton)', optionsArgument: -1 },
  { module: '@nestjs/graphql', path: ['Resolver'], lifetime: 'a NestJS resolver with the default (singleton) scope', ...nestDefault, optionsArgument: -1 },
  {
    module: 'typedi',
    path: ['Service'],
    lifetime: 'a typedi service (a container-wide singleton)',
    optionsArgument: 0,
    scopeOption: 'scope',
    singletonScopes: new Set(['singleton', 'container']),
    transientOption: 'transient',
  },
  { module: 'tsyringe', path: ['singleton'], lifetime: 'a tsyringe singleton', optionsArgument: -1 },
];

/**
 * Names of the global object in Node. `window` and `self` are the browser's, where a global is the
 * page's own business, not a replica's.
 */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'global']);

/** `process.env`: writing it at runtime changes the configuration of this one process. */
export const PROCESS_ENV: ModuleFunction = { module: 'globalThis', path: ['process', 'env'] };
