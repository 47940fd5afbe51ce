/** The pieces of the file-access layer that have no file system of their own to test against. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../src/file-size.js';
import { decodeAsTypeScript, scrubPaths } from '../src/safe-fs.js';

describe('scrubPaths: messages name no absolute path', () => {
  const cwd = path.resolve('/nonexistent-statelint/repo/service');
  const root = path.resolve('/nonexistent-statelint/repo');
  it.each([
    ["File '/nonexistent-statelint/repo/service/tsconfig.base.json' not found.", "File 'tsconfig.base.json' not found."],
    ["Cannot read file '/nonexistent-statelint/repo/sibling/x.ts'.", "Cannot read file '../sibling/x.ts'."],
    ["Cannot read file '/etc/passwd'.", "Cannot read file '<outside the repository>'."],
    ['at /home/ci/.cache/x.js and (/opt/y.ts)', 'at <outside the repository> and (<outside the repository>)'],
    ["Parsing error: '/' expected. (1:3)", "Parsing error: '/' expected. (1:3)"],
    ['see https://example.com/docs', 'see https://example.com/docs'],
    ['a / b', 'a / b'],
  ])('%s', (message, scrubbed) => {
    expect(scrubPaths(message, cwd, root)).toBe(scrubbed);
  });
});

describe('parseByteSize', () => {
  it.each([
    [1, 1],
    ['512', 512],
    ['1KB', 1024],
    ['1.5mb', 1572864],
    [' 2 MB ', 2097152],
    ['1G', 1073741824],
  ])('%j → %i bytes', (given, bytes) => expect(parseByteSize(given, 'x')).toBe(bytes));
  it.each([0, -1, 1.5, '0', 'lots', '10 TB', '', null, true])('%j is a usage error', (given) => {
    expect(() => parseByteSize(given, '--max-file-size')).toThrow(`--max-file-size must be a positive size in bytes, or with KB, MB or GB (got ${JSON.stringify(given)})`);
  });
});

describe('decodeAsTypeScript: as TypeScript reads a file', () => {
  it.each([
    [Buffer.from('\uFEFFconst a = 1;', 'utf8'), 'const a = 1;'],
    [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('const b = 2;', 'utf16le')]), 'const b = 2;'],
    [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('const c = 3;', 'utf16le').swap16()]), 'const c = 3;'],
    [Buffer.from('plain', 'utf8'), 'plain'],
  ])('%#', (bytes, text) => expect(decodeAsTypeScript(bytes)).toBe(text));
});
