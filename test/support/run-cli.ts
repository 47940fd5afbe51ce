import { spawnSync } from 'node:child_process';
import type { AuditReport } from '../../packages/cli/src/report.js';
import { CLI_BIN, REPO_ROOT } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (`pnpm test` builds first). */
export function runCli(args: readonly string[], cwd: string = REPO_ROOT, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export type JsonReport = AuditReport;

export function runCliJson(args: readonly string[], cwd?: string): CliRun & { report: JsonReport } {
  const run = runCli([...args, '--format', 'json'], cwd);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`CLI printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { ...run, report };
}
