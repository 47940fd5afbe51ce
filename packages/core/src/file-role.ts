/**
 * Is a file service code, or a script / command-line tool? Scripts and CLIs run once and own their
 * disk, their console and their process: writing a file, printing with console.log or calling
 * process.exit there is idiomatic, and rules about long-lived replicas leave them alone.
 *
 * A file is a script when it starts with a shebang, is named like a CLI entry point (`cli.ts`), or
 * when a directory on its path below the project root is one of SCRIPT_DIRECTORIES. A package that
 * is a tool without any of these marks (a `create-x-app`) is for the config's `exclude`. Both front ends decide the same way (the root is the
 * working directory), so they keep agreeing.
 */
import type * as ts from 'typescript';

export const SCRIPT_DIRECTORIES: ReadonlySet<string> = new Set([
  'scripts',
  'script',
  'bin',
  'tools',
  'cli',
  'commands',
  'migrations',
  'seeds',
  'seeders',
]);

/** File names (without extension) of command-line entry points. */
export const SCRIPT_FILE_NAMES: ReadonlySet<string> = new Set(['cli']);

/** Why the file is a script or CLI, or undefined when it is service code. */
export function scriptReason(sourceFile: ts.SourceFile, root: string | undefined): string | undefined {
  if (sourceFile.text.startsWith('#!')) return 'it starts with a shebang';
  const fileName = sourceFile.fileName.replace(/\\/g, '/');
  const base = root?.replace(/\\/g, '/').replace(/\/$/, '');
  const relative = base !== undefined && fileName.startsWith(`${base}/`) ? fileName.slice(base.length + 1) : fileName;
  const segments = relative.split('/');
  const name = segments.pop()!.replace(/\.[^.]*$/, '');
  if (SCRIPT_FILE_NAMES.has(name)) return `it is a command-line entry point (${name})`;
  const script = segments.find((d) => SCRIPT_DIRECTORIES.has(d));
  return script === undefined ? undefined : `it is under ${script}/`;
}
