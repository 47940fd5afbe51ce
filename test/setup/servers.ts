/**
 * Vitest global setup (`pnpm test`): makes sure the runtime tests' PostgreSQL and Redis server
 * binaries are on this machine before any test starts, installing the missing ones with apt-get
 * when running as root (see test/support/servers.ts). It never fails the run itself: the tests
 * that need a server fail with the reason recorded here.
 */
import { REPO_ROOT } from '../support/paths.js';
import { machineEnvironment, provisionServers } from '../support/servers.js';

export default function setup(): void {
  const result = provisionServers(machineEnvironment(REPO_ROOT), undefined, (line) => process.stderr.write(`${line}\n`));
  // Workers start after the global setup and inherit the environment.
  if (result.postgresBin !== undefined) process.env['PG_BIN'] = result.postgresBin;
  if (result.redisServer !== undefined) process.env['REDIS_SERVER'] = result.redisServer;
  if (result.problem !== undefined) process.env['STATELINT_TEST_SERVERS_PROBLEM'] = result.problem;
}
