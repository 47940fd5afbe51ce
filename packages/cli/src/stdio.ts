/**
 * Writing to stdout and stderr when the reader may go away: `statelint audit | head -1` closes the
 * pipe after one line. Node then reports EPIPE as an 'error' event on the stream, which, unhandled,
 * ends the process with exit code 1 and a stack trace. Here a closed pipe only stops the writes:
 * the audit ends as it would have, with the exit code its findings deserve.
 */
export interface GuardedStdio {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const closed = { stdout: false, stderr: false };
let installed = false;

function isClosedPipe(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || error.code === 'ECONNRESET';
}

export function guardStdio(): GuardedStdio {
  if (!installed) {
    installed = true;
    for (const name of ['stdout', 'stderr'] as const) {
      process[name].on('error', (error: NodeJS.ErrnoException) => {
        if (isClosedPipe(error)) {
          closed[name] = true;
          return;
        }
        throw error;
      });
    }
  }
  const write = (name: 'stdout' | 'stderr') => (text: string): void => {
    if (closed[name]) return;
    try {
      process[name].write(text);
    } catch (error) {
      if (!isClosedPipe(error as NodeJS.ErrnoException)) throw error;
      closed[name] = true;
    }
  };
  return { stdout: write('stdout'), stderr: write('stderr') };
}
