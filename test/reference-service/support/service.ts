/**
 * The reference service as real child processes: built by its own `build` script (type check,
 * then one bundle), migrated once, then started as its Dockerfile starts it, on a port the OS
 * picks (PORT=0; the `ready` log line says which).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { REPO_ROOT } from '../../support/paths.js';

export const SERVICE_DIR = path.join(REPO_ROOT, 'fixtures', 'reference-service');
const NODE_ARGS = ['--enable-source-maps'];

/** Runs the package's `build` script as `pnpm run build` would, with its own tools on PATH. */
export function buildService(): void {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(SERVICE_DIR, 'package.json'), 'utf8')) as { scripts: { build: string } };
  const bins = [path.join(SERVICE_DIR, 'node_modules', '.bin'), path.join(REPO_ROOT, 'node_modules', '.bin'), path.dirname(process.execPath)];
  const run = spawnSync('sh', ['-c', scripts.build], {
    cwd: SERVICE_DIR,
    encoding: 'utf8',
    env: { ...process.env, PATH: [...bins, process.env.PATH].join(path.delimiter) },
  });
  if (run.status !== 0) throw new Error(`building the reference service failed:\n${run.stdout}\n${run.stderr}`);
}

export interface Keys {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** Environment naming the key files, as a mounted Secret would. */
  readonly env: Record<string, string>;
  cleanup(): void;
}

export function writeKeys(): Keys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refsvc-keys-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  fs.writeFileSync(path.join(dir, 'private.pem'), privateKey, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'public.pem'), publicKey);
  return {
    privateKeyPem: privateKey,
    publicKeyPem: publicKey,
    env: { JWT_PRIVATE_KEY_FILE: path.join(dir, 'private.pem'), JWT_PUBLIC_KEY_FILE: path.join(dir, 'public.pem') },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function migrate(env: Record<string, string>): void {
  const run = spawnSync(process.execPath, [...NODE_ARGS, path.join(SERVICE_DIR, 'dist', 'migrate.js')], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  if (run.status !== 0) throw new Error(`migration failed:\n${run.stdout}\n${run.stderr}`);
}

export interface LogLine {
  readonly raw: string;
  /** The parsed line, or `undefined` when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** Own start-up work as the service logged it. */
  readonly startupMs: number;
  /** Resolves when the process has exited: its code, its signal, and `Date.now()` then. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [...NODE_ARGS, path.join(SERVICE_DIR, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const ready = new Promise<{ port: number; startupMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 10 s`)), 10_000);
    readline.createInterface({ input: child.stdout! }).on('line', (raw) => {
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      logs.push({ raw, json });
      if (json?.msg === 'ready') {
        clearTimeout(timer);
        resolve({ port: json.port as number, startupMs: json.startupMs as number });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${logs.map((l) => l.raw).join('\n')}\n${stderr}`));
    });
  });
  const { port, startupMs } = await ready;
  return { name, url: `http://127.0.0.1:${port}`, port, child, logs, startupMs, exited };
}

export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    instance.child.kill('SIGTERM');
    const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
    await instance.exited;
    clearTimeout(timer);
  }
}
