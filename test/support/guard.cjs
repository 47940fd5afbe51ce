/**
 * Preloaded into the CLI by the security test (`node --require guard.cjs …`, worker threads
 * included): records every file-system write, network access, child process and module load from
 * the audited directory, as JSON lines in STATELINT_GUARD_LOG. Network and child processes are also
 * refused. Nothing else changes.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { isMainThread, threadId } = require('node:worker_threads');

const log = process.env.STATELINT_GUARD_LOG;
const root = process.env.STATELINT_GUARD_ROOT;
// The log is written with the unwrapped primitives (fs.appendFileSync calls fs.writeFileSync).
const openSync = fs.openSync;
const writeSync = fs.writeSync;
let fd;
const record = (kind, detail) => {
  if (!log) return;
  fd ??= openSync(log, 'a');
  writeSync(fd, `${JSON.stringify({ kind, detail: String(detail), thread: isMainThread ? 0 : threadId })}\n`);
};

// File-system writes, by path.
const WRITE_FLAGS = /[wa+]/;
const isWriteFlag = (flags) => (typeof flags === 'string' ? WRITE_FLAGS.test(flags) : typeof flags === 'number' && (flags & 3) !== 0);
const wrap = (target, name, pathArgs, when = () => true) => {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function guarded(...args) {
    if (when(args)) for (const i of pathArgs) if (args[i] !== undefined && typeof args[i] !== 'number') record('write', path.resolve(String(args[i])));
    return original.apply(this, args);
  };
};
for (const target of [fs, fs.promises]) {
  for (const name of ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'mkdir', 'mkdirSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync',
    'unlink', 'unlinkSync', 'truncate', 'truncateSync', 'createWriteStream', 'utimes', 'utimesSync', 'chmod', 'chmodSync', 'mkdtemp', 'mkdtempSync']) {
    wrap(target, name, [0]);
  }
  for (const name of ['rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'link', 'linkSync', 'symlink', 'symlinkSync']) wrap(target, name, [1]);
  for (const name of ['open', 'openSync']) wrap(target, name, [0], (args) => isWriteFlag(args[1]));
}

// Network and child processes: recorded and refused.
const refuse = (target, names, kind) => {
  for (const name of names) {
    if (typeof target[name] !== 'function') continue;
    target[name] = function refused(...args) {
      record(kind, `${name} ${typeof args[0] === 'object' ? JSON.stringify(args[0]) : String(args[0])}`);
      throw new Error(`statelint guard: ${kind} refused (${name})`);
    };
  }
};
const net = require('node:net');
refuse(net, ['connect', 'createConnection'], 'network');
refuse(net.Socket.prototype, ['connect'], 'network');
refuse(require('node:tls'), ['connect'], 'network');
refuse(require('node:dgram'), ['createSocket'], 'network');
refuse(require('node:dns'), ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'], 'network');
refuse(require('node:dns').promises, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'], 'network');
refuse(require('node:http'), ['request', 'get'], 'network');
refuse(require('node:https'), ['request', 'get'], 'network');
refuse(globalThis, ['fetch'], 'network');
refuse(require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'process');

// Modules loaded from the audited directory (CommonJS; ESM and TypeScript would run the payloads).
if (root) {
  const load = Module._load;
  Module._load = function guardedLoad(request, parent, ...rest) {
    try {
      const resolved = Module._resolveFilename(request, parent, ...rest);
      if (typeof resolved === 'string' && resolved.startsWith(root + path.sep)) record('load', resolved);
    } catch {
      // let the real load report it
    }
    return load.call(this, request, parent, ...rest);
  };
}
