import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';
import { formatBytes, parseBytes } from './rule.js';

type Expected = InvalidCase['errors'][number];

const tooLarge = (api: string, value: string, line: number, column: number, endColumn: number, max = '5 MB'): Expected => ({
  messageId: 'bodyTooLarge',
  data: { api, value, max },
  line,
  column,
  endLine: line,
  endColumn,
});
const disabled = (api: string, line: number, column: number, endColumn: number, max = '30 s'): Expected => ({
  messageId: 'timeoutDisabled',
  data: { api, max },
  line,
  column,
  endLine: line,
  endColumn,
});
const tooLong = (api: string, value: string, line: number, column: number, endColumn: number, max = '30 s'): Expected => ({
  messageId: 'timeoutTooLong',
  data: { api, value, max },
  line,
  column,
  endLine: line,
  endColumn,
});
const noUploadLimit = (line: number, column: number, endColumn: number): Expected => ({
  messageId: 'noUploadLimit',
  data: { api: 'multer()', max: '5 MB' },
  line,
  column,
  endLine: line,
  endColumn,
});

describe('parseBytes (the bytes package semantics body-parser uses)', () => {
  it('parses units as powers of 1024, case-insensitively, with optional spaces and decimals', () => {
    expect(parseBytes('10mb')).toBe(10 * 1024 * 1024);
    expect(parseBytes('5MB')).toBe(5 * 1024 * 1024);
    expect(parseBytes('1.5 kb')).toBe(1536);
    expect(parseBytes('1gb')).toBe(1024 ** 3);
    expect(parseBytes(2048)).toBe(2048);
  });
  it('reads anything else as a number of bytes, as parseInt does', () => {
    expect(parseBytes('100')).toBe(100);
    expect(parseBytes('10m')).toBe(10);
    expect(parseBytes('abc')).toBeUndefined();
  });
  it('formats sizes for messages', () => {
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(Infinity)).toBe('unlimited bytes');
  });
});

runRuleTests('require-request-limits', {
  valid: [
    // Defaults, limits at or under 5 MB.
    `import express from 'express'; const app = express(); app.use(express.json()); app.use(express.urlencoded({ extended: true }));`,
    `import express from 'express'; express.json({ limit: '5mb' }); express.text({ limit: '100kb' }); express.raw({ limit: 5 * 1024 * 1024 });`,
    `import bodyParser from 'body-parser'; bodyParser.json({ limit: '1mb' }); bodyParser.text({ limit: '512kb' });`,
    // bytes semantics: '10m' has no unit bytes knows, so it is parseInt('10m') = 10 bytes.
    `import express from 'express'; express.json({ limit: '10m' });`,
    // Values we cannot see are not guessed.
    `import express from 'express'; express.json({ limit: process.env.BODY_LIMIT });`,
    `import express from 'express'; export const parser = (opts: object) => express.json({ ...opts });`,
    // Uploads with a limit, or with options we cannot see.
    `import multer from 'multer'; export const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024 } });`,
    `import multer from 'multer'; export const make = (limits: { fileSize: number }) => multer({ limits });`,
    `import multer from 'multer'; export const make = (options: object) => multer(options);`,
    `import multer from 'multer'; export const make = (extra: object) => multer({ ...extra });`,
    // Timeouts within 30 s.
    `import express from 'express'; const server = express().listen(3000); server.requestTimeout = 30_000; server.setTimeout(10_000);`,
    `import http from 'node:http'; const server = http.createServer({ requestTimeout: 30000, headersTimeout: 20000 }, () => {});`,
    // headersTimeout above keepAliveTimeout: the documented fix for load balancers with long idle timeouts.
    `import http from 'http'; const server = http.createServer(); server.keepAliveTimeout = 65_000; server.headersTimeout = 66_000;`,
    // Not a server: a plain object, a request, a socket.
    `const config = { requestTimeout: 10 }; config.requestTimeout = 0;`,
    `import express from 'express'; const app = express(); app.post('/upload', (req, res) => { req.setTimeout(0); res.end(); });`,
    `import net from 'node:net'; net.createServer((socket) => { socket.setTimeout(0); });`,
    // Local functions and shadowed modules.
    `function json(o: object) { return o; } json({ limit: '50mb' });`,
    `const express = { json: (o: object) => o }; express.json({ limit: '50mb' });`,
    // Fastify within limits; its default requestTimeout (0) is not reported unless written out.
    `import Fastify from 'fastify'; const app = Fastify({ bodyLimit: 1048576, logger: true });`,
    `import { fastify } from 'fastify'; const app = fastify({ requestTimeout: 30_000 });`,
    // Koa parsers with their defaults.
    `import Koa from 'koa'; import bodyParser from 'koa-bodyparser'; const app = new Koa(); app.use(bodyParser());`,
    // Options raise the limits.
    { code: `import express from 'express'; express.json({ limit: '50mb' });`, options: [{ maxBodyBytes: 100 * 1024 * 1024 }] },
    { code: `import Fastify from 'fastify'; Fastify({ requestTimeout: 60_000 });`, options: [{ maxRequestMs: 120_000 }] },
    // Suppressed with a reason.
    `import express from 'express';
// statelint-disable-next-line require-request-limits -- internal import endpoint behind the VPN
express.json({ limit: '200mb' });`,
    // Plain JavaScript.
    { code: `const express = require('express'); express.json({ limit: '1mb' });`, languageOptions: { parser: espree as never } },
  ],
  invalid: [
    {
      code: `import express from 'express';\nconst app = express();\napp.use(express.json({ limit: '50mb' }));`,
      errors: [tooLarge('express.json({ limit })', '50 MB', 3, 24, 37)],
    },
    {
      code: `import { json, urlencoded } from 'express';\njson({ limit: '5.5mb' });\nurlencoded({ extended: true, limit: '6 MB' });`,
      errors: [tooLarge('express.json({ limit })', '5.5 MB', 2, 8, 22), tooLarge('express.urlencoded({ limit })', '6 MB', 3, 30, 43)],
    },
    {
      code: `const bodyParser = require('body-parser');\nmodule.exports = [bodyParser.json({ limit: '100mb' })];`,
      errors: [tooLarge('bodyParser.json({ limit })', '100 MB', 2, 37, 51)],
    },
    {
      code: `const { raw } = require('body-parser');\nexport const binary = raw({ type: 'application/octet-stream', limit: 10 * 1024 * 1024 });`,
      errors: [tooLarge('bodyParser.raw({ limit })', '10 MB', 2, 63, 86)],
    },
    // Through constants and option objects.
    {
      code: `import express from 'express';\nconst BODY_LIMIT = '20mb';\nconst options = { limit: BODY_LIMIT };\nexpress.text(options);`,
      errors: [tooLarge('express.text({ limit })', '20 MB', 3, 19, 36)],
    },
    {
      code: `import express from 'express';\nexpress.raw({ limit: Infinity });`,
      errors: [tooLarge('express.raw({ limit })', 'unlimited bytes', 2, 15, 30)],
    },
    // Koa parsers.
    {
      code: `import bodyParser from 'koa-bodyparser';\nexport const parse = bodyParser({ jsonLimit: '10mb', formLimit: '1mb' });`,
      errors: [tooLarge('koa-bodyparser({ jsonLimit })', '10 MB', 2, 35, 52)],
    },
    {
      code: `import { koaBody } from 'koa-body';\nexport const parse = koaBody({ multipart: true, formidable: { maxFileSize: 200 * 1024 * 1024 } });`,
      errors: [tooLarge('koa-body({ formidable.maxFileSize })', '200 MB', 2, 63, 93)],
    },
    // Fastify: bodyLimit, and requestTimeout written out as 0 or over the limit.
    {
      code: `import Fastify from 'fastify';\nconst app = Fastify({ bodyLimit: 50 * 1048576, requestTimeout: 0 });`,
      errors: [tooLarge('fastify({ bodyLimit })', '50 MB', 2, 23, 46), disabled('fastify({ requestTimeout })', 2, 48, 65)],
    },
    {
      code: `const fastify = require('fastify')({ requestTimeout: 120_000 });`,
      errors: [tooLong('fastify({ requestTimeout })', '2 min', 1, 38, 61)],
    },
    {
      code: `import Fastify from 'fastify';\nimport multipart from '@fastify/multipart';\nconst app = Fastify();\napp.register(multipart, { limits: { fileSize: 100 * 1024 * 1024 } });`,
      errors: [tooLarge('@fastify/multipart({ limits.fileSize })', '100 MB', 4, 37, 64)],
    },
    // multer: no limit at all, or one over the limit.
    {
      code: `import multer from 'multer';\nexport const upload = multer({ storage: multer.memoryStorage() });`,
      errors: [noUploadLimit(2, 23, 66)],
    },
    {
      code: `const multer = require('multer');\nconst upload = multer();\nconst big = multer({ limits: { fileSize: 50 * 1024 * 1024, files: 1 } });`,
      errors: [noUploadLimit(2, 16, 24), tooLarge('multer({ limits.fileSize })', '50 MB', 3, 32, 58)],
    },
    {
      code: `import multer from 'multer';\nexport const upload = multer({ limits: { files: 3 } });`,
      errors: [noUploadLimit(2, 23, 55)],
    },
    // Server timeouts: the server from app.listen(), http.createServer(), a Nest app.
    {
      code: `import express from 'express';\nconst app = express();\nconst server = app.listen(3000);\nserver.requestTimeout = 0;\nserver.headersTimeout = 120_000;`,
      errors: [disabled('server.requestTimeout', 4, 1, 26), tooLong('server.headersTimeout', '2 min', 5, 1, 32)],
    },
    {
      code: `import http from 'node:http';\nimport express from 'express';\nconst server = http.createServer(express());\nserver.setTimeout(0);\nserver.timeout = 10 * 60 * 1000;`,
      errors: [disabled('server.setTimeout()', 4, 1, 21), tooLong('server.timeout', '10 min', 5, 1, 32)],
    },
    {
      code: `import { createServer } from 'https';\nconst server = createServer({ requestTimeout: 600_000 }, () => {});`,
      errors: [tooLong('https.createServer({ requestTimeout })', '10 min', 2, 31, 54)],
    },
    {
      code: `import Koa from 'koa';\nconst server = new Koa().listen(3000);\nserver.headersTimeout = 0;`,
      errors: [disabled('server.headersTimeout', 3, 1, 26)],
    },
    {
      code: `import { NestFactory } from '@nestjs/core';\ndeclare const AppModule: any;\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.useBodyParser('json', { limit: '50mb' });\n  app.getHttpServer().requestTimeout = 0;\n}\nbootstrap();`,
      errors: [tooLarge('app.useBodyParser({ limit })', '50 MB', 5, 31, 44), disabled('server.requestTimeout', 6, 3, 41)],
    },
    // Options lower the limits.
    {
      code: `import express from 'express';\nexpress.json({ limit: '2mb' });`,
      options: [{ maxBodyBytes: 1024 * 1024 }],
      errors: [tooLarge('express.json({ limit })', '2 MB', 2, 16, 28, '1 MB')],
    },
    {
      code: `import Fastify from 'fastify';\nFastify({ requestTimeout: 20_000 });`,
      options: [{ maxRequestMs: 10_000 }],
      errors: [tooLong('fastify({ requestTimeout })', '20 s', 2, 11, 33, '10 s')],
    },
    // Plain JavaScript through espree.
    {
      code: `const express = require('express');\nconst app = express();\napp.use(express.json({ limit: '50mb' }));\napp.listen(3000).setTimeout(0);`,
      languageOptions: { parser: espree as never },
      errors: [tooLarge('express.json({ limit })', '50 MB', 3, 24, 37), disabled('server.setTimeout()', 4, 1, 31)],
    },
    // Typed mode: a server known only by its type.
    {
      mode: 'typed',
      code: `import type { Server } from 'node:http';\nexport function tune(server: Server) {\n  server.requestTimeout = 0;\n}`,
      errors: [disabled('server.requestTimeout', 3, 3, 28)],
    },
  ],
});
