/**
 * What require-request-limits knows, as data: the body parsers and servers whose options bound a
 * request, where those options sit, and in which unit they are written. The rule's logic names
 * none of these APIs.
 */

export interface ApiRef {
  module: string;
  path: readonly string[];
}

/** How a limit is written: `bytes` package strings or numbers ('10mb', 1048576), or plain numbers. */
export type SizeUnit = 'bytes-string' | 'number';

export interface LimitedCall extends ApiRef {
  /** Shown in messages. */
  api: string;
  /** Which argument holds the options object. */
  optionsArgument: number;
  /** Option paths (from the options object) that bound the body size. */
  sizeOptions: readonly (readonly string[])[];
  unit: SizeUnit;
  /** A size option that must be present (multer: uploads are unbounded without `limits.fileSize`). */
  requiredSize?: readonly string[];
  /** Option paths that bound the request's duration, in milliseconds (Fastify `requestTimeout`). */
  timeoutOptions?: readonly string[];
}

const bodyParser = (module: string, path: readonly string[], api: string): LimitedCall => ({
  module,
  path,
  api,
  optionsArgument: 0,
  sizeOptions: [['limit']],
  unit: 'bytes-string',
});

const koaParser = (module: string, path: readonly string[], api: string): LimitedCall => ({
  module,
  path,
  api,
  optionsArgument: 0,
  sizeOptions: [['jsonLimit'], ['formLimit'], ['textLimit'], ['xmlLimit']],
  unit: 'bytes-string',
});

const fastify = (path: readonly string[]): LimitedCall => ({
  module: 'fastify',
  path,
  api: 'fastify',
  optionsArgument: 0,
  sizeOptions: [['bodyLimit']],
  unit: 'number',
  timeoutOptions: ['requestTimeout'],
});

/** Calls whose options object bounds the request body (and, for Fastify, its duration). */
export const LIMITED_CALLS: readonly LimitedCall[] = [
  bodyParser('express', ['json'], 'express.json'),
  bodyParser('express', ['urlencoded'], 'express.urlencoded'),
  bodyParser('express', ['raw'], 'express.raw'),
  bodyParser('express', ['text'], 'express.text'),
  bodyParser('body-parser', [], 'bodyParser'),
  bodyParser('body-parser', ['json'], 'bodyParser.json'),
  bodyParser('body-parser', ['urlencoded'], 'bodyParser.urlencoded'),
  bodyParser('body-parser', ['raw'], 'bodyParser.raw'),
  bodyParser('body-parser', ['text'], 'bodyParser.text'),
  koaParser('koa-bodyparser', [], 'koa-bodyparser'),
  koaParser('@koa/bodyparser', ['bodyParser'], '@koa/bodyparser'),
  {
    ...koaParser('koa-body', [], 'koa-body'),
    sizeOptions: [['jsonLimit'], ['formLimit'], ['textLimit'], ['formidable', 'maxFileSize']],
  },
  { ...koaParser('koa-body', ['koaBody'], 'koa-body'), sizeOptions: [['jsonLimit'], ['formLimit'], ['textLimit'], ['formidable', 'maxFileSize']] },
  fastify([]),
  fastify(['fastify']),
  {
    module: 'multer',
    path: [],
    api: 'multer',
    optionsArgument: 0,
    sizeOptions: [['limits', 'fileSize']],
    unit: 'number',
    requiredSize: ['limits', 'fileSize'],
  },
];

/** Plugins registered on a Fastify instance (`app.register(plugin, options)`) with size options. */
export const REGISTERED_PLUGINS: readonly LimitedCall[] = [
  { module: '@fastify/multipart', path: [], api: '@fastify/multipart', optionsArgument: 1, sizeOptions: [['limits', 'fileSize']], unit: 'number' },
  { module: '@fastify/formbody', path: [], api: '@fastify/formbody', optionsArgument: 1, sizeOptions: [['bodyLimit']], unit: 'number' },
];

/** NestJS `app.useBodyParser(type, { limit })` on an app from `NestFactory.create`. */
export const NEST_FACTORY: ApiRef = { module: '@nestjs/core', path: ['NestFactory', 'create'] };
export const NEST_BODY_PARSER_METHOD = 'useBodyParser';

/** Calls that create a Node HTTP server; their options object may hold timeouts. */
export const SERVER_FACTORIES: readonly ApiRef[] = [
  { module: 'http', path: ['createServer'] },
  { module: 'https', path: ['createServer'] },
  { module: 'http', path: ['Server'] },
  { module: 'https', path: ['Server'] },
];

/** Apps whose `listen()` returns a Node HTTP server (`const server = app.listen(3000)`). */
export const APP_FACTORIES: readonly ApiRef[] = [
  { module: 'express', path: [] },
  { module: 'koa', path: [] },
  { module: 'connect', path: [] },
];

/** `NestFactory.create(…)` apps: `app.getHttpServer()` is the Node server. */
export const NEST_SERVER_METHODS: readonly string[] = ['getHttpServer'];

/** The Node modules whose `Server` class has these timeouts (typed mode matches the receiver's type). */
export const SERVER_TYPE_MODULES: readonly string[] = ['http', 'https'];

/** Server timeouts in milliseconds: options of `createServer` and properties of the server. */
export const SERVER_TIMEOUTS: readonly string[] = ['requestTimeout', 'headersTimeout', 'timeout'];

/** `server.setTimeout(ms)` sets `server.timeout`. */
export const SERVER_TIMEOUT_METHOD = 'setTimeout';

/**
 * `headersTimeout` above `keepAliveTimeout` is the documented fix for load balancers that keep
 * idle connections open longer than Node does (AWS ALB: 60 s): not reported when both are set.
 */
export const KEEP_ALIVE_TIMEOUT = 'keepAliveTimeout';

/** The `bytes` package's units (what body-parser, raw-body and co-body use): powers of 1024. */
export const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
  pb: 1024 ** 5,
};
