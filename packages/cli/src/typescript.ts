/**
 * The one TypeScript the CLI parses, binds and type-checks with: the copy bundled with ts-morph
 * (`@ts-morph/common/dist/typescript.js`, which `tsMorph.ts` re-exports), whatever TypeScript the
 * audited project has installed. The engine is given this same module, so syntax kinds never come
 * from two copies.
 *
 * Loaded on first use, and with `require`: importing a 9 MB CommonJS bundle from ESM makes Node scan
 * it for named exports (~100 ms), and a parallel `--no-type-check` run needs TypeScript only in its
 * worker threads, never in the main thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TS } from '@statelint/core';

const require = createRequire(import.meta.url);

let typescriptModule: TS | undefined;
let libFiles: ReadonlyMap<string, string> | undefined;

/** Where `@ts-morph/common` is, seen from ts-morph (it is ts-morph's dependency, not ours). */
function morphCommon(file: string): string {
  const morph = path.dirname(require.resolve('ts-morph'));
  return require.resolve(`@ts-morph/common/${file}`, { paths: [morph] });
}

export function typescript(): TS {
  return (typescriptModule ??= require(morphCommon('dist/typescript.js')) as TS);
}

/** The folder where programs find the default lib files, as ts-morph names it (in memory). */
export const LIB_FOLDER = '/node_modules/typescript/lib';

/**
 * The `lib.*.d.ts` files for this TypeScript, by path under LIB_FOLDER. The bundled copy has none
 * next to it on disk; ts-morph ships their text, and so its programs and ours see the same libs.
 */
export function defaultLibFiles(): ReadonlyMap<string, string> {
  if (libFiles === undefined) {
    typescript(); // the common bundle requires the same module: load it first, then the libs
    const common = require(morphCommon('dist/ts-morph-common.js')) as {
      getLibFiles(): { fileName: string; text: string }[];
    };
    libFiles = new Map(common.getLibFiles().map((lib) => [`${LIB_FOLDER}/${lib.fileName}`, lib.text]));
  }
  return libFiles;
}
