/**
 * What require-abort-signal knows without types, as data: the functions and clients that accept an
 * AbortSignal, where it goes, which of them are outbound network calls, and which options bound a
 * call by time. With types the rule also finds any call whose signature takes a signal. The rule's
 * logic names none of these APIs.
 */

/** Where a call's options object (the one that takes the signal) may sit. */
export type OptionsAt =
  /** One of these argument positions (the first object literal among them, or an opaque value there). */
  | { args: readonly number[] }
  /** The last argument, only when it is an object literal (`pipeline(a, b, { signal })`). */
  | { last: true };

export interface Cancellable {
  /** Shown in messages: `fetch`, `axios.get`. */
  api: string;
  options: OptionsAt;
  /** The option that takes the signal: `signal`, or `abortSignal` (AWS SDK v3). */
  key: string;
  /** An outbound network call: reported in request-serving code even when no signal is in scope. */
  network: boolean;
  /** Options that bound the call by time (`timeout`); any of them set counts as a deadline. */
  timeouts: readonly string[];
  /** The library applies a timeout of its own when none is given (ky: 10 s). */
  boundedByDefault?: boolean;
  /** The first argument may be a `Request` that carries its own signal (`fetch(request)`). */
  requestArgument?: boolean;
}

export interface CancellableFunction extends Cancellable {
  module: string;
  path: readonly string[];
}

const AXIOS_TIMEOUTS = ['timeout'] as const;
const GOT_TIMEOUTS = ['timeout'] as const;
const UNDICI_TIMEOUTS = ['headersTimeout', 'bodyTimeout'] as const;
const HTTP_TIMEOUTS = ['timeout'] as const;

const fetchLike = (module: string, path: readonly string[], api: string): CancellableFunction => ({
  module,
  path,
  api,
  options: { args: [1] },
  key: 'signal',
  network: true,
  timeouts: [],
  requestArgument: true,
});

/** axios, and instances from `axios.create()`: the config is last (`get(url, config)`, `post(url, data, config)`). */
export const AXIOS_METHODS: Readonly<Record<string, readonly number[]>> = {
  request: [0],
  get: [1],
  delete: [1],
  head: [1],
  options: [1],
  getUri: [0],
  post: [2],
  put: [2],
  patch: [2],
  postForm: [2],
  putForm: [2],
  patchForm: [2],
};

/** got and ky, and their instances: `got(url, options)`, `got.post(url, options)`. */
const URL_OPTIONS_METHODS: Readonly<Record<string, readonly number[]>> = {
  get: [1],
  post: [1],
  put: [1],
  patch: [1],
  delete: [1],
  head: [1],
  stream: [1],
  paginate: [1],
};

function methods(
  module: string,
  base: readonly string[],
  label: string,
  table: Readonly<Record<string, readonly number[]>>,
  rest: Omit<Cancellable, 'api' | 'options'>,
): CancellableFunction[] {
  return Object.entries(table).map(([name, args]) => ({ module, path: [...base, name], api: `${label}.${name}`, options: { args }, ...rest }));
}

/** Azure Storage blob operations and where their options (with `abortSignal`) sit. */
const AZURE_BLOB_METHODS: Readonly<Record<string, readonly number[]>> = {
  upload: [2],
  uploadData: [1],
  uploadStream: [3],
  uploadBlockBlob: [3],
  download: [2],
  downloadToBuffer: [0, 1, 2, 3],
  delete: [0],
  deleteIfExists: [0],
  deleteBlob: [1],
  exists: [0],
  getProperties: [0],
  create: [0],
  createIfNotExists: [0],
  setMetadata: [1],
  beginCopyFromURL: [1],
};

const axiosRest = { key: 'signal', network: true, timeouts: AXIOS_TIMEOUTS } as const;
const gotRest = { key: 'signal', network: true, timeouts: GOT_TIMEOUTS } as const;
const kyRest = { key: 'signal', network: true, timeouts: ['timeout'], boundedByDefault: true } as const;

export const CANCELLABLE_FUNCTIONS: readonly CancellableFunction[] = [
  // fetch: the global, undici's, node-fetch, cross-fetch
  fetchLike('globalThis', ['fetch'], 'fetch'),
  fetchLike('undici', ['fetch'], 'undici.fetch'),
  fetchLike('node-fetch', [], 'node-fetch'),
  fetchLike('node-fetch', ['fetch'], 'node-fetch'),
  fetchLike('cross-fetch', [], 'cross-fetch'),
  fetchLike('cross-fetch', ['fetch'], 'cross-fetch'),
  // undici
  { module: 'undici', path: ['request'], api: 'undici.request', options: { args: [1] }, key: 'signal', network: true, timeouts: UNDICI_TIMEOUTS },
  { module: 'undici', path: ['stream'], api: 'undici.stream', options: { args: [1] }, key: 'signal', network: true, timeouts: UNDICI_TIMEOUTS },
  // axios: the default instance, callable (`axios(config)`, `axios(url, config)`) and its methods
  { module: 'axios', path: [], api: 'axios', options: { args: [0, 1] }, ...axiosRest },
  ...methods('axios', [], 'axios', AXIOS_METHODS, axiosRest),
  // got, ky
  { module: 'got', path: [], api: 'got', options: { args: [0, 1] }, ...gotRest },
  ...methods('got', [], 'got', URL_OPTIONS_METHODS, gotRest),
  // got ≥ 12 also exports itself by name: `import { got } from 'got'`
  { module: 'got', path: ['got'], api: 'got', options: { args: [0, 1] }, ...gotRest },
  ...methods('got', ['got'], 'got', URL_OPTIONS_METHODS, gotRest),
  { module: 'ky', path: [], api: 'ky', options: { args: [1] }, ...kyRest },
  ...methods('ky', [], 'ky', URL_OPTIONS_METHODS, kyRest),
  // node:http, node:https: request(url, options, cb) or request(options, cb)
  ...['http', 'https'].flatMap((module) =>
    ['request', 'get'].map((name) => ({
      module,
      path: [name],
      api: `${module}.${name}`,
      options: { args: [0, 1] },
      key: 'signal',
      network: true,
      timeouts: HTTP_TIMEOUTS,
    })),
  ),
  // timers/promises
  { module: 'timers', path: ['promises', 'setTimeout'], api: 'timers/promises.setTimeout', options: { args: [2] }, key: 'signal', network: false, timeouts: [] },
  { module: 'timers', path: ['promises', 'setInterval'], api: 'timers/promises.setInterval', options: { args: [2] }, key: 'signal', network: false, timeouts: [] },
  { module: 'timers', path: ['promises', 'setImmediate'], api: 'timers/promises.setImmediate', options: { args: [1] }, key: 'signal', network: false, timeouts: [] },
  { module: 'timers', path: ['promises', 'scheduler', 'wait'], api: 'scheduler.wait', options: { args: [1] }, key: 'signal', network: false, timeouts: [] },
  // events
  { module: 'events', path: ['once'], api: 'events.once', options: { args: [2] }, key: 'signal', network: false, timeouts: [] },
  { module: 'events', path: ['on'], api: 'events.on', options: { args: [2] }, key: 'signal', network: false, timeouts: [] },
  // stream/promises
  { module: 'stream', path: ['promises', 'pipeline'], api: 'stream/promises.pipeline', options: { last: true }, key: 'signal', network: false, timeouts: [] },
  { module: 'stream', path: ['promises', 'finished'], api: 'stream/promises.finished', options: { args: [1] }, key: 'signal', network: false, timeouts: [] },
  // child_process: options after the command (and after the arguments array)
  { module: 'child_process', path: ['exec'], api: 'child_process.exec', options: { args: [1] }, key: 'signal', network: false, timeouts: ['timeout'] },
  ...['execFile', 'spawn', 'fork'].map((name) => ({
    module: 'child_process',
    path: [name],
    api: `child_process.${name}`,
    options: { args: [1, 2] },
    key: 'signal',
    network: false,
    timeouts: ['timeout'],
  })),
  // fs: readFile / writeFile, promise and callback forms
  { module: 'fs', path: ['promises', 'readFile'], api: 'fs/promises.readFile', options: { args: [1] }, key: 'signal', network: false, timeouts: [] },
  { module: 'fs', path: ['promises', 'writeFile'], api: 'fs/promises.writeFile', options: { args: [2] }, key: 'signal', network: false, timeouts: [] },
  { module: 'fs', path: ['readFile'], api: 'fs.readFile', options: { args: [1] }, key: 'signal', network: false, timeouts: [] },
  { module: 'fs', path: ['writeFile'], api: 'fs.writeFile', options: { args: [2] }, key: 'signal', network: false, timeouts: [] },
  // readline
  { module: 'readline', path: ['createInterface'], api: 'readline.createInterface', options: { args: [0] }, key: 'signal', network: false, timeouts: [] },
  { module: 'readline', path: ['promises', 'createInterface'], api: 'readline.createInterface', options: { args: [0] }, key: 'signal', network: false, timeouts: [] },
];

/**
 * Clients whose methods accept a signal: created by a factory (`axios.create()`, `new S3Client()`,
 * `new OpenAI()`), then called (`api.get(url)`, `s3.send(command)`, `openai.chat.completions.create(body)`).
 * Timeouts set at creation bound every call.
 */
export interface ClientFactory {
  /** The factory, or a module prefix for a family (`@aws-sdk/client-`). */
  module: string;
  modulePrefix?: boolean;
  /** The factory's path; for a family, the export's name must match `name`. */
  path: readonly string[];
  name?: RegExp;
  create: 'new' | 'call';
  /** Type names of its instances, for clients injected or typed (`http: AxiosInstance`, `s3: S3Client`). */
  types?: readonly string[];
  /** The callable methods by name and options position; `*` for any method of any nested resource. */
  methods: Readonly<Record<string, readonly number[]>> | '*';
  /** The instance itself is callable (`api(config)`, `client(url, options)`). */
  callable?: readonly number[];
  key: string;
  network: boolean;
  timeouts: readonly string[];
  boundedByDefault?: boolean;
}

export const CLIENT_FACTORIES: readonly ClientFactory[] = [
  { module: 'axios', path: ['create'], create: 'call', types: ['AxiosInstance'], methods: AXIOS_METHODS, callable: [0, 1], ...axiosRest },
  { module: 'got', path: ['extend'], create: 'call', types: ['Got'], methods: URL_OPTIONS_METHODS, callable: [0, 1], ...gotRest },
  { module: 'got', path: ['got', 'extend'], create: 'call', methods: URL_OPTIONS_METHODS, callable: [0, 1], ...gotRest },
  // ClickHouse: `client.query({ query, abort_signal })`; requests time out after `request_timeout` (30 s by default).
  {
    module: '@clickhouse/client',
    path: ['createClient'],
    create: 'call',
    types: ['ClickHouseClient'],
    methods: { query: [0], insert: [0], command: [0], exec: [0], ping: [0] },
    key: 'abort_signal',
    network: true,
    timeouts: ['request_timeout'],
    boundedByDefault: true,
  },
  // Azure Storage: every operation takes `{ abortSignal }` in its options (the last argument).
  ...['BlobServiceClient', 'ContainerClient', 'BlobClient', 'BlockBlobClient'].map(
    (name): ClientFactory => ({
      module: '@azure/storage-blob',
      path: [name],
      create: 'new',
      types: [name],
      methods: AZURE_BLOB_METHODS,
      key: 'abortSignal',
      network: true,
      timeouts: [],
    }),
  ),
  {
    module: '@azure/storage-blob',
    path: ['BlobServiceClient', 'fromConnectionString'],
    create: 'call',
    methods: AZURE_BLOB_METHODS,
    key: 'abortSignal',
    network: true,
    timeouts: [],
  },
  { module: 'ky', path: ['create'], create: 'call', types: ['KyInstance'], methods: URL_OPTIONS_METHODS, callable: [1], ...kyRest },
  { module: 'ky', path: ['extend'], create: 'call', methods: URL_OPTIONS_METHODS, callable: [1], ...kyRest },
  // NestJS's HttpService wraps axios (injected, configured by HttpModule.register()).
  { module: '@nestjs/axios', path: ['HttpService'], create: 'new', types: ['HttpService'], methods: AXIOS_METHODS, ...axiosRest },
  {
    module: '@aws-sdk/client-',
    modulePrefix: true,
    path: [],
    name: /Client$/,
    create: 'new',
   
    methods: { send: [1] },
    key: 'abortSignal',
    network: true,
    timeouts: ['requestTimeout', 'connectionTimeout', 'socketTimeout'],
  },
  ...[
    { module: 'openai', path: [] },
    { module: 'openai', path: ['OpenAI'] },
    { module: 'openai', path: ['AzureOpenAI'] },
    { module: '@anthropic-ai/sdk', path: [] },
    { module: '@anthropic-ai/sdk', path: ['Anthropic'] },
  ].map(
    (factory): ClientFactory => ({
      ...factory,
      create: 'new',
      methods: '*',
      key: 'signal',
      network: true,
      timeouts: ['timeout'],
    }),
  ),
];

/** Resource methods of the SDK clients (`methods: '*'`) that send a request; their options follow the first argument. */
export const SDK_REQUEST_METHODS: ReadonlySet<string> = new Set([
  'create',
  'stream',
  'parse',
  'retrieve',
  'update',
  'list',
  'del',
  'delete',
  'cancel',
  'countTokens',
  'content',
  'createAndPoll',
  'createAndRun',
  'submitToolOutputs',
  'upload',
]);

/** Where a request's signal comes from, by framework: Hono's context keeps the fetch Request at `c.req.raw`. */
export const REQUEST_SIGNAL_PATHS: Readonly<Partial<Record<string, readonly string[]>>> = {
  hono: ['req', 'raw', 'signal'],
  nextjs: ['signal'],
  fetch: ['signal'],
};

/** Constructors of an AbortController (the global one and the polyfills). */
/** Events on a request or response that end it: a controller aborted on one is the request's signal. */
export const REQUEST_CLOSE_EVENTS: ReadonlySet<string> = new Set(['close', 'aborted']);

export const ABORT_CONTROLLERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'globalThis', path: ['AbortController'] },
  { module: 'abort-controller', path: [] },
  { module: 'abort-controller', path: ['AbortController'] },
  { module: 'node-abort-controller', path: ['AbortController'] },
];

/** Names a signal usually has (untyped: a variable or parameter so named, destructured too). */
export const SIGNAL_NAMES: ReadonlySet<string> = new Set(['signal', 'abortSignal']);

/**
 * Functions whose callback runs detached from the request (later, or after the response) or at
 * shutdown: work there needs a fresh signal, not the request's.
 */
export const DETACHING_FUNCTIONS: readonly { module: string; path: readonly string[] }[] = [
  ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'].map((name) => ({ module: 'globalThis', path: [name] })),
  { module: 'globalThis', path: ['process', 'nextTick'] },
  ...['setTimeout', 'setInterval', 'setImmediate'].map((name) => ({ module: 'timers', path: [name] })),
  { module: 'next/server', path: ['after'] },
  { module: 'next/server', path: ['unstable_after'] },
  { module: '@vercel/functions', path: ['waitUntil'] },
];

/** Methods whose callback runs detached (`ctx.waitUntil(p)`, `executionCtx.waitUntil(p)`). */
export const DETACHING_METHODS: ReadonlySet<string> = new Set(['waitUntil']);

/** Events whose listeners run after the response or at shutdown. */
export const DETACHED_EVENTS: ReadonlySet<string> = new Set([
  'finish',
  'close',
  'abort',
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'beforeExit',
  'exit',
]);

/** Options and hooks that hold shutdown code (terminus, lightship, Fastify's `onClose`). */
export const SHUTDOWN_HOOKS: ReadonlySet<string> = new Set([
  'onSignal',
  'onShutdown',
  'beforeShutdown',
  'onSendFailureDuringShutdown',
  'onClose',
  'preClose',
  'registerShutdownHandler',
]);

/** Functions named like shutdown or start-up code: neither serves a request. */
export const SHUTDOWN_NAME = /(shutdown|teardown|dispose|destroy|cleanup|^close$|^stop$|^drain$|onModuleDestroy|onApplicationShutdown|beforeApplicationShutdown)/i;
export const STARTUP_NAME = /^(main|bootstrap|start|startServer|init|initialize|setup|run|onModuleInit|onApplicationBootstrap)$/;

/** Typed mode: methods that take a signal for other purposes than cancelling I/O. */
export const NOT_IO_METHODS: ReadonlySet<string> = new Set(['addEventListener', 'removeEventListener', 'any', 'timeout', 'throwIfAborted']);
