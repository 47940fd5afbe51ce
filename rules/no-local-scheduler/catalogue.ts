/**
 * What no-local-scheduler knows, as data: timers, cron libraries, NestJS schedule decorators, the
 * calls that start a server, what touches a shared store or the network, and what takes a
 * distributed lock. The rule's logic names none of these APIs.
 */
import { SERVE_FUNCTIONS, SERVER_FACTORIES } from '@statelint/core';

export interface ApiRef {
  module: string;
  path: readonly string[];
}

export interface Scheduler extends ApiRef {
  /** Shown in messages. */
  api: string;
  /** Which argument is the job's function (undefined: not in the arguments). */
  jobArgument?: number;
  /** The job is the value of this property of an options argument (`CronJob.from({ onTick })`). */
  jobProperty?: { argument: number; name: string };
}

/** Repeating timers: one callback, run every N milliseconds. */
export const INTERVAL_TIMERS: readonly Scheduler[] = [
  { module: 'globalThis', path: ['setInterval'], api: 'setInterval', jobArgument: 0 },
  { module: 'timers', path: ['setInterval'], api: 'setInterval', jobArgument: 0 },
];

/** One-shot timers: a loop when the callback schedules the function it runs in again. */
export const TIMEOUT_TIMERS: readonly Scheduler[] = [
  { module: 'globalThis', path: ['setTimeout'], api: 'setTimeout', jobArgument: 0 },
  { module: 'timers', path: ['setTimeout'], api: 'setTimeout', jobArgument: 0 },
];

/** Cron-style schedulers that run jobs in the calling process (no coordination between replicas). */
export const CRON_CALLS: readonly Scheduler[] = [
  { module: 'node-cron', path: ['schedule'], api: 'cron.schedule', jobArgument: 1 },
  { module: 'node-cron', path: ['createTask'], api: 'cron.createTask', jobArgument: 1 },
  { module: 'cron', path: ['CronJob', 'from'], api: 'CronJob.from', jobProperty: { argument: 0, name: 'onTick' } },
  { module: 'cron', path: ['job'], api: 'cron.job', jobArgument: 1 },
  { module: 'node-schedule', path: ['scheduleJob'], api: 'schedule.scheduleJob', jobArgument: -1 },
  { module: 'croner', path: [], api: 'Cron', jobArgument: -1 },
  { module: 'croner', path: ['Cron'], api: 'Cron', jobArgument: -1 },
];

/** Constructors of in-process jobs. */
export const CRON_CONSTRUCTORS: readonly Scheduler[] = [
  { module: 'cron', path: ['CronJob'], api: 'new CronJob', jobArgument: 1 },
  { module: 'node-schedule', path: ['Job'], api: 'new schedule.Job', jobArgument: -1 },
  { module: 'toad-scheduler', path: ['SimpleIntervalJob'], api: 'new SimpleIntervalJob' },
  { module: 'toad-scheduler', path: ['LongIntervalJob'], api: 'new LongIntervalJob' },
  { module: 'toad-scheduler', path: ['CronJob'], api: 'new CronJob (toad-scheduler)' },
  { module: 'bree', path: [], api: 'new Bree' },
  { module: 'croner', path: [], api: 'new Cron', jobArgument: -1 },
  { module: 'croner', path: ['Cron'], api: 'new Cron', jobArgument: -1 },
];

/** NestJS decorators that schedule the decorated method in every instance of the app. */
export const SCHEDULE_DECORATORS: readonly Scheduler[] = [
  { module: '@nestjs/schedule', path: ['Cron'], api: '@Cron' },
  { module: '@nestjs/schedule', path: ['Interval'], api: '@Interval' },
];

/**
 * Job runners that coordinate through a shared store (Agenda locks jobs in MongoDB): every job runs
 * once, but started in the web process its work competes with requests. Reported only with the
 * `inProcessWorkers` option, at the call that starts processing.
 */
export const DISTRIBUTED_RUNNERS: readonly (ApiRef & { api: string; startMethods: readonly string[] })[] = [
  { module: 'agenda', path: [], api: 'agenda.start', startMethods: ['start'] },
  { module: 'agenda', path: ['Agenda'], api: 'agenda.start', startMethods: ['start'] },
  { module: '@hokify/agenda', path: ['Agenda'], api: 'agenda.start', startMethods: ['start'] },
];

/** Calls that start (or create) a server that takes requests: a process with one of these serves. */
export const SERVER_STARTS: readonly ApiRef[] = [
  // Core's one server catalogue: the calls that create a server, and the calls that serve.
  ...SERVER_FACTORIES.filter((f) => f.module !== 'express' && f.module !== 'koa' && f.module !== 'fastify' && f.module !== 'connect' && f.module !== 'polka'),
  ...SERVE_FUNCTIONS,
]

/** `app.listen(…)`, `server.listen(…)`, `fastify.listen(…)`: starts taking requests. */
export const LISTEN_METHOD = 'listen';

/** Module-scope functions that are start-up code by name, wherever they are called from. */
export const STARTUP_FUNCTIONS: readonly string[] = ['main', 'bootstrap'];

/** Callbacks that run once, after the start-up code that registers them. */
export const STARTUP_CALLBACK_METHODS: readonly string[] = ['listen', 'then', 'finally'];

/** NestJS lifecycle hooks: run once per app instance, at start-up. */
export const STARTUP_METHODS: readonly string[] = ['onModuleInit', 'onApplicationBootstrap'];

/** NestJS providers are singletons: their constructor runs once, at start-up. */
export const SINGLETON_DECORATORS: readonly ApiRef[] = [{ module: '@nestjs/common', path: ['Injectable'] }];

/** Route registration: a function passed to these runs per request. */
export const ROUTE_METHODS: readonly string[] = [
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'head',
  'options',
  'all',
  'use',
  'route',
  'handle',
];

/** Per-request and per-connection events: `server.on('request', …)`, `wss.on('connection', …)`. */
export const REQUEST_EVENTS: readonly string[] = ['request', 'connection', 'upgrade', 'message', 'stream'];

/** NestJS route decorators: the decorated method runs per request. */
export const ROUTE_DECORATORS: readonly ApiRef[] = [
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'Head',
  'Options',
  'All',
  'MessagePattern',
  'EventPattern',
  'SubscribeMessage',
].map((name) => ({ module: name === 'SubscribeMessage' ? '@nestjs/websockets' : name.endsWith('Pattern') ? '@nestjs/microservices' : '@nestjs/common', path: [name] }));

/** Modules whose functions talk to the network or a shared store (calling them is I/O). */
export const IO_MODULES: readonly string[] = [
  'http',
  'https',
  'http2',
  'net',
  'dgram',
  'axios',
  'got',
  'node-fetch',
  'undici',
  'superagent',
  'ky',
  'pg',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  'knex',
  '@prisma/client',
  'sequelize',
  'typeorm',
  'drizzle-orm',
  'nodemailer',
  'amqplib',
  'kafkajs',
  'bullmq',
  'bull',
  'firebase-admin',
  '@elastic/elasticsearch',
  '@google-cloud/storage',
  '@google-cloud/pubsub',
];

/** Global functions that are I/O. */
export const IO_GLOBALS: readonly string[] = ['fetch'];

/** Package scopes whose clients are all I/O (`new S3Client()`, `new DynamoDBClient()`). */
export const IO_SCOPES: readonly string[] = ['@aws-sdk/', '@azure/', '@google-cloud/'];

/** Distributed locks: a job that takes one runs once however many replicas schedule it. */
export const LOCK_MODULES: readonly string[] = ['redlock', '@sesamecare-oss/redlock', 'node-redlock', 'warlock', 'redis-lock'];
/** SQL and Redis idioms for a lock, found in the job's string literals. */
export const LOCK_SQL = /pg_try_advisory(_xact)?_lock|pg_advisory(_xact)?_lock|\bGET_LOCK\s*\(|sp_getapplock/i;
/** `redis.set(key, value, 'NX', …)` / `{ NX: true }`: set-if-absent, the single-instance Redis lock. */
export const LOCK_REDIS_FLAG = 'NX';

/** Property names whose `.unref()` shows a timer is per-process housekeeping. */
export const UNREF_METHOD = 'unref';

/**
 * A switch that decides which replica runs the jobs (`if (config.runJobs)`, `RUN_CRON=true`,
 * `isLeader`): the deployment already picked one, so the scheduler behind it is not reported.
 * Not `cluster.isPrimary` or pm2's instance 0: every pod has one of those.
 */
export const SCHEDULER_SWITCH = /job|cron|schedul|leader|worker/i;
