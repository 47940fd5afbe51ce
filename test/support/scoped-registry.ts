/**
 * A registry for packages that are not published yet: serves the `@statelint/*` tarballs of this
 * repository on a loopback port, as the npm registry will once they are published, so that a test
 * can install `eslint-plugin-statelint` (or `statelint`) alone from its tarball and let npm fetch
 * its `@statelint/*` dependencies the ordinary way (`@statelint:registry=` in the project's .npmrc).
 * Every other package comes from the npm registry as usual.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScopedRegistry {
  url: string;
  close(): Promise<void>;
}

/** The package.json inside a tarball. */
export function tarballManifest(tarball: string): { name: string; version: string } & Record<string, unknown> {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as { name: string; version: string };
}

export async function startScopedRegistry(tarballs: readonly string[]): Promise<ScopedRegistry> {
  const packages = new Map<string, { manifest: Record<string, unknown> & { name: string; version: string }; file: string; bytes: Buffer }>();
  for (const file of tarballs) {
    const manifest = tarballManifest(file);
    packages.set(manifest.name, { manifest, file, bytes: fs.readFileSync(file) });
  }
  let base = '';
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const tarball = /^\/-\/(.+)$/.exec(url);
    if (tarball) {
      const entry = [...packages.values()].find((p) => `${p.manifest.name}@${p.manifest.version}` === tarball[1]);
      if (entry === undefined) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.bytes.length }).end(entry.bytes);
    }
    const entry = packages.get(url.slice(1));
    if (entry === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    const { manifest, bytes } = entry;
    const packument = {
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          _id: `${manifest.name}@${manifest.version}`,
          dist: {
            tarball: `${base}/-/${encodeURIComponent(`${manifest.name}@${manifest.version}`)}`,
            shasum: createHash('sha1').update(bytes).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
          },
        },
      },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
