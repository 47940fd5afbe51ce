/** Inits that forward signals to their child and reap zombies. */
export const INITS: readonly RegExp[] = [/(^|\/)tini(-static)?$/, /(^|\/)dumb-init$/, /(^|\/)docker-init$/, /(^|\/)s6-svscan$/, /^\/init$/, /(^|\/)catatonit$/];

/** Package managers and runners that, as PID 1, do not deliver SIGTERM to the Node process they start. */
export const RUNNERS: ReadonlySet<string> = new Set(['npm', 'yarn', 'pnpm', 'npx', 'bun', 'nodemon', 'ts-node-dev']);

/** Shells: exec form that runs a shell is shell form. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', '/usr/bin/env']);
