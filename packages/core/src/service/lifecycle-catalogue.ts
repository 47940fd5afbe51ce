/**
 * When registered code runs, as data: the calls whose callback argument runs per request, in the
 * background (timers, cron, queues), at start-up or at shutdown, and the framework hooks that run
 * once. call-graph.ts names none of these APIs.
 */
import type { Lifecycle } from './call-graph.js';

export interface CallbackApi {
  module: string;
  path: readonly string[];
  lifecycle: Lifecycle;
  /** Only when the first argument is one of these strings (event names, signals). */
  firstArgument?: readonly string[];
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'beforeExit', 'exit'];

/** Module functions whose function arguments run in a lifecycle. */
export const CALLBACK_APIS: readonly CallbackApi[] = [
  ...['setInterval', 'setTimeout', 'setImmediate', 'queueMicrotask'].map((name) => ({ module: 'globalThis', path: [name], lifecycle: 'background' as const })),
  ...['setInterval', 'setTimeout', 'setImmediate'].map((name) => ({ module: 'timers', path: [name], lifecycle: 'background' as const })),
  { module: 'node-cron', path: ['schedule'], lifecycle: 'background' },
  { module: 'cron', path: ['CronJob'], lifecycle: 'background' },
  { module: 'cron', path: ['CronJob', 'from'], lifecycle: 'background' },
  { module: 'cron', path: ['job'], lifecycle: 'background' },
  { module: 'node-schedule', path: ['scheduleJob'], lifecycle: 'background' },
  { module: 'bullmq', path: ['Worker'], lifecycle: 'background' },
  { module: 'croner', path: ['Cron'], lifecycle: 'background' },
  { module: 'croner', path: [], lifecycle: 'background' },
  { module: 'close-with-grace', path: [], lifecycle: 'shutdown' },
  // A Fastify plugin's body runs once, while the server boots (its routes are request roots of their own).
  { module: 'fastify-plugin', path: [], lifecycle: 'startup' },
  { module: 'fastify-plugin', path: ['default'], lifecycle: 'startup' },
  ...['on', 'once', 'addListener', 'prependListener', 'prependOnceListener'].map((name) => ({
    module: 'globalThis',
    path: ['process', name],
    lifecycle: 'shutdown' as const,
    firstArgument: SIGNALS,
  })),
];

/** Methods (on any receiver) whose function arguments run in a lifecycle. */
export const CALLBACK_METHODS: readonly {
  names: readonly string[];
  lifecycle: Lifecycle;
  firstArgument?: readonly string[];
  /** Only on an application (APP_RECEIVER, or a chain of calls on one: `app.register(a).register(b)`). */
  onApplication?: boolean;
}[] = [
  { names: ['listen'], lifecycle: 'startup' },
  { names: ['on', 'once'], lifecycle: 'startup', firstArgument: ['listening', 'ready', 'connected', 'connect'] },
  { names: ['on', 'once'], lifecycle: 'request', firstArgument: ['connection', 'request', 'upgrade', 'message', 'stream'] },
  { names: ['process', 'define', 'every', 'consume', 'subscribe', 'scheduleJob', 'schedule'], lifecycle: 'background' },
  { names: ['registerShutdownHandler', 'onShutdown', 'addShutdownHandler'], lifecycle: 'shutdown' },
  { names: ['addHook'], lifecycle: 'shutdown', firstArgument: ['onClose', 'preClose'] },
  { names: ['addHook'], lifecycle: 'startup', firstArgument: ['onReady', 'onListen', 'onRoute', 'onRegister'] },
  // `fastify.register(plugin)`, hapi's `server.register(plugin)`: the plugin runs while the server boots.
  { names: ['register', 'after'], lifecycle: 'startup', onApplication: true },
];

/** Class methods a framework calls once (NestJS, and their peers). */
export const LIFECYCLE_METHODS: Readonly<Record<string, Lifecycle>> = {
  onModuleInit: 'startup',
  onApplicationBootstrap: 'startup',
  onModuleDestroy: 'shutdown',
  beforeApplicationShutdown: 'shutdown',
  onApplicationShutdown: 'shutdown',
};

/** Methods whose callback runs during the call (it shares the caller's lifecycle). */
export const SYNC_CALLBACKS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort', 'then', 'catch', 'finally',
]);

/** Route-registration methods: with a path first (or `use`), their function arguments run per request. */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route', 'param', 'any']);
/** Receivers that hold an application or router when their value cannot be traced (an untyped parameter, `this.app`). */
export const APP_RECEIVER = /^(app|application|router|server|api|routes?|apiRouter|web|srv|fastify|instance|koa|express|r)$|Router$|App$|Server$/;

/** A condition that selects a test or development run: a registration under it is not production code. */
export const TEST_SWITCH = /\bNODE_ENV\b[^&|]*['"`](test|testing|development|dev)['"`]|['"`](test|testing|development|dev)['"`][^&|]*\bNODE_ENV\b|\bisTest\w*\b|\bisDev(elopment)?\b|\bJEST_WORKER_ID\b|\bVITEST\b|\bisTesting\b|\bTEST_MODE\b/;
