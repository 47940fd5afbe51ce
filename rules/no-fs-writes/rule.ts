/**
 * no-fs-writes: a replica's local disk is not storage. What a service writes there is invisible to
 * the other replicas and gone at the next deploy, reschedule or scale-in. Reported at the call:
 * fs writes (every import form, aliases, promisified), `open` with a write flag, multer disk
 * storage, log transports that write files, and SQLite databases opened on a file.
 */
import type * as ts from 'typescript';
import {
  declaredModuleRef,
  defineRule,
  effectChain,
  effectsOfCall,
  factsOfNode,
  requestServing,
  runsOnlyAtStartup,
  type CallLike,
  type EffectKind,
  type EffectPath,
  type FileFacts,
  type ProjectView,
  findProperty,
  propertyValue,
  refStartsWith,
  scriptReason,
  skipOuterExpressions,
  staticNumber,
  staticString,
  type ModuleRef,
  type RuleContext,
} from '@statelint/core';
import {
  FILE_LOG_FUNCTIONS,
  FILE_LOG_TRANSPORTS,
  FS_API_PREFIXES,
  FS_MODULES,
  OPEN_FUNCTIONS,
  PINO_FILE_TARGETS,
  SQLITE_CONSTRUCTORS,
  SQLITE_IN_MEMORY,
  SQLITE_OPEN_FUNCTIONS,
  STANDARD_STREAM_FDS,
  STANDARD_STREAM_PATHS,
  TMP_PATH_SOURCES,
  TMP_RESULT_PATH_PROPERTIES,
  WRITE_FLAG_CHARACTERS,
  WRITE_FLAG_CONSTANTS,
  WRITE_FUNCTIONS,
  WRITER_FUNCTIONS,
  DISK_UPLOAD_PARSERS,
  ORM_CONNECTIONS,
  REMOVE_FUNCTIONS,
  REMOVER_FUNCTIONS,
  SQLITE_DRIVERS,
  type ConstructorSpec,
} from './catalogue.js';
import { isScratchTarget, type DiskUse, type ScratchContext } from './scratch.js';

export interface Options {
  /** Allow writes to paths built from `os.tmpdir()` (scratch space that nothing reads later). */
  allowTmpdir: boolean;
  /** Path prefixes where writes are allowed (a mounted volume, `/dev/shm`). */
  allowPaths: string[];
  /** Also report in scripts and CLIs (a shebang; under scripts/, bin/, tools/, cli/, commands/, migrations/). */
  checkScripts: boolean;
}

export type MessageId = 'fsWrite' | 'logFile' | 'uploadToDisk' | 'sqliteFile' | 'writeThrough';

/** Functions whose destination is their second argument, or both (rename moves the first away). */
const WRITTEN_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  copyFile: [1], cp: [1], copy: [1], link: [1], symlink: [1],
  ensureLink: [1], ensureSymlink: [1], createLink: [1], createSymlink: [1],
  rename: [0, 1], move: [0, 1],
};

export default defineRule<MessageId, Options>({
  id: 'no-fs-writes',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writes to the local filesystem from service code.',
      recommended: 'error',
    },
    messages: {
      fsWrite:
        '`{{api}}` writes to the local filesystem, which belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.',
      logFile:
        '`{{api}}` writes logs to a local file. Log to stdout and let the platform collect and ship the logs.',
      uploadToDisk:
        '`{{api}}` stores uploads on the local disk of one replica. Stream them to object storage (multer-s3, or memory storage and an upload).',
      sqliteFile:
        '`{{api}}` opens a database file on the local disk, which every replica has its own copy of. Use a networked database (PostgreSQL, MySQL) shared by all replicas.',
      writeThrough:
        '`{{api}}` writes to the local filesystem per request through `{{effect}}` ({{chain}}): that disk belongs to one replica and is lost on restart. Keep the data in object storage (S3, GCS, Azure Blob) or a database.',
    },
    schema: {
      type: 'object',
      properties: {
        allowTmpdir: {
          type: 'boolean',
          description: 'Allow writes under `os.tmpdir()` (and `mkdtemp` directories there): scratch files that no other request reads.',
        },
        allowPaths: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: 'Path prefixes where writes are allowed, such as a mounted volume.',
        },
        checkScripts: {
          type: 'boolean',
          description:
            'Also report in scripts and command-line tools (files with a shebang, or under scripts/, bin/, tools/, cli/, commands/, migrations/, seeds/), which run once and own their disk.',
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { allowTmpdir: false, allowPaths: [], checkScripts: false },
  create(context) {
    const { ts, facts } = context;
    if (!context.options.checkScripts && scriptReason(facts) !== undefined) return {};
    const kind = diskWriteKind(context.options);
    /** A call of a project function that writes where this rule does not report (see `reportsThrough`). */
    const throughProject = (call: CallLike): void => {
      if (!requestServing(facts).isRequestServing(call)) return; // a helper called at start-up owns its setup
      const path = effectsOfCall(context.project, kind, call);
      if (path === undefined || !reportsThrough(context.project, path, context.options)) return;
      const effect = path.steps[path.steps.length - 1]!;
      context.report({
        node: call,
        messageId: 'writeThrough',
        data: { api: path.steps[0]!.what, effect: effect.what, chain: effectChain(ts, call, path) },
        trace: path.steps,
      });
    };
    // A plain write made only while the service boots (module load, `onModuleInit`, a `listen`
    // callback, a Fastify plugin) is what every replica does alike: preparing a directory, copying
    // a bundled file. Databases, log files and upload storage configured there are still reported.
    const atStartup: Context = Object.create(context, {
      report: {
        value: (d: Parameters<Context['report']>[0]) => {
          if (d.messageId === 'fsWrite' && runsOnlyAtStartup(facts, d.node)) return;
          context.report(d);
        },
      },
    }) as Context;
    const check = (node: CallLike): void => {
      const outcome = checkDirect(atStartup, node);
      if (outcome === 'project') throughProject(node);
    };
    return { CallExpression: check, NewExpression: check };
  },
});

type Context = RuleContext<MessageId, Options>;

/** The module value an expression denotes; typed, also APIs syntax cannot see (an injected `fs`, a wrapper typed as the module). */
function refOf(context: Context, expression: ts.Expression): ModuleRef | undefined {
  const { ts, facts } = context;
  const ref = facts.modules.resolve(expression);
  if (ref !== undefined && ref.module !== 'globalThis') return ref;
  const name = lastName(ts, expression);
  if (context.checker === undefined || name === undefined || !isCandidateName(name)) return ref;
  return declaredModuleRef(ts, context.checker, expression) ?? ref;
}

/**
 * Reports the writes a call or `new` makes by itself. Returns 'project' when the callee may be a
 * project function (whose writes the effect summaries follow), 'reported' or 'none' otherwise.
 */
function checkDirect(context: Context, node: CallLike): 'reported' | 'project' | 'none' {
  const { ts, facts } = context;
  let reported = false;
  const counting: Context = Object.create(context, {
    report: { value: (d: Parameters<Context['report']>[0]) => ((reported = true), context.report(d)) },
  }) as Context;
  const ref = refOf(context, node.expression);
  if (ts.isNewExpression(node)) {
    if (ref === undefined || ref.local === true) return 'project';
    const transport = matchSpec(FILE_LOG_TRANSPORTS, ref);
    if (transport !== undefined) {
      context.report({ node, messageId: 'logFile', data: { api: transport.api } });
      return 'reported';
    }
    const sqlite = matchSpec(SQLITE_CONSTRUCTORS, ref);
    if (sqlite !== undefined && opensFile(context, node.arguments?.[0])) {
      context.report({ node, messageId: 'sqliteFile', data: { api: sqlite.api } });
      return 'reported';
    }
    if (uploadParserWrites(context, node, ref)) return 'reported';
    if (ormOnSqliteFile(context, node, ref)) return 'reported';
    const steno = matchSpec(WRITER_FUNCTIONS, ref);
    if (steno !== undefined && !isExemptTarget(context, node.arguments?.[0])) {
      context.report({ node, messageId: 'fsWrite', data: { api: steno.api } });
      return 'reported';
    }
    return 'none';
  }
  if (ref !== undefined) checkCall(counting, node, ref);
  // A write function passed as a value (`files.forEach(fs.unlinkSync)`).
  if (!facts.modules.isIdentityCall(node)) {
    for (const argument of node.arguments) {
      const inner = skipOuterExpressions(ts, argument);
      if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) continue;
      const api = fsWriteFunction(refOf(context, inner));
      if (api !== undefined) counting.report({ node: argument, messageId: 'fsWrite', data: { api: api.label } });
    }
  }
  if (reported) return 'reported';
  return ref === undefined || ref.local === true ? 'project' : 'none';
}

// ---------------------------------------------------------------------------------------------
// The effect summaries' view: "writes to the local disk", followed through project functions.

const kinds = new Map<string, EffectKind>();

/** One effect kind per options (the options decide which writes are exempt). */
function diskWriteKind(options: Readonly<Options>): EffectKind {
  const key = JSON.stringify(options);
  let kind = kinds.get(key);
  if (kind === undefined) {
    kind = {
      name: 'disk-write',
      direct(call: CallLike, facts: FileFacts) {
        let what: string | undefined;
        const probe = {
          ts: facts.ts,
          facts,
          options,
          get checker() {
            return facts.project.program !== undefined ? facts.project.checker : undefined;
          },
          report(d: { data?: Record<string, string | number> }) {
            what ??= String(d.data?.api ?? 'a write');
          },
        } as unknown as Context;
        checkDirect(probe, call);
        return what === undefined ? undefined : { what };
      },
    };
    kinds.set(key, kind);
  }
  return kind;
}

/**
 * A write reached through project code is reported at the call in service code when it is not
 * reported where it is made: its file is a script or tool (that this rule skips), or lies outside
 * the audited root (a workspace package audited on its own).
 */
function reportsThrough(project: ProjectView, path: EffectPath, options: Readonly<Options>): boolean {
  const steps = path.steps;
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i]!;
    const sf = step.node.getSourceFile();
    if (!isAudited(project, sf, options)) continue;
    // The write itself is reported where it is; a later call in request-serving code is reported there.
    if (i === steps.length - 1 || requestServing(factsOfNode(project, step.node)).isRequestServing(step.node)) return false;
  }
  return true;
}

/** A file this rule runs on: inside the audited root, and service code (or any code with `checkScripts`). */
function isAudited(project: ProjectView, sf: ts.SourceFile, options: Readonly<Options>): boolean {
  const root = project.root;
  if (root !== undefined && !isInsideRoot(root, sf.fileName)) return false;
  return options.checkScripts || scriptReason(factsOfNode(project, sf)) === undefined;
}

function isInsideRoot(root: string, file: string): boolean {
  const base = root.replace(/\\/g, '/').replace(/\/$/, '');
  return file.replace(/\\/g, '/').startsWith(`${base}/`);
}

/** `formidable({ uploadDir })`, `new IncomingForm()`: every uploaded file spooled to the local disk. */
function uploadParserWrites(context: Context, node: CallLike, ref: ModuleRef): boolean {
  const { ts } = context;
  const parser = DISK_UPLOAD_PARSERS.find((p) => p.module === ref.module && p.path.length === ref.path.length && p.path.every((s, i) => ref.path[i] === s));
  if (parser === undefined) return false;
  const options = objectArgument(context, node.arguments?.[0]);
  if (options === undefined && node.arguments !== undefined && node.arguments.length > 0) return false; // options syntax cannot see
  if (options !== undefined && findProperty(ts, options, parser.streamOption) !== undefined) return false;
  const dir = options && propertyValue(ts, findProperty(ts, options, parser.dirOption));
  // Without uploadDir, files go to the OS temp directory.
  if (dir === undefined ? context.options.allowTmpdir : isExemptTarget(context, dir)) return false;
  context.report({ node, messageId: 'uploadToDisk', data: { api: dir === undefined ? parser.api : `${parser.api}({ ${parser.dirOption} })` } });
  return true;
}

/**
 * `new DataSource({ type: 'sqlite', database })`, `new Sequelize({ dialect: 'sqlite' })`, …: an ORM
 * whose driver is SQLite keeps the service's database in a file on this replica's disk. The options
 * may be a literal, a constant, or a choice between two (`dev ? devConfig : prodConfig`).
 */
function ormOnSqliteFile(context: Context, node: CallLike, ref: ModuleRef): boolean {
  const { ts } = context;
  const spec = ORM_CONNECTIONS.find((s) => s.module === ref.module && s.path.length === ref.path.length && s.path.every((p, i) => ref.path[i] === p));
  if (spec === undefined) return false;
  const argument = node.arguments?.[spec.options];
  const onFile = (options: ts.ObjectLiteralExpression): boolean => {
    const driver = staticString(ts, propertyValue(ts, findProperty(ts, options, spec.driverOption)));
    if (driver === undefined || !SQLITE_DRIVERS.has(driver)) return false;
    const file = propertyValue(ts, findProperty(ts, options, spec.fileOption));
    return file === undefined || opensFile(context, file);
  };
  if (!optionChoices(context, argument).some(onFile)) return false;
  context.report({ node, messageId: 'sqliteFile', data: { api: spec.api } });
  return true;
}

/** The option objects an argument may be: a literal or constant, or either branch of `c ? a : b`. */
function optionChoices(context: Context, node: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression[] {
  const { ts } = context;
  if (node === undefined || depth > 4) return [];
  const n = skipOuterExpressions(ts, node);
  if (ts.isConditionalExpression(n)) return [...optionChoices(context, n.whenTrue, depth + 1), ...optionChoices(context, n.whenFalse, depth + 1)];
  const object = objectArgument(context, n as ts.Expression);
  return object === undefined ? [] : [object];
}

function checkCall(context: RuleContext<MessageId, Options>, call: ts.CallExpression, ref: ModuleRef): void {
  const { ts } = context;
  if (uploadParserWrites(context, call, ref)) return;
  if (ormOnSqliteFile(context, call, ref)) return;
  const wrapper = matchSpec(WRITER_FUNCTIONS, ref) as (typeof WRITER_FUNCTIONS)[number] | undefined;
  if (wrapper !== undefined) {
    if (!wrapper.written.every((i) => isExemptTarget(context, call.arguments[i]) || isScratch(context, call, call.arguments[i]))) {
      context.report({ node: call, messageId: 'fsWrite', data: { api: wrapper.api } });
    }
    return;
  }
  const fsApi = fsWriteFunction(ref) ?? fsOpenFunction(context, call, ref);
  if (fsApi !== undefined) {
    const written = WRITTEN_ARGUMENTS[fsApi.name] ?? [0];
    const targets = written.map((i) => call.arguments[i]);
    if (!targets.every((target) => isExemptTarget(context, target) || isScratch(context, call, target))) {
      context.report({ node: call, messageId: 'fsWrite', data: { api: fsApi.label } });
    }
    return;
  }
  // multer({ dest }) / multer.diskStorage()
  if (refStartsWith(ref, 'multer') && ref.path.length === 0) {
    const options = objectArgument(context, call.arguments[0]);
    const dest = options && propertyValue(ts, findProperty(ts, options, 'dest'));
    if (dest !== undefined && !isExemptTarget(context, dest)) {
      context.report({ node: call, messageId: 'uploadToDisk', data: { api: 'multer({ dest })' } });
    }
    return;
  }
  if (refStartsWith(ref, 'multer', ['diskStorage']) && ref.path.length === 1) {
    context.report({ node: call, messageId: 'uploadToDisk', data: { api: 'multer.diskStorage' } });
    return;
  }
  if (isPinoRef(ref, 'destination')) {
    if (pinoDestinationIsFile(context, call.arguments[0])) {
      context.report({ node: call, messageId: 'logFile', data: { api: 'pino.destination' } });
    }
    return;
  }
  if (isPinoRef(ref, 'transport') || isPinoRef(ref)) {
    const options = objectArgument(context, call.arguments[0]);
    const transport = isPinoRef(ref)
      ? objectArgument(context, propertyValue(ts, options && findProperty(ts, options, 'transport')))
      : options;
    if (transport !== undefined && pinoTransportWritesFile(context, transport)) {
      context.report({ node: call, messageId: 'logFile', data: { api: 'pino file transport' } });
    }
    return;
  }
  if (refStartsWith(ref, 'bunyan', ['createLogger']) && ref.path.length === 1) {
    const options = objectArgument(context, call.arguments[0]);
    if (options !== undefined && bunyanWritesFile(context, options)) {
      context.report({ node: call, messageId: 'logFile', data: { api: 'bunyan file stream' } });
    }
    return;
  }
  const open = matchSpec(SQLITE_OPEN_FUNCTIONS, ref);
  if (open !== undefined) {
    const options = objectArgument(context, call.arguments[0]);
    const filename = options && propertyValue(ts, findProperty(ts, options, 'filename'));
    if (filename !== undefined && opensFile(context, filename)) {
      context.report({ node: call, messageId: 'sqliteFile', data: { api: open.api } });
    }
    return;
  }
  const logFunction = matchSpec(FILE_LOG_FUNCTIONS, ref);
  if (logFunction !== undefined) {
    context.report({ node: call, messageId: 'logFile', data: { api: logFunction.api } });
  }
}

/** A temp file the same function writes and removes (scratch.ts): not state. */
function isScratch(context: Context, call: ts.CallExpression, target: ts.Expression | undefined): boolean {
  return target !== undefined && isScratchTarget(scratchContext(context), call, target);
}

function scratchContext(context: Context): ScratchContext {
  return {
    ts: context.ts,
    facts: context.facts,
    underTmpdir: (path) => isUnderTmpdir(context, path, 0),
    use: (call) => (context.ts.isCallExpression(call) ? diskUse(context, call) : undefined),
  };
}

/** What a call does to the disk: the paths an fs function or a wrapper writes, or removes. */
function diskUse(context: Context, call: ts.CallExpression): DiskUse | undefined {
  const ref = refOf(context, call.expression);
  if (ref === undefined) return undefined;
  const name = fsFunctionName(ref);
  if (name !== undefined && REMOVE_FUNCTIONS.has(name)) return { kind: 'remove', targets: call.arguments.slice(0, 1) };
  if (REMOVER_FUNCTIONS.some((r) => r.module === ref.module && r.path.length === ref.path.length && r.path.every((p, i) => ref.path[i] === p))) {
    return { kind: 'remove', targets: call.arguments.slice(0, 1) };
  }
  const wrapper = matchSpec(WRITER_FUNCTIONS, ref) as (typeof WRITER_FUNCTIONS)[number] | undefined;
  if (wrapper !== undefined) return { kind: 'write', targets: wrapper.written.map((i) => call.arguments[i]).filter((a) => a !== undefined) };
  const fsApi = fsWriteFunction(ref) ?? fsOpenFunction(context, call, ref);
  if (fsApi === undefined) return undefined;
  return { kind: 'write', targets: (WRITTEN_ARGUMENTS[fsApi.name] ?? [0]).map((i) => call.arguments[i]).filter((a) => a !== undefined) };
}

interface FsApi {
  name: string;
  label: string;
}

/** `{ fs, ['promises', 'writeFile'] }` → writeFile, shown as `fs.promises.writeFile`. */
function fsFunctionName(ref: ModuleRef | undefined): string | undefined {
  if (ref === undefined || !FS_MODULES.includes(ref.module)) return undefined;
  for (const prefix of FS_API_PREFIXES) {
    if (ref.path.length === prefix.length + 1 && prefix.every((p, i) => ref.path[i] === p)) {
      return ref.path[prefix.length];
    }
  }
  return undefined;
}

function label(ref: ModuleRef): string {
  return [ref.module, ...ref.path].join('.');
}

function fsWriteFunction(ref: ModuleRef | undefined): FsApi | undefined {
  const name = fsFunctionName(ref);
  return name !== undefined && WRITE_FUNCTIONS.has(name) ? { name, label: label(ref!) } : undefined;
}

function fsOpenFunction(
  context: RuleContext<MessageId, Options>,
  call: ts.CallExpression,
  ref: ModuleRef,
): FsApi | undefined {
  const name = fsFunctionName(ref);
  const spec = name === undefined ? undefined : OPEN_FUNCTIONS[name];
  if (spec === undefined || spec.flagsArgument < 0) return undefined;
  const flags = call.arguments[spec.flagsArgument];
  return flags !== undefined && isWriteFlag(context, flags) ? { name: name!, label: label(ref) } : undefined;
}

/** 'w', 'a+', 'r+' write; numeric flags write when they include O_WRONLY, O_RDWR, O_CREAT, … */
function isWriteFlag(context: RuleContext<MessageId, Options>, flags: ts.Expression): boolean {
  const { ts } = context;
  const text = staticString(ts, flags);
  if (text !== undefined) return WRITE_FLAG_CHARACTERS.test(text);
  let writes = false;
  // Flags are a few constants or-ed together; deeper expressions are not flags (and must not
  // exhaust the stack: `a | b | …` with 10,000 terms parses as a 10,000-deep tree).
  const visit = (node: ts.Node, depth = 0): void => {
    if (writes || depth > 32) return;
    if (ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) {
      const ref = context.facts.modules.resolve(node);
      const last = ref?.path[ref.path.length - 1];
      if (ref !== undefined && FS_MODULES.includes(ref.module) && last !== undefined && WRITE_FLAG_CONSTANTS.has(last)) {
        writes = true;
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(flags);
  return writes;
}

/**
 * A written path that is not the local disk (stdout, stderr, /dev/null, fds 1 and 2), or one the
 * options allow (under `os.tmpdir()`, under an allowed prefix).
 */
function isExemptTarget(context: RuleContext<MessageId, Options>, target: ts.Expression | undefined): boolean {
  const { ts } = context;
  if (target === undefined) return false;
  const inner = skipOuterExpressions(ts, target);
  if (inner.kind === ts.SyntaxKind.NullKeyword) return true; // createWriteStream(null, { fd })
  const path = staticString(ts, inner) ?? templateHead(ts, inner);
  if (path !== undefined && STANDARD_STREAM_PATHS.has(path)) return true;
  const fd = staticNumber(ts, inner);
  if (fd !== undefined && STANDARD_STREAM_FDS.has(fd)) return true;
  if (isStandardStreamFd(context, inner)) return true;
  if (path !== undefined && context.options.allowPaths.some((prefix) => isUnderPrefix(path, prefix))) return true;
  return context.options.allowTmpdir && isUnderTmpdir(context, inner, 0);
}

function templateHead(ts: RuleContext<MessageId, Options>['ts'], node: ts.Node): string | undefined {
  return ts.isTemplateExpression(node) ? node.head.text : undefined;
}

function isUnderPrefix(path: string, prefix: string): boolean {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path === prefix || path.startsWith(base);
}

function isStandardStreamFd(context: RuleContext<MessageId, Options>, node: ts.Node): boolean {
  const ref = context.facts.modules.resolve(node);
  return (
    ref !== undefined &&
    ref.module === 'globalThis' &&
    ref.path.length === 3 &&
    ref.path[0] === 'process' &&
    (ref.path[1] === 'stdout' || ref.path[1] === 'stderr') &&
    ref.path[2] === 'fd'
  );
}

/**
 * A path built from `os.tmpdir()` / `$TMPDIR` / `/tmp` or made by a temp-file library (`tmp`,
 * `tmp-promise`, `tempy`), directly or through constants, joins and `mkdtemp`.
 */
function isUnderTmpdir(context: RuleContext<MessageId, Options>, node: ts.Node, depth: number): boolean {
  const { ts, facts } = context;
  if (depth > 8) return false;
  const n = skipOuterExpressions(ts, node);
  const text = staticString(ts, n) ?? templateHead(ts, n);
  if (text !== undefined && text !== '') return isUnderPrefix(text, '/tmp');
  if (ts.isTemplateExpression(n)) {
    return n.head.text === '' && n.templateSpans.length > 0 && isUnderTmpdir(context, n.templateSpans[0]!.expression, depth + 1);
  }
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return isUnderTmpdir(context, n.left, depth + 1);
  }
  if (ts.isAwaitExpression(n)) return isUnderTmpdir(context, n.expression, depth + 1);
  if (ts.isCallExpression(n)) {
    const callee = facts.modules.resolve(n.expression);
    if (callee === undefined) return false;
    if (refStartsWith(callee, 'os', ['tmpdir']) || isTmpPathSource(callee)) return true;
    if (callee.module === 'path' && /^(join|resolve|normalize)$/.test(callee.path[callee.path.length - 1] ?? '')) {
      return n.arguments.length > 0 && isUnderTmpdir(context, n.arguments[0]!, depth + 1);
    }
    const fsName = fsFunctionName(callee);
    if (fsName === 'mkdtemp' || fsName === 'mkdtempSync') {
      return n.arguments.length > 0 && isUnderTmpdir(context, n.arguments[0]!, depth + 1);
    }
    return false;
  }
  if (ts.isIdentifier(n)) {
    const ref = facts.modules.resolve(n);
    if (ref !== undefined) return isTmpdirEnv(ref);
    const variable = facts.scope.variableOf(n);
    if (variable === undefined || variable.initializer === undefined || facts.scope.isReassigned(variable)) return false;
    if (variable.path.length === 0) return isUnderTmpdir(context, variable.initializer, depth + 1);
    // `const { name } = tmp.fileSync()` / `const { path } = await tmpPromise.file()`
    const step = variable.path[0]!;
    return (
      variable.path.length === 1 &&
      'property' in step &&
      TMP_RESULT_PATH_PROPERTIES.has(step.property) &&
      isTmpLibraryResult(context, variable.initializer, depth + 1)
    );
  }
  if (ts.isPropertyAccessExpression(n)) {
    const ref = facts.modules.resolve(n);
    if (ref !== undefined) return isTmpdirEnv(ref);
    // `tmp.fileSync().name`, `file.path` after `const file = await tmpPromise.file()`
    return TMP_RESULT_PATH_PROPERTIES.has(n.name.text) && isTmpLibraryResult(context, n.expression, depth + 1);
  }
  return false;
}

function isTmpPathSource(ref: ModuleRef): boolean {
  return TMP_PATH_SOURCES.some((s) => s.module === ref.module && s.path.length === ref.path.length && s.path.every((p, i) => ref.path[i] === p));
}

/** The value a temp-file library returned (a call, awaited or not, possibly through a const). */
function isTmpLibraryResult(context: RuleContext<MessageId, Options>, node: ts.Node, depth: number): boolean {
  const { ts, facts } = context;
  if (depth > 8) return false;
  let n = skipOuterExpressions(ts, node);
  if (ts.isAwaitExpression(n)) n = skipOuterExpressions(ts, n.expression);
  if (ts.isCallExpression(n)) {
    const callee = facts.modules.resolve(n.expression);
    return callee !== undefined && isTmpPathSource(callee);
  }
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) return false;
    return isTmpLibraryResult(context, variable.initializer, depth + 1);
  }
  return false;
}

function isTmpdirEnv(ref: ModuleRef): boolean {
  return (
    ref.module === 'globalThis' &&
    ref.path.length === 3 &&
    ref.path[0] === 'process' &&
    ref.path[1] === 'env' &&
    (ref.path[2] === 'TMPDIR' || ref.path[2] === 'TMP' || ref.path[2] === 'TEMP')
  );
}

/** A SQLite file name that is a file: anything but ':memory:' / '' (a non-static name is a file). */
function opensFile(context: RuleContext<MessageId, Options>, argument: ts.Expression | undefined): boolean {
  if (argument === undefined) return false; // better-sqlite3 with no name: an in-memory database
  const name = staticString(context.ts, argument);
  return name === undefined || !SQLITE_IN_MEMORY.has(name);
}

function matchSpec(specs: readonly ConstructorSpec[], ref: ModuleRef): ConstructorSpec | undefined {
  return specs.find(
    (spec) => spec.module === ref.module && spec.path.length === ref.path.length && spec.path.every((p, i) => ref.path[i] === p),
  );
}

function isPinoRef(ref: ModuleRef, member?: string): boolean {
  if (ref.module !== 'pino') return false;
  const path = ref.path[0] === 'pino' ? ref.path.slice(1) : ref.path;
  return member === undefined ? path.length === 0 : path.length === 1 && path[0] === member;
}

/** `pino.destination('./app.log')` / `({ dest: './app.log' })` write a file; no argument, 1, 2 do not. */
function pinoDestinationIsFile(context: RuleContext<MessageId, Options>, argument: ts.Expression | undefined): boolean {
  const { ts } = context;
  if (argument === undefined) return false;
  const options = objectArgument(context, argument);
  const dest = options ? propertyValue(ts, findProperty(ts, options, 'dest')) : argument;
  if (dest === undefined) return false;
  const inner = skipOuterExpressions(ts, dest);
  if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner)) return !isExemptTarget(context, inner);
  return false;
}

/** `{ target: 'pino/file', options: { destination: './x.log' } }`, or any of `targets`. */
function pinoTransportWritesFile(context: RuleContext<MessageId, Options>, transport: ts.ObjectLiteralExpression): boolean {
  const { ts } = context;
  const targets = propertyValue(ts, findProperty(ts, transport, 'targets'));
  if (targets !== undefined) {
    const list = skipOuterExpressions(ts, targets);
    return (
      ts.isArrayLiteralExpression(list) &&
      list.elements.some((e) => {
        const target = objectArgument(context, e);
        return target !== undefined && pinoTransportWritesFile(context, target);
      })
    );
  }
  const target = staticString(ts, propertyValue(ts, findProperty(ts, transport, 'target')));
  if (target === undefined || !PINO_FILE_TARGETS.has(target)) return false;
  const options = objectArgument(context, propertyValue(ts, findProperty(ts, transport, 'options')));
  // pino/file names it `destination`, pino-roll `file`.
  const destination =
    options &&
    (propertyValue(ts, findProperty(ts, options, 'destination')) ?? propertyValue(ts, findProperty(ts, options, 'file')));
  if (destination === undefined) return target !== 'pino/file'; // pino/file defaults to stdout
  return !isExemptTarget(context, destination);
}

/** `bunyan.createLogger({ streams: [{ path }] })` or `{ path }` / `{ type: 'rotating-file' }`. */
function bunyanWritesFile(context: RuleContext<MessageId, Options>, options: ts.ObjectLiteralExpression): boolean {
  const { ts } = context;
  const streamWrites = (stream: ts.ObjectLiteralExpression): boolean => {
    const path = propertyValue(ts, findProperty(ts, stream, 'path'));
    const type = staticString(ts, propertyValue(ts, findProperty(ts, stream, 'type')));
    return (path !== undefined && !isExemptTarget(context, path)) || type === 'file' || type === 'rotating-file';
  };
  if (streamWrites(options)) return true;
  const streams = propertyValue(ts, findProperty(ts, options, 'streams'));
  const list = streams && skipOuterExpressions(ts, streams);
  return (
    list !== undefined &&
    ts.isArrayLiteralExpression(list) &&
    list.elements.some((e) => {
      const stream = objectArgument(context, e);
      return stream !== undefined && streamWrites(stream);
    })
  );
}

/** An object literal given directly or through a `const` declared in the file. */
function objectArgument(
  context: RuleContext<MessageId, Options>,
  node: ts.Expression | undefined,
): ts.ObjectLiteralExpression | undefined {
  const { ts, facts } = context;
  if (node === undefined) return undefined;
  const n = skipOuterExpressions(ts, node);
  if (ts.isObjectLiteralExpression(n)) return n;
  if (ts.isIdentifier(n)) {
    const variable = facts.scope.variableOf(n);
    if (variable?.initializer === undefined || variable.path.length > 0 || facts.scope.isReassigned(variable)) {
      return undefined;
    }
    const init = skipOuterExpressions(ts, variable.initializer);
    return ts.isObjectLiteralExpression(init) ? init : undefined;
  }
  return undefined;
}

function lastName(ts: RuleContext<MessageId, Options>['ts'], expression: ts.Expression): string | undefined {
  const n = skipOuterExpressions(ts, expression);
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  return undefined;
}

function isCandidateName(name: string): boolean {
  return WRITE_FUNCTIONS.has(name) || name in OPEN_FUNCTIONS;
}
