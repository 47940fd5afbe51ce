/**
 * What require-graceful-shutdown knows, as data: which calls create servers, which start them, which
 * libraries register signal handlers or close servers for you, and their defaults. Verified against
 * each package's own types and README (REFERENCE.md, "What a correct shutdown does"). The rule's
 * logic names none of these APIs.
 */
import { SERVER_FACTORIES as CORE_SERVER_FACTORIES } from '@statelint/core';

/** What a value is, when the rule can tell: a server (by framework) or a shutdown helper. */
export type ServerKind =
  | 'http'
  | 'express'
  | 'koa'
  | 'fastify'
  | 'nest'
  | 'hono'
  | 'hapi'
  | 'stoppable'
  | 'terminator';

export interface ApiSpec {
  module: string;
  path: readonly string[];
  kind: ServerKind;
}

/** How each framework of core's server catalogue is closed (the messages' fixes are per kind). */
const KIND_OF_FRAMEWORK: Readonly<Record<string, ServerKind>> = {
  http: 'http', https: 'http', http2: 'http', net: 'http', tls: 'http',
  express: 'express', connect: 'express', polka: 'express', restify: 'express', feathers: 'express', micro: 'http', 'socket.io': 'http',
  koa: 'koa', fastify: 'fastify', nest: 'nest', hapi: 'hapi', hono: 'http',
};

/**
 * Calls (and `new`) that create a server or an app whose `listen()` (hapi: `start()`) starts one:
 * core's one server catalogue (`SERVER_FACTORIES` of @statelint/core), with the kind that says how
 * to close it.
 */
export const SERVER_FACTORIES: readonly (ApiSpec & { start: readonly string[] })[] = CORE_SERVER_FACTORIES.flatMap((f) => {
  const kind = KIND_OF_FRAMEWORK[f.framework];
  return kind === undefined ? [] : [{ module: f.module, path: f.path, kind, start: f.start ?? ['listen'] }];
});

/** Calls that start a server and return it (reported at the call, like `listen`). */
export const SERVE_FUNCTIONS: readonly ApiSpec[] = [{ module: '@hono/node-server', path: ['serve'], kind: 'hono' }];

/** The method that starts a server whose receiver is one of SERVER_FACTORIES' values. */
export const LISTEN_METHOD = 'listen';
/** Every method that starts one (hapi's `server.start()`). */
export const START_METHODS: ReadonlySet<string> = new Set(CORE_SERVER_FACTORIES.flatMap((f) => f.start ?? [LISTEN_METHOD]).concat(LISTEN_METHOD));

/** Frameworks whose `listen()` is the app's own (closed through the app: `app.close()`). */
export const APP_CLOSES_ITSELF: ReadonlySet<ServerKind> = new Set(['fastify', 'nest', 'hapi']);

/** Calls that return their first argument, wrapped: `stoppable(server)` adds `server.stop()`. */
export const SERVER_WRAPPERS: readonly ApiSpec[] = [{ module: 'stoppable', path: [], kind: 'stoppable' }];

/** `createHttpTerminator({ server })`: `terminator.terminate()` closes that server. */
export const TERMINATORS: readonly (ApiSpec & { serverProperty: string })[] = [
  { module: 'http-terminator', path: ['createHttpTerminator'], kind: 'terminator', serverProperty: 'server' },
];

/** Methods that stop a server (or a wrapper of one) from accepting connections. */
export const CLOSE_METHODS: ReadonlySet<string> = new Set(['close', 'stop', 'terminate', 'shutdown']);

/** Methods that close keep-alive connections. */
export const KEEP_ALIVE_METHODS: ReadonlySet<string> = new Set(['closeIdleConnections', 'closeAllConnections']);

/** Values whose close also ends keep-alive connections (Fastify closes idle ones; the others track sockets). */
export const CLOSES_KEEP_ALIVE: ReadonlySet<ServerKind> = new Set(['fastify', 'hapi', 'stoppable', 'terminator']);

/** Properties of an app that are its HTTP server (`fastify.server`, `hapi.listener`). */
export const SERVER_PROPERTIES: ReadonlySet<string> = new Set(['server', 'httpServer', 'listener']);

/** `process` methods that add a listener. */
export const SIGNAL_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

export const SIGTERM = 'SIGTERM';
export const SIGINT = 'SIGINT';

/** Libraries that register signal handlers themselves, with their defaults. */
export interface SignalLibrary {
  module: string;
  path: readonly string[];
  /** Which argument is the server it closes (-1: none, the handler does it). */
  serverArgument: number;
  /** Which argument is the handler function (-1: none). A negative index counts from the end. */
  handlerArgument: number | 'last';
  /** Which argument holds the options object. */
  optionsArgument: number;
  /** Signals handled when the options say nothing. */
  defaultSignals: readonly string[];
  /** Options naming signals: an array, or a string split on spaces. */
  signalOptions: readonly string[];
  /** Forced-exit bound: option names (the smallest given wins) and the default. */
  boundOptions: readonly string[];
  defaultBoundMs: number | undefined;
  /** An option that, when `false`, turns the forced exit off. */
  forceExitOption?: string;
  /** It closes keep-alive connections itself. */
  closesKeepAlive: boolean;
}

export const SIGNAL_LIBRARIES: readonly SignalLibrary[] = [
  {
    // createTerminus(server, { signal: 'SIGTERM', signals: [], timeout: 1000, onSignal })
    module: '@godaddy/terminus',
    path: ['createTerminus'],
    serverArgument: 0,
    handlerArgument: -1,
    optionsArgument: 1,
    defaultSignals: [SIGTERM],
    signalOptions: ['signal', 'signals'],
    boundOptions: ['timeout'],
    defaultBoundMs: 1000,
    closesKeepAlive: true,
  },
  {
    // gracefulShutdown(server, { signals: 'SIGINT SIGTERM', timeout: 30000, forceExit: true })
    module: 'http-graceful-shutdown',
    path: [],
    serverArgument: 0,
    handlerArgument: -1,
    optionsArgument: 1,
    defaultSignals: [SIGINT, SIGTERM],
    signalOptions: ['signals'],
    boundOptions: ['timeout'],
    defaultBoundMs: 30000,
    forceExitOption: 'forceExit',
    closesKeepAlive: true,
  },
  {
    // closeWithGrace({ delay: 10000 }, async ({ signal, err }) => { await app.close() })
    module: 'close-with-grace',
    path: [],
    serverArgument: -1,
    handlerArgument: 'last',
    optionsArgument: 0,
    defaultSignals: [SIGTERM, SIGINT],
    signalOptions: [],
    boundOptions: ['delay'],
    defaultBoundMs: 10000,
    closesKeepAlive: false,
  },
];

/**
 * lightship: `createLightship(options)` registers the signal handlers; the handlers are given with
 * `lightship.registerShutdownHandler(fn)`. It forces the exit after `gracefulShutdownTimeout`, or
 * `shutdownDelay` + `shutdownHandlerTimeout` once the handlers run.
 */
export const LIGHTSHIP = {
  module: 'lightship',
  create: ['createLightship'],
  registerMethod: 'registerShutdownHandler',
  // v9 defaults to [SIGTERM]; earlier versions also handled SIGINT and SIGHUP.
  defaultSignals: [SIGTERM, SIGINT],
  signalOption: 'signals',
  defaults: { gracefulShutdownTimeout: 60000, shutdownDelay: 5000, shutdownHandlerTimeout: 5000 },
} as const;

/** NestJS: `app.enableShutdownHooks(signals?)` makes Nest close the app on every shutdown signal. */
export const NEST_SHUTDOWN_HOOKS = 'enableShutdownHooks';
/** `NestFactory.create(module, adapter?, { forceCloseConnections: true })` closes keep-alive sockets. */
export const NEST_FORCE_CLOSE_OPTION = 'forceCloseConnections';

/** Timers whose callback (first argument) runs after the delay (second argument). */
export const CALLBACK_TIMERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'globalThis', path: ['setTimeout'] },
  { module: 'timers', path: ['setTimeout'] },
];

/** Timers that resolve a promise after the delay (first argument): `sleep(ms).then(() => exit)`. */
export const PROMISE_TIMERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'timers', path: ['promises', 'setTimeout'] },
  { module: 'globalThis', path: ['scheduler', 'wait'] },
];
/** Names of project helpers that wait (`await sleep(ms)`, `delay(ms).then(…)`). */
export const SLEEP_NAMES = /^(sleep|delay|wait|timeout)$/i;

/** Methods that close a client (database, cache, broker), never a server: `pool.end()`, `redis.quit()`. */
export const CLIENT_CLOSE_METHODS: ReadonlySet<string> = new Set(['end', 'quit', 'disconnect', '$disconnect']);

/**
 * Method names that never close a server, whatever they are called on: promise chaining, arrays,
 * maps, loggers. Calls of these are not "code the rule cannot see".
 */
export const NEUTRAL_METHODS: ReadonlySet<string> = new Set([
  'then', 'catch', 'finally', 'map', 'forEach', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex',
  'push', 'pop', 'shift', 'unshift', 'includes', 'indexOf', 'keys', 'values', 'entries', 'join', 'slice',
  'concat', 'toString', 'get', 'has', 'set', 'add', 'delete', 'unref', 'ref', 'setHeader',
  'info', 'warn', 'error', 'debug', 'log', 'trace', 'fatal', 'verbose', 'notice', 'child', 'flush',
  'emit', 'on', 'once', 'off', 'removeListener', 'removeAllListeners', 'address',
]);

/** Module specifiers that load data, not code (an import of one cannot install a handler). */
export const NON_CODE_SPECIFIER = /\.(json|css|scss|sass|less|graphql|gql|sql|html|svg|png|jpe?g|gif|txt|md|ya?ml|node)$/i;

/** Non-relative specifiers that are project path aliases by convention (`@/x`, `~/x`, `#x`, `src/x`). */
export const ALIAS_SPECIFIER = /^(@\/|~\/?|#|src\/|app\/)/;

