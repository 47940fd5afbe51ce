/**
 * A deterministic generator of realistic service code for `pnpm bench`: an Express-style service in
 * TypeScript and JavaScript, split into domains (routes, services, repositories, models, clients,
 * jobs, caches, events), with shared infrastructure (logger, database, Redis, auth, uploads) and a
 * server entry point. Every domain mixes compliant code with violations of every rule pattern in
 * docs/contract.md (module state, in-memory caches and sessions, fs writes, I/O without a signal, servers
 * without a shutdown path, local schedulers, unverified JWTs, request limits, per-request clients,
 * unstructured logs), chosen by a seeded PRNG: the same `(files, seed)` gives the same bytes.
 *
 *   node bench/generate.mjs <dir> <files> [seed]
 *
 * `files` counts the .ts/.js sources exactly (the vendor typings in `src/types/vendor.d.ts` aside).
 * The project type-checks cleanly with `tsc --noEmit` when `@types/node` is resolvable from `dir`
 * (generate it under the repository, as `pnpm bench` does, in `.bench/`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the output changes, so cached projects are regenerated. */
export const GENERATOR_VERSION = 4;

const DOMAINS = [
  'users', 'orders', 'payments', 'invoices', 'products', 'carts', 'inventory', 'shipping',
  'notifications', 'reviews', 'accounts', 'reports', 'search', 'coupons', 'subscriptions',
  'tenants', 'billing', 'catalog', 'webhooks', 'audit', 'teams', 'projects', 'tickets', 'files',
];
const FIELDS = [
  ['name', 'string'], ['email', 'string'], ['status', 'Status'], ['total', 'number'], ['quantity', 'number'],
  ['createdAt', 'string'], ['updatedAt', 'string'], ['ownerId', 'string'], ['currency', 'string'],
  ['description', 'string'], ['tags', 'string[]'], ['active', 'boolean'], ['priority', 'number'],
  ['region', 'string'], ['version', 'number'], ['notes', 'string | null'],
];

/** mulberry32: small, fast, and good enough to pick templates. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const singular = (s) => (s.endsWith('ies') ? `${s.slice(0, -3)}y` : s.endsWith('s') ? s.slice(0, -1) : s);

/** Vendor typings, so that the project type-checks without installing the packages it imports. */
const VENDOR_TYPES = `// Minimal typings for the packages the generated service imports (not installed).
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  export interface Request extends IncomingMessage {
    body: any;
    params: Record<string, string>;
    query: Record<string, string | undefined>;
    user?: { id: string; roles: string[] };
    session?: Record<string, unknown>;
  }
  export interface Response extends ServerResponse {
    status(code: number): Response;
    json(body: unknown): Response;
    send(body?: unknown): Response;
  }
  export type NextFunction = (error?: unknown) => void;
  export type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
  export interface Router {
    get(path: string, ...handlers: Handler[]): Router;
    post(path: string, ...handlers: Handler[]): Router;
    put(path: string, ...handlers: Handler[]): Router;
    delete(path: string, ...handlers: Handler[]): Router;
    use(...handlers: unknown[]): Router;
  }
  export interface Application extends Router {
    listen(port: number, callback?: () => void): Server;
    set(key: string, value: unknown): void;
  }
  interface Express {
    (): Application;
    Router(): Router;
    json(options?: { limit?: string | number }): Handler;
    urlencoded(options?: { extended?: boolean; limit?: string | number }): Handler;
  }
  const express: Express;
  export default express;
  export function Router(): Router;
}
declare module 'jsonwebtoken' {
  export interface SignOptions { expiresIn?: string | number; algorithm?: string }
  export function sign(payload: object, secret: string, options?: SignOptions): string;
  export function verify(token: string, secret: string, options?: { algorithms?: string[]; ignoreExpiration?: boolean }): unknown;
  export function decode(token: string, options?: { complete?: boolean }): unknown;
  const jwt: { sign: typeof sign; verify: typeof verify; decode: typeof decode };
  export default jwt;
}
declare module 'pg' {
  export interface QueryResult<T> { rows: T[]; rowCount: number | null }
  export class Pool {
    constructor(options?: { connectionString?: string; max?: number; statement_timeout?: number });
    query<T = any>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
    end(): Promise<void>;
  }
  export class Client {
    constructor(options?: { connectionString?: string });
    connect(): Promise<void>;
    query<T = any>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
    end(): Promise<void>;
  }
}
declare module 'ioredis' {
  export default class Redis {
    constructor(url?: string, options?: { commandTimeout?: number });
    get(key: string): Promise<string | null>;
    set(key: string, value: string, ...args: unknown[]): Promise<'OK'>;
    del(key: string): Promise<number>;
    publish(channel: string, message: string): Promise<number>;
    quit(): Promise<'OK'>;
  }
}
declare module 'express-session' {
  import type { Handler } from 'express';
  export interface SessionOptions {
    secret: string;
    resave?: boolean;
    saveUninitialized?: boolean;
    store?: unknown;
    cookie?: { secure?: boolean; maxAge?: number };
  }
  export class MemoryStore {}
  export default function session(options: SessionOptions): Handler;
}
declare module 'connect-redis' {
  export class RedisStore { constructor(options: { client: unknown; prefix?: string }) }
}
declare module 'lru-cache' {
  export class LRUCache<K, V> {
    constructor(options: { max: number; ttl?: number });
    get(key: K): V | undefined;
    set(key: K, value: V): this;
    delete(key: K): boolean;
  }
}
declare module 'node-cron' {
  export interface ScheduledTask { stop(): void }
  export function schedule(expression: string, task: () => void | Promise<void>): ScheduledTask;
  const cron: { schedule: typeof schedule };
  export default cron;
}
declare module 'multer' {
  import type { Handler } from 'express';
  interface Multer { single(field: string): Handler; array(field: string, max?: number): Handler }
  function multer(options?: { dest?: string; storage?: unknown; limits?: { fileSize?: number } }): Multer;
  namespace multer {
    function memoryStorage(): unknown;
    function diskStorage(options: { destination?: string; filename?: unknown }): unknown;
  }
  export default multer;
}
declare module 'pino' {
  export interface Logger {
    info(object: object, message?: string): void;
    warn(object: object, message?: string): void;
    error(object: object, message?: string): void;
    child(bindings: object): Logger;
  }
  export default function pino(options?: object): Logger;
}
`;

export function generateProject(dir, files, seed = 1) {
  const random = prng(seed * 7919 + files);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const out = new Map();
  const put = (rel, text) => out.set(rel, text);

  put('package.json', `${JSON.stringify({ name: `bench-service-${files}`, private: true, type: 'module' }, null, 2)}\n`);
  put(
    'tsconfig.json',
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          allowJs: true,
          checkJs: false,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  put('statelint.config.json', `${JSON.stringify({ extends: 'all' }, null, 2)}\n`);
  put('src/types/vendor.d.ts', VENDOR_TYPES);

  const shared = sharedFiles(chance);
  for (const [rel, text] of shared) put(rel, text);
  let remaining = files - shared.length - 1; // src/routes.ts is the last one
  const domains = [];
  for (let i = 0; remaining > 0; i++) {
    const base = DOMAINS[i % DOMAINS.length];
    const name = i < DOMAINS.length ? base : `${base}${Math.floor(i / DOMAINS.length)}`;
    const domainFiles = domainSources(name, domains, { random, pick, chance });
    const kept = domainFiles.slice(0, remaining);
    for (const [rel, text] of kept) put(rel, text);
    remaining -= kept.length;
    if (kept.some(([rel]) => rel.endsWith('.routes.ts'))) domains.push(name);
  }
  put('src/routes.ts', routesIndex(domains));

  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of out) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return { dir, files: [...out.keys()].filter((f) => /\.(ts|js|cjs|mjs)$/.test(f) && !f.endsWith('.d.ts')).length };
}

/** The shared infrastructure: ten files, counted in the total (routes.ts is counted in domains). */
function sharedFiles(chance) {
  const files = [];
  files.push([
    'src/lib/logger.ts',
    `import pino from 'pino';

export const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'info', redact: ['req.headers.authorization'] });

export function requestLogger(requestId: string) {
  return logger.child({ requestId });
}
`,
  ]);
  files.push([
    'src/lib/config.ts',
    `export interface Config {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  bodyLimit: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(\`missing environment variable \${name}\`);
  return value;
}

export function loadConfig(): Config {
  return {
    port: Number(process.env['PORT'] ?? 3000),
    databaseUrl: required('DATABASE_URL'),
    redisUrl: required('REDIS_URL'),
    jwtSecret: required('JWT_SECRET'),
    bodyLimit: process.env['BODY_LIMIT'] ?? '1mb',
  };
}
`,
  ]);
  files.push([
    'src/lib/db.ts',
    `import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10, statement_timeout: 5000 });

export async function withTransaction<T>(work: (query: Pool['query']) => Promise<T>): Promise<T> {
  await pool.query('BEGIN');
  try {
    const result = await work(pool.query.bind(pool));
    await pool.query('COMMIT');
    return result;
  } catch (error) {
    await pool.query('ROLLBACK');
    throw error;
  }
}
`,
  ]);
  files.push([
    'src/lib/redis.ts',
    `import Redis from 'ioredis';

export const redis = new Redis(process.env['REDIS_URL'], { commandTimeout: 2000 });

export async function cached<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  const hit = await redis.get(key);
  if (hit !== null) return JSON.parse(hit) as T;
  const value = await load();
  await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
  return value;
}
`,
  ]);
  files.push([
    'src/lib/errors.ts',
    `export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, \`\${what} not found\`);
  }
}

export class ValidationError extends HttpError {
  constructor(details: string[]) {
    super(400, 'validation failed', details);
  }
}
`,
  ]);
  files.push([
    'src/lib/auth.ts',
    `import jwt from 'jsonwebtoken';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';

const secret = process.env['JWT_SECRET'] ?? '';

export function authenticate(req: Request, _res: Response, next: NextFunction): void {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'] }) as { sub: string; roles: string[] };
    req.user = { id: claims.sub, roles: claims.roles };
    next();
  } catch {
    next(new HttpError(401, 'invalid token'));
  }
}
${chance(0.5) ? `
export function peekClaims(token: string): unknown {
  return jwt.decode(token);
}
` : ''}`,
  ]);
  files.push([
    'src/lib/http.ts',
    `import type { Request, Response } from 'express';

/** An AbortSignal that fires when the client goes away (Express has no request signal). */
export function requestSignal(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

export async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(\`GET \${url}: \${response.status}\`);
  return (await response.json()) as T;
}
`,
  ]);
  files.push([
    'src/lib/uploads.ts',
    `import multer from 'multer';
${chance(0.5)
  ? `export const upload = multer({ dest: 'uploads/', limits: { fileSize: 10_000_000 } });`
  : `export const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 10_000_000 } });`}
`,
  ]);
  const sessionStore = chance(0.5);
  files.push([
    'src/app.ts',
    `import express from 'express';
import session from 'express-session';
${sessionStore ? "import { RedisStore } from 'connect-redis';\nimport { redis } from './lib/redis.js';\n" : ''}import { router } from './routes.js';

export const app = express();
app.use(express.json({ limit: ${chance(0.5) ? "'1mb'" : "'50mb'"} }));
app.use(
  session({
    secret: process.env['SESSION_SECRET'] ?? '',
    resave: false,
    saveUninitialized: false,${sessionStore ? "\n    store: new RedisStore({ client: redis, prefix: 'sess:' })," : ''}
  }),
);
app.use('/api', router);
`,
  ]);
  const graceful = chance(0.5);
  files.push([
    'src/server.ts',
    `import { app } from './app.js';
import { pool } from './lib/db.js';
import { logger } from './lib/logger.js';
import { redis } from './lib/redis.js';

const port = Number(process.env['PORT'] ?? 3000);
const server = app.listen(port, () => logger.info({ port }, 'listening'));
server.setTimeout(${graceful ? '30_000' : '0'});
${graceful
  ? `
process.once('SIGTERM', () => {
  logger.info({}, 'shutting down');
  const deadline = setTimeout(() => process.exit(1), 25_000);
  deadline.unref();
  server.close(async () => {
    await Promise.all([pool.end(), redis.quit()]);
    clearTimeout(deadline);
  });
  server.closeIdleConnections();
});
`
  : `
process.on('uncaughtException', (error) => {
  logger.error({ error }, 'crash');
  process.exit(1);
});
`}`,
  ]);
  return files;
}

function routesIndex(domains) {
  const imports = domains.map((d, i) => `import { ${d}Router as r${i} } from './modules/${d}/${d}.routes.js';`);
  const uses = domains.map((d, i) => `router.use('/${d}', r${i});`);
  return `import { Router } from 'express';\n${imports.join('\n')}\n\nexport const router = Router();\n${uses.join('\n')}\n`;
}

/**
 * Business logic of the kind every service has (totals, grouping, retries, state machines): pure
 * functions that give each file a realistic size (about 90 lines on average) and the type checker
 * realistic work (generics, narrowing, inference). `js` gives JavaScript with JSDoc types.
 */
function businessLogic(Entity, fields, random, js = false) {
  const count = 3 + Math.floor(random() * 5);
  const numeric = fields.filter(([, t]) => t === 'number').map(([f]) => f);
  const text = fields.filter(([, t]) => t === 'string').map(([f]) => f);
  const n = numeric[0] ?? 'length';
  const s = text[0] ?? 'id';
  const T = (type) => (js ? '' : type);
  const parts = [];
  const templates = [
    (i) => `export function groupBy${i}${T('<T, K extends string | number>')}(items${T(': readonly T[]')}, key${T(': (item: T) => K')})${T(': Map<K, T[]>')} {
  const groups = new Map${T('<K, T[]>')}();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}`,
    (i) => `export function summarize${i}(items${T(`: ReadonlyArray<{ ${n === 'length' ? 'length: number' : `${n}: number`}; ${s}: string }>`)})${T(': { count: number; sum: number; mean: number; labels: string[] }')} {
  let sum = 0;
  const labels${T(': string[]')} = [];
  for (const item of items) {
    sum += item.${n};
    if (labels.length < 10) labels.push(item.${s}.trim().toLowerCase());
  }
  return { count: items.length, sum, mean: items.length === 0 ? 0 : sum / items.length, labels };
}`,
    (i) => `export async function retry${i}${T('<T>')}(work${T(': (attempt: number) => Promise<T>')}, attempts = 3, signal${T('?: AbortSignal')})${T(': Promise<T>')} {
  let last${T(': unknown')};
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (signal?.aborted) throw signal.reason;
    try {
      return await work(attempt);
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 50).unref());
    }
  }
  throw last;
}`,
    (i) => `${js ? '' : `export type ${Entity}Transition${i} = 'submit' | 'approve' | 'reject' | 'archive';\n\n`}export function next${Entity}State${i}(state${T(": 'draft' | 'pending' | 'active' | 'archived'")}, event${T(`: ${Entity}Transition${i}`)})${T(": 'draft' | 'pending' | 'active' | 'archived'")} {
  switch (state) {
    case 'draft':
      return event === 'submit' ? 'pending' : state;
    case 'pending':
      if (event === 'approve') return 'active';
      return event === 'reject' ? 'draft' : state;
    case 'active':
      return event === 'archive' ? 'archived' : state;
    default:
      return state;
  }
}`,
    (i) => `export function diff${Entity}${i}${T('<T extends Record<string, unknown>>')}(before${T(': T')}, after${T(': T')})${T(': Partial<T>')} {
  const changes${T(': Partial<T>')} = {};
  for (const key of Object.keys(after)${T(' as (keyof T)[]')}) {
    if (before[key] !== after[key]) changes[key] = after[key];
  }
  return changes;
}`,
    (i) => `export function paginate${i}${T('<T extends { id: string }>')}(items${T(': readonly T[]')}, limit${T(': number')}, after${T('?: string')})${T(': { page: T[]; next: string | undefined }')} {
  const start = after === undefined ? 0 : items.findIndex((item) => item.id === after) + 1;
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return { page, next: page.length === limit && last !== undefined ? last.id : undefined };
}`,
    (i) => `export function parse${Entity}Query${i}(query${T(': Record<string, string | undefined>')})${T(': { sort: string; order: "asc" | "desc"; filters: Array<[string, string]> }')} {
  const sort = query['sort'] ?? 'createdAt';
  const order = query['order'] === 'desc' ? 'desc' : 'asc';
  const filters${T(': Array<[string, string]>')} = [];
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('filter.') && value !== undefined && value.length <= 200) filters.push([key.slice(7), value]);
  }
  return { sort, order, filters };
}`,
  ];
  for (let i = 0; i < count; i++) parts.push(templates[Math.floor(random() * templates.length)](i));
  return `\n${parts.join('\n\n')}\n`;
}

/** Ten files for one domain. `earlier` are the domains generated before it (for cross-imports). */
function domainSources(name, earlier, { random, pick, chance }) {
  const Entity = cap(singular(name));
  const entity = singular(name);
  const dir = `src/modules/${name}`;
  const fieldCount = 4 + Math.floor(random() * 8);
  const fields = [];
  for (const field of FIELDS) if (fields.length < fieldCount && chance(0.6)) fields.push(field);
  while (fields.length < 3) fields.push(FIELDS[fields.length]);
  const other = earlier.length > 0 ? pick(earlier) : undefined;
  const v = {
    state: chance(0.3),
    cache: chance(0.3),
    fsWrite: chance(0.25),
    signal: chance(0.35),
    scheduler: chance(0.3),
    jwt: chance(0.15),
    perRequestClient: chance(0.2),
    console: chance(0.4),
    limits: chance(0.2),
    listen: chance(0.05),
  };
  const files = [];

  files.push([
    `${dir}/${name}.model.ts`,
    `export type Status = 'draft' | 'active' | 'archived';

export interface ${Entity} {
  id: string;
${fields.map(([f, t]) => `  ${f}: ${t};`).join('\n')}
}

export type New${Entity} = Omit<${Entity}, 'id'>;

export interface ${Entity}Page {
  items: ${Entity}[];
  next: string | null;
  total: number;
}

export const ${entity.toUpperCase()}_STATUSES: readonly Status[] = Object.freeze(['draft', 'active', 'archived']);

export function is${Entity}(value: unknown): value is ${Entity} {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}
${businessLogic(Entity, fields, random)}
`,
  ]);

  files.push([
    `${dir}/${name}.repository.ts`,
    `import { Pool } from 'pg';
import { pool } from '../../lib/db.js';
import type { ${Entity}, ${Entity}Page, New${Entity} } from './${name}.model.js';

const COLUMNS = ${JSON.stringify(['id', ...fields.map(([f]) => f)].join(', '))};

export class ${Entity}Repository {
  constructor(private readonly db: Pool = pool) {}

  async findById(id: string): Promise<${Entity} | undefined> {
    const { rows } = await this.db.query<${Entity}>(\`SELECT \${COLUMNS} FROM ${name} WHERE id = $1\`, [id]);
    return rows[0];
  }

  async list(limit: number, after?: string): Promise<${Entity}Page> {
    const { rows } = await this.db.query<${Entity}>(
      \`SELECT \${COLUMNS} FROM ${name} WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2\`,
      [after ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? items[items.length - 1]!.id : null, total: items.length };
  }

  async insert(input: New${Entity}): Promise<${Entity}> {
    const { rows } = await this.db.query<${Entity}>(
      \`INSERT INTO ${name} (${fields.map(([f]) => f).join(', ')}) VALUES (${fields.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING \${COLUMNS}\`,
      [${fields.map(([f]) => `input.${f}`).join(', ')}],
    );
    return rows[0]!;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.db.query(\`DELETE FROM ${name} WHERE id = $1\`, [id]);
    return (result.rowCount ?? 0) > 0;
  }
}
${businessLogic(Entity, fields, random)}${v.perRequestClient
  ? `
export async function countAll(): Promise<number> {
  const adhoc = new Pool({ connectionString: process.env['DATABASE_URL'] });
  const { rows } = await adhoc.query<{ n: number }>('SELECT count(*) AS n FROM ${name}');
  await adhoc.end();
  return rows[0]?.n ?? 0;
}
`
  : ''}`,
  ]);

  files.push([
    `${dir}/${name}.validation.ts`,
    `import { ValidationError } from '../../lib/errors.js';
import type { New${Entity} } from './${name}.model.js';

export function validate${Entity}(body: unknown): New${Entity} {
  const problems: string[] = [];
  const input = (body ?? {}) as Record<string, unknown>;
${fields
  .map(([f, t]) => {
    const check = t === 'number' ? `typeof input['${f}'] !== 'number'` : t === 'boolean' ? `typeof input['${f}'] !== 'boolean'` : t === 'string[]' ? `!Array.isArray(input['${f}'])` : `input['${f}'] === undefined`;
    return `  if (${check}) problems.push('${f} is invalid');`;
  })
  .join('\n')}
  if (problems.length > 0) throw new ValidationError(problems);
  return input as unknown as New${Entity};
}

export function parseLimit(raw: string | undefined, fallback = 20): number {
  const n = Number(raw ?? fallback);
  return Number.isInteger(n) && n > 0 && n <= 100 ? n : fallback;
}
${businessLogic(Entity, fields, random)}
`,
  ]);

  files.push([
    `${dir}/${name}.mapper.ts`,
    `import type { ${Entity} } from './${name}.model.js';

export interface ${Entity}Dto {
  id: string;
${fields.map(([f, t]) => `  ${f}: ${t === 'Status' ? 'string' : t};`).join('\n')}
  links: { self: string };
}

export function to${Entity}Dto(row: ${Entity}): ${Entity}Dto {
  return {
    id: row.id,
${fields.map(([f]) => `    ${f}: row.${f},`).join('\n')}
    links: { self: \`/api/${name}/\${encodeURIComponent(row.id)}\` },
  };
}

export function to${Entity}Dtos(rows: readonly ${Entity}[]): ${Entity}Dto[] {
  return rows.map(to${Entity}Dto);
}
${businessLogic(Entity, fields, random)}
`,
  ]);

  files.push([
    `${dir}/${name}.cache.ts`,
    v.cache
      ? `import { LRUCache } from 'lru-cache';
import type { ${Entity} } from './${name}.model.js';

const byId = new LRUCache<string, ${Entity}>({ max: 5000, ttl: 60_000 });
const memo: Record<string, Promise<${Entity} | undefined>> = {};

export function remember(entity: ${Entity}): void {
  byId.set(entity.id, entity);
}

export function recall(id: string): ${Entity} | undefined {
  return byId.get(id);
}

export function once(id: string, load: () => Promise<${Entity} | undefined>): Promise<${Entity} | undefined> {
  memo[id] ??= load();
  return memo[id]!;
}
`
      : `import { cached, redis } from '../../lib/redis.js';
import type { ${Entity} } from './${name}.model.js';

export function load${Entity}(id: string, load: () => Promise<${Entity} | undefined>): Promise<${Entity} | undefined> {
  return cached(\`${name}:\${id}\`, 60, load);
}

export async function forget${Entity}(id: string): Promise<void> {
  await redis.del(\`${name}:\${id}\`);
}
`,
  ]);

  files.push([
    `${dir}/${name}.service.ts`,
    `import fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { logger } from '../../lib/logger.js';
import { NotFoundError } from '../../lib/errors.js';
import { ${Entity}Repository } from './${name}.repository.js';
import type { ${Entity}, ${Entity}Page, New${Entity} } from './${name}.model.js';
${other ? `import { ${cap(singular(other))}Service } from '../${other}/${other}.service.js';\n` : ''}
${v.state ? `const recent: ${Entity}[] = [];\nlet requestsServed = 0;\n` : `const PAGE_SIZE = 20;\n`}
export class ${Entity}Service {
  constructor(
    private readonly repository = new ${Entity}Repository(),${other ? `\n    private readonly ${singular(other)}s = new ${cap(singular(other))}Service(),` : ''}
  ) {}

  async get(id: string): Promise<${Entity}> {
    const found = await this.repository.findById(id);
    if (found === undefined) throw new NotFoundError('${entity}');
${v.state ? '    recent.push(found);\n    if (recent.length > 100) recent.shift();\n    requestsServed++;\n' : ''}    return found;
  }

  list(limit: number, after?: string): Promise<${Entity}Page> {
    return this.repository.list(${v.state ? 'limit' : 'Math.min(limit, PAGE_SIZE)'}, after);
  }

  async create(input: New${Entity}): Promise<${Entity}> {
    const created = await this.repository.insert(input);
    ${v.console ? `console.log('created ${entity} ' + created.id);` : `logger.info({ id: created.id }, '${entity} created');`}
    return created;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repository.remove(id))) throw new NotFoundError('${entity}');
    logger.info({ id }, '${entity} removed');
  }

  async export(id: string): Promise<string> {
    const entity = await this.get(id);
    const body = JSON.stringify(entity);
${v.fsWrite
  ? `    fs.writeFileSync(path.join('exports', \`\${id}.json\`), body);
    await writeFile(\`reports/\${id}.json\`, body);`
  : `    const scratch = path.join(os.tmpdir(), \`\${id}.json\`);
    await writeFile(scratch, body);
    fs.readFileSync(scratch, 'utf8');`}
    return body;
  }
}
${businessLogic(Entity, fields, random)}
`,
  ]);

  files.push([
    `${dir}/${name}.routes.ts`,
    `import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { authenticate } from '../../lib/auth.js';
import { requestSignal, getJson } from '../../lib/http.js';
import { HttpError } from '../../lib/errors.js';
import { ${Entity}Service } from './${name}.service.js';
import { validate${Entity}, parseLimit } from './${name}.validation.js';
import { to${Entity}Dto, to${Entity}Dtos } from './${name}.mapper.js';
${v.perRequestClient ? "import Redis from 'ioredis';\n" : ''}${v.jwt ? "import jwt from 'jsonwebtoken';\n" : ''}
const service = new ${Entity}Service();

export const ${name}Router = Router();
${v.limits ? `${name}Router.use(express.json({ limit: '100mb' }));\n` : ''}${name}Router.use(authenticate);

${name}Router.get('/', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const page = await service.list(parseLimit(req.query['limit']), req.query['after']);
    res.json({ ...page, items: to${Entity}Dtos(page.items) });
  } catch (error) {
    next(error);
  }
});

${name}Router.get('/:id', async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.json(to${Entity}Dto(await service.get(req.params['id']!)));
  } catch (error) {
    next(error);
  }
});

${name}Router.post('/', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const created = await service.create(validate${Entity}(req.body));
    res.status(201).json(to${Entity}Dto(created));
  } catch (error) {
    next(error);
  }
});

${name}Router.get('/:id/enrich', async (req: Request, res: Response, next: NextFunction) => {
  try {
${v.signal
  ? `    const response = await fetch(\`https://enrich.example.com/${name}/\${req.params['id']}\`);
    res.json(await response.json());`
  : `    res.json(await getJson(\`https://enrich.example.com/${name}/\${req.params['id']}\`, requestSignal(req, res)));`}
  } catch (error) {
    next(error);
  }
});
${v.perRequestClient
  ? `
${name}Router.post('/:id/publish', async (req: Request, res: Response) => {
  const publisher = new Redis(process.env['REDIS_URL']);
  await publisher.publish('${name}', req.params['id']!);
  await publisher.quit();
  res.status(202).send();
});
`
  : ''}${v.jwt
  ? `
${name}Router.get('/:id/claims', (req: Request, res: Response) => {
  const claims = jwt.decode(String(req.headers['x-token'] ?? ''));
  res.json(claims);
});
`
  : ''}
${name}Router.delete('/:id', async (req: Request, res: Response, next: NextFunction) => {
  try {
    if (!req.user?.roles.includes('admin')) throw new HttpError(403, 'forbidden');
    await service.remove(req.params['id']!);
    res.status(204).send();
  } catch (error) {
    next(error);
  }
});
${businessLogic(Entity, fields, random)}
`,
  ]);

  files.push([
    `${dir}/${name}.client.js`,
    `// JavaScript client for the ${name} partner API.
const BASE_URL = process.env.${name.toUpperCase()}_API_URL || 'https://partner.example.com';

/**
 * @param {string} id
 * @param {AbortSignal} signal
 */
export async function fetch${Entity}(id, signal) {
  const response = await fetch(\`\${BASE_URL}/${name}/\${encodeURIComponent(id)}\`, ${v.signal ? '{ headers: { accept: "application/json" } }' : '{ signal, headers: { accept: "application/json" } }'});
  if (!response.ok) {
    throw new Error(\`partner API answered \${response.status}\`);
  }
  return response.json();
}

/**
 * @param {Array<{ id: string }>} items
 * @param {AbortSignal} signal
 */
export async function sync${Entity}s(items, signal) {
  const results = [];
  for (const item of items) {
    results.push(await fetch${Entity}(item.id, signal));
  }
  return results;
}
${businessLogic(Entity, fields, random, true)}
`,
  ]);

  files.push([
    `${dir}/${name}.jobs.js`,
    v.scheduler
      ? `import cron from 'node-cron';
import { sync${Entity}s } from './${name}.client.js';

const pending = [];

export function enqueue(item) {
  pending.push(item);
}

setInterval(async () => {
  const batch = pending.splice(0, pending.length);
  if (batch.length > 0) await sync${Entity}s(batch, AbortSignal.timeout(10_000));
}, 60_000);

cron.schedule('0 * * * *', () => {
  ${v.console ? "console.log('hourly ${name} job');" : 'enqueue({ id: "refresh" });'}
});
`
      : `import { sync${Entity}s } from './${name}.client.js';

/** Run by the platform's scheduler (a Kubernetes CronJob), once, then exit. */
export async function run${Entity}Sync(items) {
  return sync${Entity}s(items, AbortSignal.timeout(60_000));
}
`,
  ]);

  files.push([
    `${dir}/${name}.events.ts`,
    `import { EventEmitter, once } from 'node:events';
import { logger } from '../../lib/logger.js';
import type { ${Entity} } from './${name}.model.js';

export interface ${Entity}Events {
  created: [${Entity}];
  removed: [string];
}

export function on${Entity}Created(emitter: EventEmitter, handle: (entity: ${Entity}) => void): () => void {
  const listener = (entity: ${Entity}) => {
    logger.info({ id: entity.id }, '${entity} created event');
    handle(entity);
  };
  emitter.on('${entity}:created', listener);
  return () => emitter.off('${entity}:created', listener);
}

export async function next${Entity}(emitter: EventEmitter, signal: AbortSignal): Promise<${Entity}> {
  const [entity] = (await once(emitter, '${entity}:created', { signal })) as [${Entity}];
  return entity;
}
${v.listen
  ? `
import http from 'node:http';
export const debugServer = http.createServer((_req, res) => res.end('ok')).listen(9${Math.floor(random() * 900 + 100)});
`
  : ''}`,
  ]);

  files.push([
    `${dir}/index.ts`,
    `export * from './${name}.model.js';
export { ${Entity}Service } from './${name}.service.js';
export { ${Entity}Repository } from './${name}.repository.js';
export { to${Entity}Dto } from './${name}.mapper.js';
${businessLogic(Entity, fields, random)}
`,
  ]);
  return files;
}

/**
 * A monorepo of `packages` generated services (packages/<name>/ with its own package.json and
 * tsconfig.json), `files` source files in all: what `--cache` and `--shard` are measured on.
 */
export function generateMonorepo(dir, files, packages = 20, seed = 1) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-monorepo', private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'statelint.config.json'), `${JSON.stringify({ extends: 'all' }, null, 2)}\n`);
  let total = 0;
  for (let i = 0; i < packages; i++) {
    const share = Math.floor(files / packages) + (i < files % packages ? 1 : 0);
    const made = generateProject(path.join(dir, 'packages', `service-${String(i).padStart(2, '0')}`), share, seed + i);
    total += made.files;
  }
  return { dir, files: total };
}

/**
 * Issue 18's first layout: one generated service whose files 60 tsconfigs all include (each in its
 * own folder under tsconfigs/), plus one file that none of them covers. Before tsconfig ownership,
 * every one of the 60 programs was loaded looking for that file.
 */
export function generateOverlapping(dir, files, tsconfigs = 60, seed = 1) {
  const made = generateProject(dir, files, seed);
  const base = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
  fs.rmSync(path.join(dir, 'tsconfig.json'));
  fs.writeFileSync(path.join(dir, 'tsconfig.base.json'), `${JSON.stringify({ compilerOptions: base.compilerOptions }, null, 2)}\n`);
  for (let i = 0; i < tsconfigs; i++) {
    const sub = path.join(dir, 'tsconfigs', `t${String(i).padStart(2, '0')}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'tsconfig.json'), `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['../../src'] }, null, 2)}\n`);
  }
  fs.mkdirSync(path.join(dir, 'tools'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tools', 'uncovered.ts'), "import { logger } from '../src/lib/logger.js';\n\nexport function report(): void {\n  logger.info({}, 'uncovered');\n}\n");
  return { dir, files: made.files + 1 };
}

/**
 * Issue 18's second layout: a monorepo whose app package (the one audited, `statelint audit
 * packages/app`) references 28 sibling packages' tsconfigs that add no file to the audit, and has
 * one file outside its own tsconfig's include.
 */
export function generateMonorepoPackage(dir, files, siblings = 28, seed = 1) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-monorepo-package', private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'statelint.config.json'), `${JSON.stringify({ extends: 'all' }, null, 2)}\n`);
  const app = path.join(dir, 'packages', 'app');
  const made = generateProject(app, files, seed);
  const tsconfig = JSON.parse(fs.readFileSync(path.join(app, 'tsconfig.json'), 'utf8'));
  const names = [];
  for (let i = 0; i < siblings; i++) {
    const name = `lib-${String(i).padStart(2, '0')}`;
    names.push(name);
    generateProject(path.join(dir, 'packages', name), 40, seed + 100 + i);
    const sib = path.join(dir, 'packages', name, 'tsconfig.json');
    const own = JSON.parse(fs.readFileSync(sib, 'utf8'));
    own.compilerOptions = { ...own.compilerOptions, composite: true, noEmit: undefined, emitDeclarationOnly: true, outDir: 'dist' };
    fs.writeFileSync(sib, `${JSON.stringify(own, null, 2)}\n`);
  }
  tsconfig.references = names.map((name) => ({ path: `../${name}` }));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  fs.mkdirSync(path.join(app, 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(app, 'scripts', 'migrate.ts'), "export async function migrate(): Promise<void> {\n  await Promise.resolve();\n}\n");
  return { dir, app, files: made.files + 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, files, seed] = process.argv.slice(2);
  if (dir === undefined || files === undefined) {
    process.stderr.write('usage: node bench/generate.mjs <dir> <files> [seed]\n');
    process.exitCode = 2;
  } else {
    const made = generateProject(path.resolve(dir), Number(files), seed === undefined ? 1 : Number(seed));
    process.stdout.write(`generated ${made.files} files in ${made.dir}\n`);
  }
}
