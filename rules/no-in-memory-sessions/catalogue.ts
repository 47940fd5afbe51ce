/**
 * What no-in-memory-sessions knows, as data: session middleware that falls back to an in-memory
 * store when given none, in-memory stores used explicitly, and socket.io servers (whose default
 * adapter keeps rooms on one replica), and servers with a session store of their own (oidc-provider). cookie-session, koa-session and @fastify/secure-session keep
 * the session in the client's cookie, which is stateless: they are not listed.
 */

export interface ModuleValue {
  module: string;
  path: readonly string[];
  /** Shown in messages. */
  api: string;
}

export interface SessionMiddleware extends ModuleValue {
  /** Index of the options argument. */
  optionsArgument: number;
  /** The option that sets an external store. */
  storeOption: string;
}

/** `session(options)`: without `options.store`, sessions live in a MemoryStore in this process. */
export const SESSION_MIDDLEWARE: readonly SessionMiddleware[] = [
  { module: 'express-session', path: [], api: 'express-session', optionsArgument: 0, storeOption: 'store' },
  { module: 'koa-generic-session', path: [], api: 'koa-generic-session', optionsArgument: 0, storeOption: 'store' },
  { module: 'next-session', path: [], api: 'next-session', optionsArgument: 0, storeOption: 'store' },
  { module: 'next-session', path: ['nextSession'], api: 'next-session', optionsArgument: 0, storeOption: 'store' },
];

/** `app.register(plugin, options)`: Fastify session plugins, MemoryStore without `options.store`. */
export const SESSION_PLUGINS: readonly SessionMiddleware[] = [
  { module: '@fastify/session', path: [], api: '@fastify/session', optionsArgument: 1, storeOption: 'store' },
  { module: '@fastify/session', path: ['fastifySession'], api: '@fastify/session', optionsArgument: 1, storeOption: 'store' },
  { module: 'fastify-session', path: [], api: 'fastify-session', optionsArgument: 1, storeOption: 'store' },
];

/**
 * Constructors of servers that keep their sessions in memory without a storage option:
 * oidc-provider's `new Provider(issuer, configuration)` falls back to its development adapter (an
 * LRU in process memory) for sessions, grants, codes and tokens when `configuration.adapter` is unset.
 */
export const SESSION_SERVERS: readonly SessionMiddleware[] = [
  { module: 'oidc-provider', path: [], api: 'oidc-provider', optionsArgument: 1, storeOption: 'adapter' },
  { module: 'oidc-provider', path: ['Provider'], api: 'oidc-provider', optionsArgument: 1, storeOption: 'adapter' },
];

/** The method that registers a plugin with its options (`fastify.register(plugin, options)`). */
export const PLUGIN_REGISTER_METHOD = 'register';

/** In-memory session stores constructed explicitly. */
export const MEMORY_STORES: readonly ModuleValue[] = [
  { module: 'express-session', path: ['MemoryStore'], api: 'session.MemoryStore' },
  { module: 'koa-generic-session', path: ['MemoryStore'], api: 'koa-generic-session MemoryStore' },
  { module: '@fastify/session', path: ['MemoryStore'], api: '@fastify/session MemoryStore' },
];

/** Factories that return an in-memory store class: `require('memorystore')(session)`. */
export const MEMORY_STORE_FACTORIES: readonly ModuleValue[] = [{ module: 'memorystore', path: [], api: 'memorystore' }];

/** socket.io servers: without an adapter, rooms and broadcasts stay on one replica. */
export const SOCKET_SERVERS: readonly ModuleValue[] = [
  { module: 'socket.io', path: ['Server'], api: 'socket.io Server' },
  { module: 'socket.io', path: [], api: 'socket.io Server' },
];

/** The option and the method that attach an adapter to a socket.io server. */
export const SOCKET_ADAPTER_OPTION = 'adapter';
export const SOCKET_ADAPTER_METHOD = 'adapter';
