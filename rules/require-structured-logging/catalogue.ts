/**
 * What require-structured-logging knows, as data: the console's logging methods, the structured
 * loggers (how each is created, which methods log, where a call's fields go) and what marks code
 * as development-only. The rule's logic names none of these APIs.
 */

/** `console` methods that print a log line. */
export const CONSOLE_METHODS: readonly string[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

/** Where the console is: the global, and `node:console`'s default export (the same object). */
export const CONSOLE_MODULES: readonly { module: string; path: readonly string[] }[] = [
  { module: 'globalThis', path: ['console'] },
  { module: 'console', path: [] },
];

/**
 * Where a logger call takes its fields: before the message (`logger.info({ userId }, 'msg')`,
 * pino and bunyan) or after it (`logger.info('msg', { userId })`, winston).
 */
export type FieldStyle = 'fields-first' | 'fields-last';

export interface LoggerKind {
  style: FieldStyle;
  /** Methods that log at a level, with the message as described by `style`. */
  methods: readonly string[];
  /** `logger.log(level, message, fields)` (winston). */
  levelMethod?: string;
}

const PINO: LoggerKind = { style: 'fields-first', methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] };
const WINSTON: LoggerKind = {
  style: 'fields-last',
  methods: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
  levelMethod: 'log',
};

/** Calls and constructors that create a structured logger. */
export const LOGGER_FACTORIES: readonly { module: string; path: readonly string[]; kind: LoggerKind }[] = [
  { module: 'pino', path: [], kind: PINO },
  { module: 'pino', path: ['pino'], kind: PINO },
  { module: 'bunyan', path: ['createLogger'], kind: PINO },
  { module: 'bunyan', path: [], kind: PINO },
  { module: 'winston', path: ['createLogger'], kind: WINSTON },
  { module: 'winston', path: ['Logger'], kind: WINSTON },
];

/** Modules that are themselves a logger (`winston.info(…)` logs through winston's default logger). */
export const LOGGER_MODULES: readonly { module: string; kind: LoggerKind }[] = [{ module: 'winston', kind: WINSTON }];

/** `logger.child({ requestId })` returns a logger of the same kind. */
export const CHILD_METHODS: readonly string[] = ['child'];

/** Typed mode: packages whose logger types mark a receiver as a structured logger. */
export const LOGGER_TYPE_PACKAGES: readonly { package: string; kind: LoggerKind }[] = [
  { package: 'pino', kind: PINO },
  { package: 'bunyan', kind: PINO },
  { package: 'nestjs-pino', kind: PINO },
  { package: 'winston', kind: WINSTON },
];

/** The logger level a console method becomes in a suggestion. */
export const CONSOLE_TO_LEVEL: Readonly<Record<string, string>> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
  trace: 'debug',
};

/** Environment names that mean local development or tests. */
export const DEVELOPMENT_ENVIRONMENTS: readonly string[] = ['development', 'dev', 'local', 'test'];
export const PRODUCTION_ENVIRONMENT = 'production';
/** Values that name the environment: `process.env.NODE_ENV`, `env.ENVIRONMENT`, `config.env`. */
export const ENVIRONMENT_NAME = /^(NODE_ENV|APP_ENV|ENVIRONMENT|ENV|env|environment|nodeEnv)$/;
/** Flags that are true only outside production, and only in it. */
export const DEVELOPMENT_FLAG = /^(isDev|isDevelopment|isTest|isLocal|IS_DEV|IS_DEVELOPMENT|IS_TEST|__DEV__)$/;
export const PRODUCTION_FLAG = /^(isProd|isProduction|IS_PROD|IS_PRODUCTION)$/;

/** Variables that hold an error (`${err.message}` becomes the field `err`). */
export const ERROR_NAME = /^(e|err|error|ex|exception|\w+Error)$/;
/** The field pino, bunyan and winston's errors format serialize an `Error` from. */
export const ERROR_FIELD = 'err';

/**
 * Another linter's no-console, disabled on purpose: `// eslint-disable-next-line no-console`,
 * `/* oxlint-disable no-console *\/`, `// biome-ignore lint/suspicious/noConsole: …`. Group 1 is the
 * directive's scope (`-next-line`, `-line`, or none for the rest of the file); group 2 is `biome`.
 */
export const CONSOLE_DIRECTIVE =
  /(?:es|ox)lint-disable(-next-line|-line)?[ \t]+[^\n*]*?\bno-console\b|(biome)-ignore[ \t]+[^\n]*?\blint\/suspicious\/noConsole\b/g;

/** Field names that carry a request's correlation id (`requestId`, `req_id`, `correlationId`, `traceId`, …). */
export const REQUEST_ID_FIELD = /^(req(uest)?_?id|correlation_?id|trace_?id|x_?request_?id|request|req)$/i;

/** Properties of a handler's request or context that hold a per-request logger (pino-http, Fastify, Hono). */
export const REQUEST_LOGGER_PROPERTIES: readonly string[] = ['log', 'logger'];

/** Logger factory options that add fields to every line from context (pino's AsyncLocalStorage pattern). */
export const CONTEXT_MIXIN_OPTIONS: readonly string[] = ['mixin'];
