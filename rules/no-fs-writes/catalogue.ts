/**
 * What no-fs-writes knows, as data: the modules that expose a Node-style filesystem API, which of
 * their functions write, and the libraries that write to local files on a program's behalf. Extend
 * the lists here; the rule's logic does not name any API.
 */

/** Modules (after `node:` is stripped) whose namespace, and whose `promises` object, is fs-like. */
export const FS_MODULES: readonly string[] = ['fs', 'fs-extra', 'graceful-fs', 'original-fs'];

/** Where the fs API sits inside those modules: the module itself and its `promises` namespace. */
export const FS_API_PREFIXES: readonly (readonly string[])[] = [[], ['promises']];

/** Functions that write, with their `Sync` forms where Node has one (callback and promise forms share the name). */
const NODE_WRITES = [
  'writeFile',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'copyFile',
  'cp',
  'symlink',
  'link',
  'truncate',
  'ftruncate',
  'chmod',
  'lchmod',
  'fchmod',
  'chown',
  'lchown',
  'fchown',
  'utimes',
  'lutimes',
  'futimes',
] as const;

/** fs-extra's own writers (it also re-exports every fs function above). */
const FS_EXTRA_WRITES = [
  'outputFile',
  'outputJson',
  'outputJSON',
  'writeJson',
  'writeJSON',
  'ensureDir',
  'ensureFile',
  'ensureLink',
  'ensureSymlink',
  'createFile',
  'createLink',
  'createSymlink',
  'mkdirp',
  'mkdirs',
  'move',
  'copy',
  'remove',
  'emptyDir',
  'emptydir',
] as const;

function withSync(names: readonly string[]): string[] {
  return names.flatMap((name) => [name, `${name}Sync`]);
}

/** Every function name that writes when called on an fs-like module. */
export const WRITE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...withSync(NODE_WRITES),
  ...withSync(FS_EXTRA_WRITES),
  'createWriteStream',
]);

/** Functions whose flags argument decides: `open(path, 'w')` writes, `open(path)` reads. */
export const OPEN_FUNCTIONS: Readonly<Record<string, { flagsArgument: number }>> = {
  open: { flagsArgument: 1 },
  openSync: { flagsArgument: 1 },
  openAsBlob: { flagsArgument: -1 },
};

/** `open` flags that write: any of w, a, + in a string flag; these constants in a numeric one. */
export const WRITE_FLAG_CHARACTERS = /[wa+]/;
export const WRITE_FLAG_CONSTANTS: ReadonlySet<string> = new Set([
  'O_WRONLY',
  'O_RDWR',
  'O_CREAT',
  'O_APPEND',
  'O_TRUNC',
]);

/** Paths that are not the local disk: writing there is logging to the process's own streams. */
export const STANDARD_STREAM_PATHS: ReadonlySet<string> = new Set(['/dev/stdout', '/dev/stderr', '/dev/null']);
/** File descriptors 1 and 2 are stdout and stderr. */
export const STANDARD_STREAM_FDS: ReadonlySet<number> = new Set([1, 2]);

export interface ConstructorSpec {
  module: string;
  path: readonly string[];
  /** Shown in the message. */
  api: string;
}

/** Log transports that write files: logs belong on stdout, collected by the platform. */
export const FILE_LOG_TRANSPORTS: readonly ConstructorSpec[] = [
  { module: 'winston', path: ['transports', 'File'], api: 'winston.transports.File' },
  { module: 'winston', path: ['transports', 'DailyRotateFile'], api: 'winston DailyRotateFile' },
  { module: 'winston-daily-rotate-file', path: [], api: 'winston-daily-rotate-file' },
  { module: 'winston-transport', path: ['File'], api: 'winston File transport' },
  { module: 'sonic-boom', path: [], api: 'SonicBoom' },
  { module: 'sonic-boom', path: ['SonicBoom'], api: 'SonicBoom' },
];

/** Functions that open a log file stream. */
export const FILE_LOG_FUNCTIONS: readonly ConstructorSpec[] = [
  { module: 'rotating-file-stream', path: ['createStream'], api: 'rotating-file-stream' },
  { module: 'file-stream-rotator', path: ['getStream'], api: 'file-stream-rotator' },
];

/** pino transports (by `target`) that write their `destination` to a file. */
export const PINO_FILE_TARGETS: ReadonlySet<string> = new Set(['pino/file', 'pino-roll', 'pino-rotating-file']);

/** SQLite database constructors: the first argument is the file (`:memory:` and '' stay off disk). */
export const SQLITE_CONSTRUCTORS: readonly ConstructorSpec[] = [
  { module: 'better-sqlite3', path: [], api: 'better-sqlite3' },
  { module: 'better-sqlite3', path: ['Database'], api: 'better-sqlite3' },
  { module: 'sqlite3', path: ['Database'], api: 'sqlite3.Database' },
  { module: 'sqlite3', path: ['cached', 'Database'], api: 'sqlite3.cached.Database' },
  { module: 'sqlite', path: ['DatabaseSync'], api: 'node:sqlite DatabaseSync' },
  { module: 'libsql', path: [], api: 'libsql' },
  { module: 'bun:sqlite', path: ['Database'], api: 'bun:sqlite' },
];

/** SQLite file names that are not a file on disk. */
export const SQLITE_IN_MEMORY: ReadonlySet<string> = new Set([':memory:', '']);

/**
 * ORM connections configured by an options object: when its driver option names SQLite, the
 * database is a file on this replica's disk (its file option, unless `:memory:`). `options` is the
 * argument holding the options.
 */
export interface OrmConnectionSpec extends ConstructorSpec {
  options: number;
  /** The option naming the driver, and the drivers that are SQLite. */
  driverOption: string;
  /** The option naming the file (absent: the driver's default file, still on disk). */
  fileOption: string;
}

const TYPEORM_SQLITE = { driverOption: 'type', fileOption: 'database' };
export const ORM_CONNECTIONS: readonly OrmConnectionSpec[] = [
  { module: 'typeorm', path: ['DataSource'], api: "TypeORM DataSource (type: 'sqlite')", options: 0, ...TYPEORM_SQLITE },
  { module: 'typeorm', path: ['createConnection'], api: "TypeORM createConnection (type: 'sqlite')", options: 0, ...TYPEORM_SQLITE },
  { module: '@nestjs/typeorm', path: ['TypeOrmModule', 'forRoot'], api: "TypeOrmModule.forRoot (type: 'sqlite')", options: 0, ...TYPEORM_SQLITE },
  { module: 'sequelize', path: ['Sequelize'], api: "Sequelize (dialect: 'sqlite')", options: 0, driverOption: 'dialect', fileOption: 'storage' },
  { module: 'sequelize', path: [], api: "Sequelize (dialect: 'sqlite')", options: 0, driverOption: 'dialect', fileOption: 'storage' },
  { module: '@sequelize/core', path: ['Sequelize'], api: "Sequelize (dialect: 'sqlite')", options: 0, driverOption: 'dialect', fileOption: 'storage' },
  { module: '@mikro-orm/core', path: ['MikroORM', 'init'], api: "MikroORM.init (type: 'sqlite')", options: 0, driverOption: 'type', fileOption: 'dbName' },
];

/** Driver names that are SQLite on a file (TypeORM `type`, Sequelize `dialect`, MikroORM `type`). */
export const SQLITE_DRIVERS: ReadonlySet<string> = new Set(['sqlite', 'better-sqlite3', 'better-sqlite', 'libsql']);

/** `open({ filename })` of the `sqlite` wrapper package. */
export const SQLITE_OPEN_FUNCTIONS: readonly ConstructorSpec[] = [{ module: 'sqlite', path: ['open'], api: 'sqlite open' }];

/**
 * Functions of temp-file libraries whose result (or its `name` / `path`) is under the OS temp
 * directory: what `allowTmpdir` allows besides `os.tmpdir()` itself.
 */
export const TMP_PATH_SOURCES: readonly { module: string; path: readonly string[] }[] = [
  ...['fileSync', 'dirSync', 'tmpNameSync', 'file', 'dir', 'tmpName'].map((name) => ({ module: 'tmp', path: [name] })),
  ...['file', 'dir', 'tmpName', 'fileSync', 'dirSync', 'tmpNameSync'].map((name) => ({ module: 'tmp-promise', path: [name] })),
  ...['temporaryFile', 'temporaryDirectory', 'temporaryFileTask', 'temporaryDirectoryTask'].map((name) => ({ module: 'tempy', path: [name] })),
];

/** fs functions (and their `Sync` forms) that remove a path: what makes a temp file scratch (scratch.ts). */
export const REMOVE_FUNCTIONS: ReadonlySet<string> = new Set(
  ['unlink', 'rm', 'rmdir', 'remove', 'emptyDir'].flatMap((name) => [name, `${name}Sync`]),
);

/** Wrapper packages' functions that remove their first argument. */
export const REMOVER_FUNCTIONS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'rimraf', path: [] },
  { module: 'rimraf', path: ['rimraf'] },
  { module: 'rimraf', path: ['sync'] },
  { module: 'rimraf', path: ['rimrafSync'] },
  { module: 'del', path: [] },
  { module: 'del', path: ['deleteAsync'] },
  { module: 'del', path: ['deleteSync'] },
  { module: 'fs-jetpack', path: ['remove'] },
  { module: 'fs-jetpack', path: ['removeAsync'] },
];

/** The functions a temp-file library returns with its path that remove it (`tmp`, `tmp-promise`). */
export const SCRATCH_CLEANUP_PROPERTIES: ReadonlySet<string> = new Set(['cleanup', 'removeCallback']);

/** Words of a name that say a path is temporary (`tmpFile`, `temp_directory`, `'upload.tmp'`). */
export const TEMP_NAME_WORDS: ReadonlySet<string> = new Set(['tmp', 'temp', 'temporary', 'tmpdir', 'tempdir', 'tmpfile', 'tempfile', 'scratch']);

/** Properties of a temp-library result that hold its path. */
export const TMP_RESULT_PATH_PROPERTIES: ReadonlySet<string> = new Set(['name', 'path']);

/** A filesystem wrapper package's function that writes, and which arguments are the paths it writes. */
export interface WriterFunction extends ConstructorSpec {
  written: readonly number[];
}

const writer = (module: string, path: readonly string[], written: readonly number[] = [0]): WriterFunction => ({
  module,
  path,
  api: [module, ...path].join('.'),
  written,
});

/**
 * Filesystem wrapper packages (atomic writes, recursive mkdir / rm, copy and move helpers): their
 * functions write to the local disk like fs's own. fs-extra and graceful-fs are fs-like modules
 * (FS_MODULES) and need no entry here.
 */
export const WRITER_FUNCTIONS: readonly WriterFunction[] = [
  writer('write-file-atomic', []),
  writer('write-file-atomic', ['sync']),
  writer('atomically', ['writeFile']),
  writer('atomically', ['writeFileSync']),
  writer('steno', ['Writer']),
  writer('mkdirp', []),
  writer('mkdirp', ['mkdirp']),
  writer('mkdirp', ['sync']),
  writer('mkdirp', ['mkdirpSync']),
  writer('make-dir', []),
  writer('make-dir', ['makeDirectory']),
  writer('make-dir', ['makeDirectorySync']),
  writer('make-dir', ['sync']),
  writer('rimraf', []),
  writer('rimraf', ['rimraf']),
  writer('rimraf', ['sync']),
  writer('rimraf', ['rimrafSync']),
  writer('del', []),
  writer('del', ['deleteAsync']),
  writer('del', ['deleteSync']),
  writer('cpy', [], [1]),
  writer('move-file', [], [0, 1]),
  writer('move-file', ['moveFile'], [0, 1]),
  writer('move-file', ['moveFileSync'], [0, 1]),
  writer('write-json-file', []),
  writer('write-json-file', ['writeJsonFile']),
  writer('write-json-file', ['writeJsonFileSync']),
  writer('jsonfile', ['writeFile']),
  writer('jsonfile', ['writeFileSync']),
  ...['write', 'writeAsync', 'append', 'appendAsync', 'dir', 'dirAsync', 'file', 'fileAsync', 'remove', 'removeAsync', 'move', 'moveAsync', 'copy', 'copyAsync'].map(
    (name) => writer('fs-jetpack', [name], name.startsWith('move') || name.startsWith('copy') ? [1] : [0]),
  ),
];

/**
 * Upload parsers that spool every file to the local disk (formidable: `uploadDir`, else the OS
 * temp directory) unless given a stream handler of their own.
 */
export const DISK_UPLOAD_PARSERS: readonly (ConstructorSpec & { streamOption: string; dirOption: string })[] = [
  { module: 'formidable', path: [], api: 'formidable', streamOption: 'fileWriteStreamHandler', dirOption: 'uploadDir' },
  { module: 'formidable', path: ['formidable'], api: 'formidable', streamOption: 'fileWriteStreamHandler', dirOption: 'uploadDir' },
  { module: 'formidable', path: ['IncomingForm'], api: 'formidable.IncomingForm', streamOption: 'fileWriteStreamHandler', dirOption: 'uploadDir' },
  { module: 'formidable', path: ['Formidable'], api: 'formidable.Formidable', streamOption: 'fileWriteStreamHandler', dirOption: 'uploadDir' },
];
