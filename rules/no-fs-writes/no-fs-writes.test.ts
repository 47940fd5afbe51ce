import * as espree from 'espree';
import { runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

const FS = 'fs.writeFileSync';
const write = (api: string, line: number, column: number, endColumn: number, endLine = line): InvalidCase['errors'][number] => ({
  messageId: 'fsWrite',
  data: { api },
  line,
  column,
  endLine,
  endColumn,
});

const through = (api: string, effect: string, chain: string, line: number, column: number, endColumn: number): InvalidCase['errors'][number] => ({
  messageId: 'writeThrough',
  data: { api, effect, chain },
  line,
  column,
  endLine: line,
  endColumn,
});

runRuleTests('no-fs-writes', {
  valid: [
    // Wrapper packages writing under the OS temp directory with allowTmpdir; formidable streaming uploads elsewhere.
    {
      code: `import writeFileAtomic from 'write-file-atomic';
import formidable from 'formidable';
import os from 'node:os';
import path from 'node:path';
await writeFileAtomic(path.join(os.tmpdir(), 'x'), 'y');
const form = formidable();`,
      options: [{ allowTmpdir: true }],
    },
    `import formidable from 'formidable';
import { PassThrough } from 'node:stream';
const form = formidable({ fileWriteStreamHandler: () => new PassThrough() });`,
    // A writing helper of a tool directory called only at start-up: the process owns its setup.
    {
      mode: 'typed',
      code: `import express from 'express';
import { writeReport } from './scripts/no-fs-writes-export.js';
const app = express();
await writeReport('boot', 'x');
async function main() { await writeReport('boot', 'y'); app.listen(3000); }
void main();`,
    },
    // A project function that writes nothing.
    {
      mode: 'typed',
      code: `import express from 'express';
import { archive } from './scripts/no-fs-writes-export.js';
const app = express();
app.post('/x', (req, res) => { archive(); res.end(); });`,
    },
    // Reads, stat, exists are not writes.
    `import fs from 'fs'; export function h() { fs.readFileSync('a'); fs.statSync('a'); fs.existsSync('a'); }`,
    `import { readFile, stat, access } from 'node:fs/promises'; export async function h() { await readFile('a'); await stat('a'); await access('a'); }`,
    // open without a write flag reads.
    `import fs from 'fs'; fs.openSync('a'); fs.openSync('a', 'r'); fs.open('a', 'r', () => {});`,
    // Writes to stdout, stderr, /dev/null and fds 1 and 2 are logging, not disk.
    `import fs from 'fs'; fs.writeFileSync(1, 'x'); fs.appendFileSync(2, 'x'); fs.writeFileSync('/dev/stdout', 'x'); fs.writeFileSync(process.stderr.fd, 'x');`,
    `import fs from 'fs'; const s = fs.createWriteStream(null as any, { fd: 1 });`,
    `process.stdout.write('hello'); process.stderr.write('x');`,
    // A local object that happens to be called fs (shadowing).
    `const fs = { writeFileSync(_a: string, _b: string) {} }; fs.writeFileSync('a', 'b');`,
    `import fs from 'fs'; export function h(fs: { writeFile(p: string): void }) { fs.writeFile('a'); }`,
    `function writeFile(_p: string) {} writeFile('a');`,
    // A method named like an fs write on an unrelated object.
    `export function h(store: { rm(k: string): void; writeFile(k: string): void }) { store.rm('a'); store.writeFile('b'); }`,
    `import { writeFile } from './storage'; writeFile('a');`,
    // A reassigned alias is no longer known to be fs.
    `import fs from 'fs'; let w = fs.writeFileSync; w = (_a: string, _b: string) => {}; w('a', 'b');`,
    // allowTmpdir: scratch files under os.tmpdir().
    {
      code: `import fs from 'fs'; import os from 'os'; import path from 'path';
fs.writeFileSync(path.join(os.tmpdir(), 'x.json'), '{}');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-'));
fs.writeFileSync(path.join(dir, 'part'), 'x');
fs.writeFileSync(\`\${os.tmpdir()}/y\`, 'x');
fs.writeFileSync('/tmp/z', 'x');
fs.writeFileSync(process.env.TMPDIR + '/z', 'x');`,
      options: [{ allowTmpdir: true }],
    },
    {
      code: `import { tmpdir } from 'node:os'; import { join } from 'node:path'; import { writeFile } from 'node:fs/promises';
export async function h() { await writeFile(join(tmpdir(), 'a'), 'x'); }`,
      options: [{ allowTmpdir: true }],
    },
    {
      code: `import tmp from 'tmp'; import tmpPromise from 'tmp-promise'; import { temporaryFile } from 'tempy'; import fs from 'fs';
export async function h(data: string) {
  fs.writeFileSync(tmp.fileSync().name, data);
  const { name } = tmp.fileSync({ postfix: '.zip' });
  fs.createWriteStream(name);
  const file = await tmpPromise.file();
  await fs.promises.writeFile(file.path, data);
  fs.writeFileSync(temporaryFile({ extension: 'png' }), data);
}`,
      options: [{ allowTmpdir: true }],
    },
    // allowPaths: a mounted volume.
    { code: `import fs from 'fs'; fs.writeFileSync('/mnt/shared/report.csv', 'x');`, options: [{ allowPaths: ['/mnt/shared'] }] },
    // multer in memory, SQLite in memory.
    `import multer from 'multer'; const upload = multer({ storage: multer.memoryStorage() }); const other = multer();`,
    `import Database from 'better-sqlite3'; const db = new Database(':memory:'); const db2 = new Database();`,
    `import sqlite3 from 'sqlite3'; const db = new sqlite3.Database(':memory:');`,
    // Scratch files: a temp file the same call writes and removes again (streamed, read, deleted).
    `import { createWriteStream } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export async function inspect(download: NodeJS.ReadableStream, name: string) {
  const scratch = join(tmpdir(), 'inspect-' + name);
  const out = createWriteStream(scratch);
  download.pipe(out);
  await new Promise((resolve) => out.on('finish', resolve));
  const data = await readFile(scratch);
  await unlink(scratch);
  return data.length;
}`,
    // A mkdtemp directory removed recursively; a tmp-promise file cleaned up; a temp-named configured directory.
    `const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const tmp = require('tmp-promise');
async function unpack(archive, settings) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'unpack-'));
  await fs.writeFile(path.join(dir, 'archive.zip'), archive);
  await fs.rm(dir, { recursive: true, force: true });
  const { path: zip, cleanup } = await tmp.file({ postfix: '.zip' });
  await fs.writeFile(zip, archive);
  await cleanup();
  const copy = path.join(settings.tempDirectory, 'copy.zip');
  await fs.writeFile(copy, archive);
  await fs.unlink(copy);
}
module.exports = { unpack };`,
    // A helper writes a temp file and returns its path; the caller removes it.
    `import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
const settings = { tempDir: process.env.APP_TEMP ?? 'tmp' };
async function toTemp(id: string, body: Buffer) {
  const tmpFile = path.join(settings.tempDir, id + '.tmp');
  await writeFile(tmpFile, body);
  return tmpFile;
}
export async function thumbnail(id: string, body: Buffer) {
  const file = await toTemp(id, body);
  try { return file.length; } finally { await rm(file); }
}`,
    // Writes made only while the service boots: a NestJS start-up hook (and what it calls), a Fastify plugin.
    `import { Module, type OnModuleInit } from '@nestjs/common';
import { copyFileSync, mkdirSync } from 'node:fs';
@Module({})
export class StaticModule implements OnModuleInit {
  onModuleInit() {
    mkdirSync('public/cache', { recursive: true });
    this.prepare();
  }
  private prepare() {
    copyFileSync('dist/index.html', 'dist/index.template.html');
  }
}`,
    `const fp = require('fastify-plugin');
const fs = require('fs/promises');
async function storage(fastify, options) {
  await fs.mkdir(options.directory, { recursive: true });
  fastify.decorate('storageDir', options.directory);
}
module.exports = fp(storage);`,
    `import Fastify from 'fastify';
import { mkdir } from 'node:fs/promises';
const app = Fastify();
async function uploads() {
  await mkdir('uploads', { recursive: true });
}
app.register(uploads).register(async () => {
  await mkdir('thumbs', { recursive: true });
});
app.listen({ port: 3000 });`,
    `import { DataSource } from 'typeorm'; export const db = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });`,
    `const { Sequelize } = require('sequelize'); const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:' });`,
    // Logs to stdout.
    `import winston from 'winston'; const logger = winston.createLogger({ transports: [new winston.transports.Console()] });`,
    `import pino from 'pino'; const a = pino(pino.destination(1)); const b = pino(pino.destination()); const c = pino({ transport: { target: 'pino/file' } });`,
    `import pino from 'pino'; const t = pino.transport({ target: 'pino/file', options: { destination: 1 } });`,
    // Suppressed, with a reason.
    `import fs from 'fs';
// statelint-disable-next-line no-fs-writes -- build-time cache, never read by requests
fs.writeFileSync('cache.json', '{}');
fs.mkdirSync('x'); // statelint-disable-line no-fs-writes`,
    // A type-only import is not a value.
    `import type { writeFile } from 'fs/promises'; type W = typeof writeFile;`,
    // Scripts and CLIs own their disk: a shebang, or a scripts/, bin/, tools/, … directory.
    `#!/usr/bin/env node\nimport fs from 'fs';\nfs.writeFileSync('out.json', '{}');`,
    { code: `import fs from 'fs';\nfs.writeFileSync('out.json', '{}');`, filename: 'scripts/seed.ts' },
    { code: `import fs from 'fs';\nfs.rmSync('dist', { recursive: true });`, filename: 'commands/build.ts' },
    // Plain JavaScript through espree.
    {
      code: `const fs = require('fs'); fs.readFileSync('a'); const { readFile } = require('fs/promises');`,
      languageOptions: { parser: espree as never },
    },
  ],
  invalid: [
    // Default, named, renamed, namespace imports, node: prefix.
    {
      code: `import fs from 'fs';\nfs.writeFileSync('a', 'b');`,
      errors: [write(FS, 2, 1, 27)],
    },
    {
      code: `import { writeFileSync as save } from 'node:fs';\nsave('a', 'b');`,
      errors: [write(FS, 2, 1, 15)],
    },
    {
      code: `import * as fs from 'node:fs';\nfs.appendFileSync('a', 'b');`,
      errors: [write('fs.appendFileSync', 2, 1, 28)],
    },
    {
      code: `import { promises as fsp } from 'fs';\nexport async function h() { await fsp.mkdir('d', { recursive: true }); }`,
      errors: [write('fs.promises.mkdir', 2, 35, 70)],
    },
    {
      code: `import { writeFile } from 'fs/promises';\nexport async function h() { await writeFile('a', 'b'); }`,
      errors: [write('fs.promises.writeFile', 2, 35, 54)],
    },
    {
      code: `import fsp from 'node:fs/promises';\nexport async function h() { await fsp.rm('a'); }`,
      errors: [write('fs.promises.rm', 2, 35, 46)],
    },
    // require, destructuring with rename, nested destructuring, inline require.
    {
      code: `const fs = require('fs');\nfs.unlinkSync('a');`,
      errors: [write('fs.unlinkSync', 2, 1, 19)],
    },
    {
      code: `const { writeFileSync: save, promises: { rename } } = require('node:fs');\nsave('a', 'b');\nrename('a', 'b');`,
      errors: [write(FS, 2, 1, 15), write('fs.promises.rename', 3, 1, 17)],
    },
    {
      code: `require('fs').rmSync('a');`,
      errors: [write('fs.rmSync', 1, 1, 26)],
    },
    // import x = require()
    {
      code: `import fs = require('fs');\nfs.copyFileSync('a', 'b');`,
      errors: [write('fs.copyFileSync', 2, 1, 26)],
    },
    // Aliases: const fsp = fs.promises; a write function kept in a variable.
    {
      code: `import fs from 'fs';\nconst fsp = fs.promises;\nconst w = fsp.writeFile;\nexport async function h() { await w('a', 'b'); }`,
      errors: [write('fs.promises.writeFile', 4, 35, 46)],
    },
    // createRequire and dynamic import.
    {
      code: `import { createRequire } from 'module';\nconst require = createRequire(import.meta.url);\nconst fs = require('fs');\nfs.truncateSync('a');`,
      errors: [write('fs.truncateSync', 4, 1, 21)],
    },
    {
      code: `export async function h() {\n  const { writeFile } = await import('node:fs/promises');\n  await writeFile('a', 'b');\n}`,
      errors: [write('fs.promises.writeFile', 3, 9, 28)],
    },
    // fs-extra and graceful-fs.
    {
      code: `import fse from 'fs-extra';\nexport async function h() { await fse.outputJson('a.json', {}); await fse.ensureDir('d'); fse.removeSync('x'); }`,
      errors: [write('fs-extra.outputJson', 2, 35, 63), write('fs-extra.ensureDir', 2, 71, 89), write('fs-extra.removeSync', 2, 91, 110)],
    },
    {
      code: `import * as gfs from 'graceful-fs';\ngfs.createWriteStream('out.log');`,
      errors: [write('graceful-fs.createWriteStream', 2, 1, 33)],
    },
    // open with a write flag (string or numeric constants).
    {
      code: `import fs from 'fs';\nfs.openSync('a', 'a+');\nfs.openSync('b', fs.constants.O_WRONLY | fs.constants.O_CREAT);`,
      errors: [write('fs.openSync', 2, 1, 23), write('fs.openSync', 3, 1, 63)],
    },
    // Promisified, and passed as a callback.
    {
      code: `import { promisify } from 'util';\nimport fs from 'fs';\nconst writeAsync = promisify(fs.writeFile);\nexport async function h() { await writeAsync('a', 'b'); }`,
      errors: [write('fs.writeFile', 4, 35, 55)],
    },
    {
      code: `import fs from 'fs';\nexport function h(files: string[]) { files.forEach(fs.unlinkSync); }`,
      errors: [write('fs.unlinkSync', 2, 52, 65)],
    },
    // Element access with a static key.
    {
      code: `import fs from 'fs';\nfs['writeFileSync']('a', 'b');`,
      errors: [write(FS, 2, 1, 30)],
    },
    // Without allowTmpdir, tmp writes are writes.
    {
      code: `import fs from 'fs'; import os from 'os';\nfs.writeFileSync(os.tmpdir() + '/a', 'b');`,
      errors: [write(FS, 2, 1, 42)],
    },
    // allowPaths does not cover a sibling directory.
    {
      code: `import fs from 'fs';\nfs.writeFileSync('/mnt/shared-other/x', 'b');`,
      options: [{ allowPaths: ['/mnt/shared'] }],
      errors: [write(FS, 2, 1, 45)],
    },
    // A temp-library value's other properties are not its path.
    {
      code: `import tmp from 'tmp'; import fs from 'fs';\nconst t = tmp.fileSync();\nfs.writeFileSync(t.fd + '/x', 'y');`,
      options: [{ allowTmpdir: true }],
      errors: [write(FS, 3, 1, 35)],
    },
    // rename moves the source away: both paths must be exempt.
    {
      code: `import fs from 'fs'; import os from 'os'; import path from 'path';\nfs.renameSync('data/a', path.join(os.tmpdir(), 'a'));`,
      options: [{ allowTmpdir: true }],
      errors: [write('fs.renameSync', 2, 1, 53)],
    },
    // multer disk storage, log files, SQLite files.
    {
      code: `import multer from 'multer';\nconst upload = multer({ dest: 'uploads/' });\nconst storage = multer.diskStorage({ destination: 'x' });`,
      errors: [
        { messageId: 'uploadToDisk', data: { api: 'multer({ dest })' }, line: 2, column: 16, endLine: 2, endColumn: 44 },
        { messageId: 'uploadToDisk', data: { api: 'multer.diskStorage' }, line: 3, column: 17, endLine: 3, endColumn: 57 },
      ],
    },
    {
      code: `import winston from 'winston';\nconst logger = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log' })] });`,
      errors: [{ messageId: 'logFile', data: { api: 'winston.transports.File' }, line: 2, column: 52, endLine: 2, endColumn: 104 }],
    },
    {
      code: `import { transports } from 'winston';\nimport DailyRotateFile from 'winston-daily-rotate-file';\nconst a = new transports.File({ filename: 'a.log' });\nconst b = new DailyRotateFile({ filename: 'b-%DATE%.log' });`,
      errors: [
        { messageId: 'logFile', data: { api: 'winston.transports.File' }, line: 3, column: 11, endLine: 3, endColumn: 53 },
        { messageId: 'logFile', data: { api: 'winston-daily-rotate-file' }, line: 4, column: 11, endLine: 4, endColumn: 60 },
      ],
    },
    {
      code: `import pino from 'pino';\nconst a = pino(pino.destination('./app.log'));\nconst b = pino({ transport: { target: 'pino/file', options: { destination: './b.log' } } });`,
      errors: [
        { messageId: 'logFile', data: { api: 'pino.destination' }, line: 2, column: 16, endLine: 2, endColumn: 45 },
        { messageId: 'logFile', data: { api: 'pino file transport' }, line: 3, column: 11, endLine: 3, endColumn: 92 },
      ],
    },
    {
      code: `import Database from 'better-sqlite3';\nconst db = new Database('data/app.db');`,
      errors: [{ messageId: 'sqliteFile', data: { api: 'better-sqlite3' }, line: 2, column: 12, endLine: 2, endColumn: 39 }],
    },
    {
      code: `const sqlite3 = require('sqlite3').verbose();\nconst db = new sqlite3.Database(process.env.DB_FILE);`,
      errors: [{ messageId: 'sqliteFile', data: { api: 'sqlite3.Database' }, line: 2, column: 12, endLine: 2, endColumn: 53 }],
    },
    {
      code: `import { DatabaseSync } from 'node:sqlite';\nconst db = new DatabaseSync('app.db');`,
      errors: [{ messageId: 'sqliteFile', data: { api: 'node:sqlite DatabaseSync' }, line: 2, column: 12, endLine: 2, endColumn: 38 }],
    },
    // A temp file kept after the call (read by a later request), or a module-wide temp path: state.
    {
      code: `import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
const CACHE = path.join(os.tmpdir(), 'thumbs.json');
export async function save(id: string, body: string) {
  const tmpFile = path.join(os.tmpdir(), id);
  await fs.writeFile(tmpFile, body);
  await fs.writeFile(CACHE, body);
  await fs.unlink(CACHE);
  const other = path.join(os.tmpdir(), 'a');
  await fs.writeFile(other, body);
  await fs.unlink(path.join(os.tmpdir(), 'b'));
}`,
      errors: [
        write('fs.promises.writeFile', 7, 9, 36),
        write('fs.promises.writeFile', 8, 9, 34),
        write('fs.promises.unlink', 9, 9, 25),
        write('fs.promises.writeFile', 11, 9, 34),
        write('fs.promises.unlink', 12, 9, 47),
      ],
    },
    // A file written under a non-temporary name and removed again is not scratch by this rule's reading (a lock file).
    {
      code: `const fs = require('fs');
function withLock(dir, work) {
  const lock = dir + '/app.lock';
  fs.writeFileSync(lock, String(process.pid));
  try { work(); } finally { fs.unlinkSync(lock); }
}
module.exports = withLock;`,
      errors: [write('fs.writeFileSync', 4, 3, 46), write('fs.unlinkSync', 5, 29, 48)],
    },
    // A helper a plugin calls at boot and a route calls per request; a database file opened at start-up.
    {
      code: `import Fastify from 'fastify';
import Database from 'better-sqlite3';
import { writeFile } from 'node:fs/promises';
const app = Fastify();
async function save(name: string, body: string) {
  await writeFile('uploads/' + name, body);
}
app.register(async (instance) => {
  await save('boot.txt', 'x');
  instance.decorate('db', new Database('data/app.db'));
  instance.post('/upload', async (request) => {
    await save('u.txt', String(request.body));
    return 'ok';
  });
});
app.listen({ port: 3000 });`,
      errors: [
        write('fs.promises.writeFile', 6, 9, 43),
        { messageId: 'sqliteFile', data: { api: 'better-sqlite3' }, line: 10, column: 27, endLine: 10, endColumn: 54 },
      ],
    },
    // An ORM whose driver is SQLite keeps the database in a file, whichever options object is chosen.
    {
      code: `import { DataSource, type DataSourceOptions } from 'typeorm';
const local: DataSourceOptions = { type: 'sqlite', database: 'var/app.sqlite' };
const shared: DataSourceOptions = { type: 'postgres', url: process.env.DATABASE_URL };
export const db = new DataSource(process.env.DB === 'pg' ? shared : local);`,
      errors: [{ messageId: 'sqliteFile', data: { api: "TypeORM DataSource (type: 'sqlite')" }, line: 4, column: 19, endLine: 4, endColumn: 75 }],
    },
    {
      code: `const orm = require('sequelize');
const db = new orm.Sequelize({ dialect: 'sqlite', storage: 'data.db' });`,
      errors: [{ messageId: 'sqliteFile', data: { api: "Sequelize (dialect: 'sqlite')" }, line: 2, column: 12, endLine: 2, endColumn: 72 }],
    },
    // checkScripts: scripts are reported too.
    {
      code: `import fs from 'fs';\nfs.writeFileSync('out.json', '{}');`,
      filename: 'scripts/seed.ts',
      options: [{ checkScripts: true }],
      errors: [write(FS, 2, 1, 35)],
    },
    // A directory named like a script directory above the project root does not count.
    {
      code: `import fs from 'fs';\nfs.writeFileSync('out.json', '{}');`,
      filename: 'src/scriptsafe/handler.ts',
      errors: [write(FS, 2, 1, 35)],
    },
    // ESLint's own directive naming another rule does not suppress this one.
    {
      code: `import fs from 'fs';\n// statelint-disable-next-line no-module-state\nfs.writeFileSync('a', 'b');`,
      errors: [write(FS, 3, 1, 27)],
    },
    // Plain JavaScript through espree.
    {
      code: `const { writeFile } = require('fs');\nwriteFile('a', 'b', () => {});`,
      languageOptions: { parser: espree as never },
      errors: [write('fs.writeFile', 2, 1, 30)],
    },
    // Typed mode: an fs injected as a value of the module's type, found through its declaration.
    {
      mode: 'typed',
      code: `export class Uploads {\n  constructor(private readonly files: typeof import('node:fs')) {}\n  save(data: string) { this.files.writeFileSync('x', data); }\n}`,
      errors: [write(FS, 3, 24, 59)],
    },
    // Typed mode: a project module that re-exports fs functions.
    {
      mode: 'typed',
      code: `import { save, fsx } from './lib/fs-facade';\nexport async function h() { await save('a', 'b'); fsx.rmSync('c'); }`,
      errors: [write('fs.promises.writeFile', 2, 35, 49), write('fs.rmSync', 2, 51, 66)],
    },
    // A project helper that writes, called per request, in a file this rule skips (scripts/): reported at the call, with its chain.
    {
      mode: 'typed',
      code: `import express from 'express';
import { writeReport } from './scripts/no-fs-writes-export.js';
const app = express();
app.post('/reports', async (req, res) => { await writeReport('r', req.body); res.end(); });`,
      errors: [through('writeReport', 'fs.promises.writeFile', 'writeReport → fs.promises.writeFile', 4, 50, 76)],
    },
    // Through an interface: `archive.store()` dispatched to the program's implementation.
    {
      mode: 'typed',
      code: `import express from 'express';
import type { Archive } from './scripts/no-fs-writes-export.js';
export class ReportsController {
  constructor(private readonly archive: Archive) {}
  register(app: express.Express) {
    app.post('/reports', async (req, res) => { await this.saveReport(req.body); res.end(); });
  }
  async saveReport(body: string) { await this.archive.store('r', body); }
}`,
      errors: [through('this.archive.store', 'fs.promises.writeFile', 'saveReport → this.archive.store → writeReport → fs.promises.writeFile', 8, 42, 71)],
    },
    // Untyped: a helper of the same file writes; reported once, where it writes (the file is service code).
    {
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
function saveUpload(name: string, data: Buffer) { fs.writeFileSync(name, data); }
app.post('/upload', (req, res) => { saveUpload('a', req.body); res.end(); });`,
      errors: [write(FS, 4, 51, 79)],
    },
    // Filesystem wrapper packages, as data.
    {
      code: `import writeFileAtomic from 'write-file-atomic';
import { mkdirp } from 'mkdirp';
import { rimraf } from 'rimraf';
import jetpack from 'fs-jetpack';
await writeFileAtomic('state.json', '{}');
await mkdirp('uploads/tmp');
await rimraf('uploads/old');
jetpack.write('cache/a.json', {});`,
      errors: [
        write('write-file-atomic', 5, 7, 42),
        write('mkdirp.mkdirp', 6, 7, 28),
        write('rimraf.rimraf', 7, 7, 28),
        write('fs-jetpack.write', 8, 1, 34),
      ],
    },
    // Upload parsers that spool files to disk: formidable's uploadDir, or its temp-directory default.
    {
      code: `import formidable, { IncomingForm } from 'formidable';
const form = formidable({ uploadDir: './uploads', keepExtensions: true });
const legacy = new IncomingForm();`,
      errors: [
        { messageId: 'uploadToDisk', data: { api: 'formidable({ uploadDir })' }, line: 2, column: 14, endLine: 2, endColumn: 74 },
        { messageId: 'uploadToDisk', data: { api: 'formidable.IncomingForm' }, line: 3, column: 16, endLine: 3, endColumn: 34 },
      ],
    },
  ],
});
