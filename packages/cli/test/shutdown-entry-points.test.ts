/**
 * require-graceful-shutdown across modules, on a project with several entry points
 * (fixtures/shutdown-entry-points): a handler counts for the servers of the entry point that loads
 * it, not for another entry point's. Typed, the CLI sees the programs; untyped it sees one file at
 * a time and stays silent where the handler may live in another module.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { lintDirectory } from '../../../test/support/run-eslint.js';

const PROJECT = path.join(REPO_ROOT, 'fixtures', 'shutdown-entry-points');

interface Located {
  file: string;
  line: number;
  column: number;
  message: string;
}

async function audit(...argv: string[]): Promise<{ code: number; findings: Located[] }> {
  let stdout = '';
  const code = await main(['audit', ...argv, '--format', 'json', '--rule', 'require-graceful-shutdown'], {
    cwd: PROJECT,
    stdout: (t) => void (stdout += t),
    stderr: () => {},
    isTTY: false,
    env: {},
  });
  return { code, findings: JSON.parse(stdout).findings as Located[] };
}

const ADMIN = {
  file: 'fixtures/shutdown-entry-points/src/admin.ts', // report paths are relative to the repository root
  line: 4,
  column: 1,
  message:
    "`app.listen()` starts a server, but nothing in the program handles SIGTERM: every deploy and scale-in kills it with requests in flight. Keep the server `app.listen()` returns and call `server.close()` from `process.once('SIGTERM', …)`, exiting in its callback.",
};

describe('require-graceful-shutdown with several entry points', () => {
  it('typed: the admin server is reported; the API server, shut down by lifecycle.ts, is not', async () => {
    const { code, findings } = await audit();
    expect(findings).toEqual([expect.objectContaining(ADMIN)]);
    expect(code).toBe(1);
  });

  it('typed: auditing one entry point still sees the modules it loads, and only those', async () => {
    expect((await audit('src/api.ts')).findings).toEqual([]);
    expect((await audit('src/admin.ts')).findings).toEqual([expect.objectContaining(ADMIN)]);
  });

  it('untyped: one file at a time, nothing is reported where the handler may live elsewhere', async () => {
    expect(await audit('--no-type-check')).toEqual({ code: 0, findings: [] });
  });

  it('ESLint with typed linting reports the same finding (parity)', async () => {
    const found = await lintDirectory(PROJECT, { typed: true, preset: 'recommended' });
    expect(found.filter((f) => f.ruleId === 'require-graceful-shutdown')).toEqual([
      { ruleId: 'require-graceful-shutdown', file: 'fixtures/shutdown-entry-points/src/admin.ts', line: 4, column: 1 },
    ]);
  });
});
