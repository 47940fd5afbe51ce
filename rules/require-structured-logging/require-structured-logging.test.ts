import * as espree from 'espree';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

type Expected = InvalidCase['errors'][number];
type Suggestion = NonNullable<Expected['suggestions']>[number];

const consoleCall = (method: string, line: number, column: number, endColumn: number, suggestions?: Suggestion[]): Expected => ({
  messageId: 'console',
  data: { method },
  line,
  column,
  endLine: line,
  endColumn,
  ...(suggestions ? { suggestions } : {}),
});
const interpolated = (values: string, line: number, column: number, endColumn: number, suggestions?: Suggestion[]): Expected => ({
  messageId: 'interpolatedMessage',
  data: { values },
  line,
  column,
  endLine: line,
  endColumn,
  ...(suggestions ? { suggestions } : {}),
});
const noRequestId = (line: number, column: number, endColumn: number): Expected => ({
  messageId: 'noRequestId',
  line,
  column,
  endLine: line,
  endColumn,
});
const REQUEST_ID = [{ requireRequestId: true }] as [object];
const useLogger = (logger: string, level: string, output: string): Suggestion => ({ messageId: 'useLogger', data: { logger, level }, output });
const useFields = (output: string): Suggestion => ({ messageId: 'useFields', output });

const PINO = `import pino from 'pino';\nconst logger = pino();\n`;

runRuleTests('require-structured-logging', {
  valid: [
    // requireRequestId (strict): lines logged while serving a request carry its id.
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.get('/orders/:id', (req, res) => {\n  const log = logger.child({ requestId: req.get('x-request-id') });\n  log.info({ orderId: req.params.id }, 'order read');\n  res.end();\n});`,
    },
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.get('/orders/:id', (req, res) => {\n  logger.info({ requestId: req.get('x-request-id'), orderId: req.params.id }, 'order read');\n  res.end();\n});`,
    },
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport pinoHttp from 'pino-http';\nconst app = express();\napp.use(pinoHttp());\napp.get('/health', (req, res) => {\n  req.log.info('health checked');\n  res.end();\n});`,
    },
    {
      options: REQUEST_ID,
      code: `import fastify from 'fastify';\nconst app = fastify({ logger: true });\napp.get('/orders', async (request) => {\n  request.log.info('listing orders');\n  return [];\n});`,
    },
    {
      options: REQUEST_ID,
      code: `import { Hono } from 'hono';\nimport type { Logger } from 'pino';\nconst app = new Hono<{ Variables: { logger: Logger } }>();\napp.get('/', (c) => {\n  c.var.logger.info('hello');\n  return c.text('ok');\n});`,
    },
    {
      options: REQUEST_ID,
      code: `import { AsyncLocalStorage } from 'node:async_hooks';\nimport express from 'express';\nimport pino from 'pino';\nconst context = new AsyncLocalStorage<{ requestId: string }>();\nconst logger = pino({ mixin: () => ({ requestId: context.getStore()?.requestId }) });\nconst app = express();\napp.get('/', (req, res) => {\n  logger.info('served');\n  res.end();\n});`,
    },
    // A logger passed in may be the request's child logger: unknown, not reported.
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport type { Logger } from 'pino';\nconst app = express();\nfunction fail(log: Logger, error: unknown) {\n  log.error({ err: error }, 'request failed');\n}\napp.get('/', (req, res) => {\n  fail((req as unknown as { log: Logger }).log, new Error('x'));\n  res.end();\n});`,
    },
    // Start-up code is not request-serving.
    { options: REQUEST_ID, code: `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.listen(3000, () => logger.info('listening'));` },
    // Off by default (recommended).
    `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.get('/', (req, res) => {\n  logger.info('served');\n  res.end();\n});`,
    // Fields and a constant message.
    `${PINO}export const h = (userId: string) => logger.info({ userId }, 'user logged in');`,
    `${PINO}logger.info('server started');`,
    // A constant interpolated is still a constant message.
    `${PINO}const SERVICE = 'billing';\nlogger.info(\`\${SERVICE} started\`);`,
    // Fields already given (the message repeats them): pino fields first, winston meta last.
    `${PINO}export const h = (userId: string) => logger.info({ userId }, \`user \${userId}\`);`,
    `import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (id: string) => log.info(\`order \${id}\`, { id });`,
    // printf-style arguments are pino's own formatting, not concatenation; arithmetic is not a message.
    `${PINO}export const h = (id: string, n: number) => { logger.info('user %s', id); logger.info(n + 1); };`,
    // Not a known logger: an arbitrary object, or a logger this file cannot see (untyped).
    `declare const metrics: { info(m: string): void };\nexport const h = (id: string) => metrics.info(\`hit \${id}\`);`,
    { mode: 'untyped', code: `import { logger } from './lib/require-structured-logging-logger';\nexport const h = (id: string) => logger.info(\`user \${id}\`);` },
    // A shadowed console, and console methods that are not log lines.
    `export function h(console: { log(m: string): void }) { console.log('x'); }`,
    `console.time('boot'); console.timeEnd('boot'); console.dir({ a: 1 }); console.table([]);`,
    // Development-only output.
    `if (process.env.NODE_ENV !== 'production') console.log('routes', 3);`,
    `const isDev = process.env.NODE_ENV === 'development';\nexport function h() { if (isDev) { console.debug('dev'); } }`,
    `export const h = () => process.env.NODE_ENV === 'test' && console.warn('test');`,
    // The team already allowed the console here, with another linter's directive.
    `export function boot() {\n  // oxlint-disable-next-line no-console -- the logger is not configured yet\n  console.error('bad config');\n}`,
    `/* oxlint-disable no-console */\nexport const warn = (m: string) => console.warn(m);`,
    `export function boot() {\n  // biome-ignore lint/suspicious/noConsole: printed before the logger exists\n  console.error('bad config');\n}`,
    // Outside production by other names: the else of a production check, an environment setting.
    `declare const env: { isProduction: boolean };\nexport function report(e: Error) { if (env.isProduction) { throw e; } else { console.error(e); } }`,
    `declare const config: { env: string };\nexport function dump(o: object) { if (config.env === 'development') console.log(o); }`,
    `declare const isProd: boolean;\nexport const dump = (o: object) => isProd || console.log(o);`,
    // CLIs, scripts, tests, build config: by shebang, imports, directory or name.
    `#!/usr/bin/env node\nconsole.log('usage: migrate <dir>');`,
    `import { Command } from 'commander';\nnew Command('seed').action(() => console.log('seeded'));`,
    { mode: 'untyped', code: `console.log('seeding');`, filename: 'scripts/seed.ts' },
    { mode: 'untyped', code: `console.log('listening');`, filename: 'bin/www.ts' },
    { mode: 'untyped', code: `console.log('x');`, filename: 'src/users/users.service.spec.ts' },
    { mode: 'untyped', code: `console.log('building');`, filename: 'vite.config.ts' },
    { mode: 'untyped', code: `console.log('banner');`, filename: 'commands/banner.ts' },
    `import { build } from 'esbuild';\nawait build({ entryPoints: ['src/main.ts'] });\nconsole.log('built');`,
    { mode: 'untyped', code: `console.log('granting privileges');`, filename: 'src/upgrades/1.2.0/privileges.js' },
    // A CLI's logger output is for a person too.
    `import { Command } from 'commander';\nimport pino from 'pino';\nconst logger = pino();\nnew Command('import').action((file: string) => logger.info(\`importing \${file}\`));`,
    // Browser code: JSX, UI imports, browser globals.
    {
      code: `export function Banner() { console.warn('deprecated'); return <div>hi</div>; }`,
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    `import { useEffect } from 'react';\nexport const useLog = () => useEffect(() => console.log('mounted'), []);`,
    `export const track = () => { console.log(document.title); };`,
    `self.addEventListener('push', () => { console.error('notifications are not supported'); });`,
    `import type { EditorView } from 'prosemirror-view';\nexport const fail = (view: EditorView, e: Error) => console.error(e, view);`,
    // Suppressed with a reason.
    `// statelint-disable-next-line require-structured-logging -- printed before the logger exists\nconsole.error('bad config');`,
    // Plain JavaScript.
    {
      code: `const winston = require('winston');\nconst log = winston.createLogger({});\nmodule.exports = (id) => log.info('order placed', { id });`,
      languageOptions: { parser: espree as never },
    },
  ],
  invalid: [
    // console in service code: no logger in the file, so no suggestion.
    {
      code: `import express from 'express';\nconst app = express();\napp.listen(3000, () => console.log('listening on 3000'));`,
      errors: [consoleCall('log', 3, 24, 56)],
    },
    {
      code: `export function h(err: Error) {\n  globalThis.console.error(err);\n  console['warn']('slow');\n}`,
      errors: [consoleCall('error', 2, 3, 32), consoleCall('warn', 3, 3, 26)],
    },
    {
      code: `const { log } = console;\nlog('hello');`,
      errors: [consoleCall('log', 2, 1, 13)],
    },
    {
      code: `import console from 'node:console';\nconsole.info('ready');`,
      errors: [consoleCall('info', 2, 1, 22)],
    },
    // With a logger in the file: the logger call with fields.
    {
      code: `${PINO}export function h(err: Error) {\n  console.error(err);\n}`,
      errors: [consoleCall('error', 4, 3, 21, [useLogger('logger', 'error', `${PINO}export function h(err: Error) {\n  logger.error(err);\n}`)])],
    },
    {
      code: `${PINO}export const h = (userId: string) => console.log(\`user \${userId} logged in\`);`,
      errors: [
        consoleCall('log', 3, 38, 77, [useLogger('logger', 'info', `${PINO}export const h = (userId: string) => logger.info({ userId }, 'user logged in');`)]),
      ],
    },
    {
      code: `import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (orderId: string) => console.warn('order stuck', orderId);`,
      errors: [
        consoleCall('warn', 3, 39, 75, [
          useLogger('log', 'warn', `import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (orderId: string) => log.warn('order stuck', { orderId });`),
        ]),
      ],
    },
    {
      code: `import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = () => console.trace('slow path');`,
      errors: [
        consoleCall('trace', 3, 24, 50, [
          useLogger('log', 'debug', `import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = () => log.debug('slow path');`),
        ]),
      ],
    },
    {
      code: `${PINO}process.on('uncaughtException', (error) => { logger.fatal('crashed: ' + error.message); });`,
      errors: [interpolated('error.message', 3, 46, 87, [useFields(`${PINO}process.on('uncaughtException', (error) => { logger.fatal({ err: error }, 'crashed'); });`)])],
    },
    // A development check that is not one.
    {
      code: `export function h() {\n  if (process.env.NODE_ENV === 'production') console.debug('prod');\n}`,
      errors: [consoleCall('debug', 2, 46, 67)],
    },
    // Interpolated messages to pino, with fields suggested.
    {
      code: `${PINO}export const h = (userId: string, order: { id: string }) => logger.info(\`user \${userId} placed order \${order.id}\`);`,
      errors: [
        interpolated('userId, order.id', 3, 61, 115, [
          useFields(`${PINO}export const h = (userId: string, order: { id: string }) => logger.info({ userId, orderId: order.id }, 'user placed order');`),
        ]),
      ],
    },
    {
      code: `${PINO}export const h = (userId: string) => logger.warn('user ' + userId + ' is locked');`,
      errors: [interpolated('userId', 3, 38, 82, [useFields(`${PINO}export const h = (userId: string) => logger.warn({ userId }, 'user is locked');`)])],
    },
    {
      code: `${PINO}export const h = (to: string, err: Error) => logger.error(\`mail to \${to} failed: \${err.message}\`);`,
      errors: [
        interpolated('to, err.message', 3, 46, 98, [useFields(`${PINO}export const h = (to: string, err: Error) => logger.error({ to, err }, 'mail to failed');`)]),
      ],
    },
    // A value without a good field name: reported, nothing suggested.
    {
      code: `${PINO}export const h = (start: number) => logger.info(\`took \${Date.now() - start}ms\`);`,
      errors: [interpolated('Date.now() - start', 3, 37, 80)],
    },
    // Child loggers, class fields, bunyan.
    {
      code: `${PINO}export const h = (reqId: string, id: string) => logger.child({ reqId }).debug(\`loading \${id}\`);`,
      errors: [interpolated('id', 3, 49, 95, [useFields(`${PINO}export const h = (reqId: string, id: string) => logger.child({ reqId }).debug({ id }, 'loading');`)])],
    },
    {
      code: `import pino from 'pino';\nexport class Jobs {\n  private readonly log = pino().child({ component: 'jobs' });\n  run(name: string) { this.log.info(\`running \${name}\`); }\n}`,
      errors: [interpolated('name', 4, 23, 55, [useFields(`import pino from 'pino';\nexport class Jobs {\n  private readonly log = pino().child({ component: 'jobs' });\n  run(name: string) { this.log.info({ name }, 'running'); }\n}`)])],
    },
    {
      code: `import bunyan from 'bunyan';\nconst log = bunyan.createLogger({ name: 'api' });\nexport const h = (id: string) => log.info('deleted ' + id);`,
      errors: [interpolated('id', 3, 34, 59, [useFields(`import bunyan from 'bunyan';\nconst log = bunyan.createLogger({ name: 'api' });\nexport const h = (id: string) => log.info({ id }, 'deleted');`)])],
    },
    // winston: fields after the message; log(level, message); the module's default logger.
    {
      code: `import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (id: string) => { log.info(\`order \${id}\`); log.log('error', \`order \${id} failed\`); winston.warn(\`slow \${id}\`); };`,
      errors: [
        interpolated('id', 3, 36, 59, [
          useFields(`import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (id: string) => { log.info('order', { id }); log.log('error', \`order \${id} failed\`); winston.warn(\`slow \${id}\`); };`),
        ]),
        interpolated('id', 3, 61, 99, [
          useFields(`import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (id: string) => { log.info(\`order \${id}\`); log.log('error', 'order failed', { id }); winston.warn(\`slow \${id}\`); };`),
        ]),
        interpolated('id', 3, 101, 127, [
          useFields(`import winston from 'winston';\nconst log = winston.createLogger({});\nexport const h = (id: string) => { log.info(\`order \${id}\`); log.log('error', \`order \${id} failed\`); winston.warn('slow', { id }); };`),
        ]),
      ],
    },
    // Service code in a src/ directory.
    {
      mode: 'untyped',
      filename: 'src/orders/service.ts',
      code: `export const place = (id: string) => console.log('placed', id);`,
      errors: [consoleCall('log', 1, 38, 63)],
    },
    // A CQRS command handler under commands/ is service code.
    {
      mode: 'untyped',
      filename: 'src/commands/create-user.handler.ts',
      code: `export const createUser = (id: string) => console.info('created', id);`,
      errors: [consoleCall('info', 1, 43, 70)],
    },
    // A not-development check is not a production check: the else runs in production too.
    {
      code: `declare const env: { isTest: boolean };\nexport function report(e: Error) { if (!env.isTest) console.error(e); }`,
      errors: [consoleCall('error', 2, 53, 69)],
    },
    // Plain JavaScript through espree.
    {
      code: `const pino = require('pino');\nconst logger = pino();\nmodule.exports = (id) => logger.info('user ' + id);`,
      languageOptions: { parser: espree as never },
      errors: [interpolated('id', 3, 26, 51, [useFields(`const pino = require('pino');\nconst logger = pino();\nmodule.exports = (id) => logger.info({ id }, 'user');`)])],
    },
    {
      code: `module.exports = function start(port) { console.log('listening on ' + port); };`,
      languageOptions: { parser: espree as never },
      errors: [consoleCall('log', 1, 41, 76)],
    },
    // Typed mode: the logger comes from the project's logger module.
    {
      mode: 'typed',
      code: `import { logger } from './lib/require-structured-logging-logger';\nexport const h = (id: string) => logger.info(\`user \${id}\`);`,
      errors: [interpolated('id', 2, 34, 59, [useFields(`import { logger } from './lib/require-structured-logging-logger';\nexport const h = (id: string) => logger.info({ id }, 'user');`)])],
    },
    {
      mode: 'typed',
      code: `import log from './lib/require-structured-logging-logger';\nexport const h = () => console.info('ready');`,
      errors: [consoleCall('info', 2, 24, 45, [useLogger('log', 'info', `import log from './lib/require-structured-logging-logger';\nexport const h = () => log.info('ready');`)])],
    },
    // requireRequestId (strict).
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.get('/orders/:id', (req, res) => {\n  logger.info({ orderId: req.params.id }, 'order read');\n  res.end();\n});`,
      errors: [noRequestId(6, 3, 56)],
    },
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport pino from 'pino';\nconst log = pino().child({ module: 'orders' });\nexport const router = express.Router();\nrouter.post('/orders', (req, res) => {\n  log.warn('order rejected');\n  res.sendStatus(400);\n});`,
      errors: [noRequestId(6, 3, 29)],
    },
    {
      options: REQUEST_ID,
      code: `import Koa from 'koa';\nimport pino from 'pino';\nconst logger = pino();\nconst app = new Koa();\napp.use(async (ctx) => {\n  logger.info({ method: ctx.method }, 'done');\n});`,
      errors: [noRequestId(6, 3, 46)],
    },
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport winston from 'winston';\nconst log = winston.createLogger({});\nconst app = express();\napp.delete('/users/:id', (req, res) => {\n  log.info('user deleted', { userId: req.params.id });\n  res.sendStatus(204);\n});`,
      errors: [noRequestId(6, 3, 54)],
    },
    // Interpolated and without an id: both findings.
    {
      options: REQUEST_ID,
      code: `import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.get('/users/:id', (req, res) => {\n  logger.info(\`user \${req.params.id}\`);\n  res.end();\n});`,
      errors: [
        noRequestId(6, 3, 39),
        interpolated('req.params.id', 6, 3, 39, [
          useFields(`import express from 'express';\nimport pino from 'pino';\nconst logger = pino();\nconst app = express();\napp.get('/users/:id', (req, res) => {\n  logger.info({ reqParamsId: req.params.id }, 'user');\n  res.end();\n});`),
        ]),
      ],
    },
  ],
});
