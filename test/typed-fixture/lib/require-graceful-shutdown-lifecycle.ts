// require-graceful-shutdown: a lifecycle module that installs the SIGTERM path for a server it is given.
import type { Server } from 'node:http';

export function installShutdown(server: Server): void {
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(1), 3000).unref();
  });
}

/** Closes a server and resolves when it has closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Writes a last log line; closes nothing. */
export function flushLogs(): void {
  process.stdout.write('shutting down\n');
}
