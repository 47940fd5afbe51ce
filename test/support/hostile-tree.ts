/**
 * A seeded generator of hostile repositories, as a fork's pull request could commit them: symlink
 * farms (to /dev/zero, /dev/stdin, /dev/urandom, /proc/self/environ, `/`, out of the tree, in loops
 * and chains, dangling), special files (FIFOs, sockets), huge sparse files, deeply nested
 * directories and expressions, and crafted configs, tsconfigs, package.json files and baselines —
 * each under the names statelint reads. The same seed gives the same tree.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface HostileTree {
  /** The repository (the audit's working directory). */
  dir: string;
  /** A canary directory next to it: nothing may be written or read into reports from here. */
  outside: string;
  /** What the generator put where (for the failure message). */
  recipe: string[];
  /** Flags to run the audit with. */
  args: string[];
}

/** mulberry32: small, fast, and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRITE = `import fs from 'fs';\nexport function save(x: string) {\n  fs.writeFileSync('out.txt', x);\n}\n`;
const NAMES = ['package.json', 'statelint.config.json', 'tsconfig.json', 'statelint-baseline.json', 'report.json', 'index.ts', 'handler.js', 'types.d.ts', 'src', 'lib', 'node_modules', 'deep'];

export function hostileTree(top: string, seed: number, servers: net.Server[]): HostileTree {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number): boolean => random() < p;
  const dir = path.join(top, 'repo');
  const outside = path.join(top, 'outside');
  const recipe: string[] = [];
  // The generator itself must never write through a link it planted: a path is used only while
  // every existing component is a real directory.
  const usable = (rel: string): boolean => {
    let at = dir;
    for (const part of path.dirname(rel).split('/').filter((p) => p !== '.' && p !== '')) {
      at = path.join(at, part);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(at);
      } catch {
        return true;
      }
      if (!stat.isDirectory()) return false;
    }
    return true;
  };
  const write = (rel: string, data: string | Buffer): void => {
    if (!usable(rel)) return;
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (!fs.existsSync(abs) && !isLink(abs)) fs.writeFileSync(abs, data);
  };
  const place = (rel: string, what: string, make: (abs: string) => void): void => {
    if (!usable(rel)) return;
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (fs.existsSync(abs) || isLink(abs)) return;
    try {
      make(abs);
      recipe.push(`${rel}: ${what}`);
    } catch {
      // (a name already taken by a directory: skip)
    }
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(outside, 'secret'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'victim.json'), '{"precious": true}\n');
  fs.writeFileSync(path.join(outside, 'secret', 'x.ts'), WRITE);
  fs.writeFileSync(path.join(outside, 'tsconfig.json'), '{"include": ["secret"]}');

  // Ordinary code, so that the audit has something to do.
  const dirs = ['.', 'src', 'src/api', 'lib', 'packages/web', 'packages/api/src'];
  for (let i = 0; i < 3 + Math.floor(random() * 5); i++) write(`${pick(dirs)}/file${i}.${pick(['ts', 'js', 'mjs', 'cts'])}`, WRITE);

  const linkTargets = ['/dev/zero', '/dev/stdin', '/dev/urandom', '/proc/self/environ', '/proc/self/mem', '/', '..', '../..', outside, path.join(outside, 'victim.json'), path.join(outside, 'secret'), 'nowhere', '.', 'self'];
  const links = 4 + Math.floor(random() * 12);
  for (let i = 0; i < links; i++) {
    const rel = `${pick(dirs)}/${pick(NAMES)}`;
    let target = pick(linkTargets);
    if (target === 'self') target = path.basename(rel);
    place(rel, `-> ${target.startsWith(top) ? `<outside>${target.slice(outside.length)}` : target}`, (abs) => fs.symlinkSync(target, abs));
  }
  // A chain and a loop of links.
  if (chance(0.5)) {
    place('src/chain-a.ts', '-> chain-b.ts', (abs) => fs.symlinkSync('chain-b.ts', abs));
    place('src/chain-b.ts', '-> chain-a.ts', (abs) => fs.symlinkSync('chain-a.ts', abs));
  }
  if (chance(0.5)) place('src/loop', '-> ..', (abs) => fs.symlinkSync('..', abs));

  // Special files.
  const fifos = Math.floor(random() * 4);
  for (let i = 0; i < fifos; i++) {
    place(`${pick(dirs)}/${pick(NAMES)}`, 'FIFO', (abs) => {
      if (spawnSync('mkfifo', [abs]).status !== 0) throw new Error('no mkfifo');
    });
  }
  if (chance(0.5)) {
    place(`${pick(dirs)}/${pick(['app.sock', 'index.ts', 'package.json', 'tsconfig.json'])}`, 'socket', (abs) => {
      const server = net.createServer();
      servers.push(server);
      server.listen(abs);
      // listen() binds synchronously enough for the file to exist before the audit starts (the test waits for it).
    });
  }

  // Huge files (sparse: no disk used), under names the audit reads.
  if (chance(0.7)) {
    place(`${pick(dirs)}/${pick(['big.ts', 'bundle.js', 'package.json', 'tsconfig.json', 'statelint-baseline.json'])}`, 'sparse 12 GB', (abs) => {
      const fd = fs.openSync(abs, 'w');
      fs.ftruncateSync(fd, 12 * 1024 ** 3);
      fs.closeSync(fd);
    });
  }

  // Deep directories and deep code.
  if (chance(0.6)) {
    const depth = 50 + Math.floor(random() * 250);
    write(`${Array.from({ length: depth }, () => 'd').join('/')}/deep.ts`, WRITE);
    recipe.push(`directories ${depth} deep`);
  }
  const deep = [
    () => `export const x = ${'['.repeat(30_000)}1${']'.repeat(30_000)};\n`,
    () => `declare const api: any;\nexport const y = api${'.next()'.repeat(1000 + Math.floor(random() * 3000))};\n`,
    () => `export const z = ${Array.from({ length: 30_000 }, () => '1').join(' + ')};\n`,
    () => `${'function f() {\n'.repeat(2000)}${'}\n'.repeat(2000)}`,
  ];
  for (let i = 0; i < Math.floor(random() * 3); i++) {
    const which = Math.floor(random() * deep.length);
    write(`src/deep${i}.ts`, deep[which]!());
    recipe.push(`src/deep${i}.ts: deep code #${which}`);
  }

  // Crafted configs, tsconfigs, package.json files and baselines (where no link or special file took the name).
  const configs = [
    '{ "extends": "all" }',
    '{ "extends": "all", "include": ["../**", "/**"], "exclude": [] }',
    '{ "rules": { "no-fs-writes": ["error", { "allowTmpdir": "yes" }] } }',
    '{ "maxFileSize": 0 }',
    '{ "maxFileSize": "1KB" }',
    '{ "__proto__": { "polluted": true }, "extends": "strict" }',
    '{ "rules": { "constructor": "error" } }',
    `{ "include": [${Array.from({ length: 2000 }, (_, i) => `"src/${'*'.repeat(i % 20)}/x${i}"`).join(',')}] }`,
    '{ not json',
  ];
  if (chance(0.6)) {
    const config = pick(configs);
    write(`${pick(['.', 'src'])}/statelint.config.json`, config);
    recipe.push(`statelint.config.json: ${config.slice(0, 60)}`);
  }
  const tsconfigs = [
    JSON.stringify({ extends: '/etc/passwd' }),
    JSON.stringify({ extends: '/dev/zero', include: ['src'] }),
    JSON.stringify({ extends: `${path.relative(dir, outside)}/tsconfig.json` }),
    JSON.stringify({ files: [], references: [{ path: '..' }, { path: '../outside' }, { path: '/' }, { path: 'src' }] }),
    JSON.stringify({ include: ['/**/*', '../**/*'] }),
    JSON.stringify({ files: ['src/index.ts', 'src/package.json', '/dev/zero', '/proc/self/environ'] }),
    JSON.stringify({ compilerOptions: { plugins: [{ name: '../outside/secret/x.ts' }], typeRoots: ['/', '..'], baseUrl: '/', paths: { '*': ['/*', '../outside/*'] } } }),
    JSON.stringify({ compilerOptions: { rootDirs: ['/'], types: ['../../outside/secret/x'] }, include: ['**/*'] }),
  ];
  for (const where of ['.', 'src', 'packages/web']) {
    if (!chance(0.5)) continue;
    const tsconfig = pick(tsconfigs);
    write(`${where}/tsconfig.json`, tsconfig);
    recipe.push(`${where}/tsconfig.json: ${tsconfig.slice(0, 80)}`);
  }
  if (chance(0.5)) write('src/refs.ts', `/// <reference path="/dev/zero" />\n/// <reference path="../../outside/secret/x.ts" />\n/// <reference types="../outside" />\n${WRITE}`);
  const manifests = ['{"name": "web", "dependencies": {"vue": "*"}}', '{"bin": {"x": "/etc/passwd"}}', '[]', 'null', '{ nope', `{"statelint": {"extends": "nope"}}`];
  for (const where of ['packages/web', 'packages/api', '.']) if (chance(0.4)) write(`${where}/package.json`, pick(manifests));
  const baselines = ['{"version": 1, "tool": "statelint", "findings": [{"fingerprint": 1}]}', '{"version": 2}', `{"version": 1, "findings": [${Array.from({ length: 20_000 }, (_, i) => `{"fingerprint": "${i}"}`).join(',')}]}`, '{'];
  if (chance(0.5)) write('statelint-baseline.json', pick(baselines));

  // How to run it: typed or not, a format, sometimes a report file or a baseline whose name may be a planted link.
  const args = ['audit', '--format', pick(['json', 'sarif', 'stylish', 'github'])];
  if (chance(0.4)) args.push('--no-type-check', '--concurrency', pick(['1', '2']));
  const output = random();
  if (output < 0.3) args.push('-o', 'report.json');
  else if (output < 0.45) args.push('-o', 'reports/out/report.json');
  const baseline = random();
  if (baseline < 0.2) args.push('--update-baseline');
  else if (baseline < 0.35) args.push('--baseline', 'statelint-baseline.json');
  if (chance(0.2)) args.push(pick(['src', 'lib', 'src/loop', 'src/index.ts', 'packages']));
  return { dir, outside, recipe, args };
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
