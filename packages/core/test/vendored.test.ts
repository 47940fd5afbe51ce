import { describe, expect, it } from 'vitest';
import { libraryRef, vendoredPackageName } from '../src/lang/modules.js';

describe('vendoredPackageName', () => {
  it.each([
    ['./vendor/lru-cache', 'lru-cache'],
    ['./vendor/lru-cache/index.js', 'lru-cache'],
    ['./vendor/request', 'request'],
    ['../lib/node-cache.js', 'node-cache'],
    ['/srv/app/third_party/@isaacs/ttlcache/dist/index.js', '@isaacs/ttlcache'],
    ['./vendor/Express-Session', undefined],
  ])('%s is %s', (module, expected) => {
    expect(vendoredPackageName({ module, path: [], local: true })).toBe(expected);
  });
  it.each([
    ['./lib/lru-cache/helpers.js'],
    ['./lib/fs.js'],
    ['../lib/request.js'],
    ['./libs/redis/index.js'],
    ['./src/lru-cache.js'],
    ['./lru-cache'],
  ])('%s is no vendored package', (module) => {
    expect(vendoredPackageName({ module, path: [], local: true })).toBeUndefined();
  });
  it('a package reference is never vendored', () => {
    expect(vendoredPackageName({ module: 'lib/lru-cache', path: [] })).toBeUndefined();
  });
  it('catalogues see the package, `default` transparent', () => {
    expect(libraryRef({ module: './vendor/node-cache', path: ['default'], local: true })).toEqual({ module: 'node-cache', path: [] });
    expect(libraryRef({ module: './src/keys.js', path: ['toKey'], local: true })).toEqual({ module: './src/keys.js', path: ['toKey'], local: true });
  });
});
