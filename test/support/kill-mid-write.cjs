/**
 * Preloaded into the CLI by the hostile-input test (`node --require kill-mid-write.cjs …`): the
 * first time the process writes bytes meant for a file whose name contains STATELINT_KILL_ON_WRITE
 * (the file itself, or a temporary file named after it), it writes half of them and sends itself
 * SIGTERM, as a CI runner's timeout would in the middle of writing the report.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const name = process.env.STATELINT_KILL_ON_WRITE;
if (name) {
  const watched = new Set();
  const kill = () => process.kill(process.pid, 'SIGTERM');
  const half = (data) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return bytes.subarray(0, Math.floor(bytes.length / 2));
  };
  const openSync = fs.openSync;
  const writeSync = fs.writeSync;
  fs.openSync = function (p, ...rest) {
    const fd = openSync.call(this, p, ...rest);
    if (typeof p === 'string' && path.basename(p).includes(name)) watched.add(fd);
    return fd;
  };
  fs.writeSync = function (fd, data, ...rest) {
    if (watched.has(fd)) {
      writeSync.call(this, fd, half(typeof data === 'string' ? data : data.subarray(rest[0] ?? 0)));
      kill();
    }
    return writeSync.call(this, fd, data, ...rest);
  };
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = function (file, data, ...rest) {
    if (typeof file === 'string' && path.basename(file).includes(name)) {
      const fd = openSync(file, 'w');
      writeSync(fd, half(data));
      kill();
    }
    return writeFileSync.call(this, file, data, ...rest);
  };
}
