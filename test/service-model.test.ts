/**
 * The program model end to end (issue 13): small projects on disk, audited by the CLI without types
 * and by ESLint without type information, with the exact findings each pattern should give. Both
 * front ends read the imported modules from disk through core's program model, so they agree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './support/run-cli.js';
import { lintDirectory } from './support/run-eslint.js';
import { REPO_ROOT } from './support/paths.js';

const PROJECTS: Record<string, Record<string, string>> = {
  // A server shipped as a package with `bin` (started by `npx srv`): not a CLI; its upgrade step is.
  'bin-server': {
    'package.json': JSON.stringify({ name: 'srv', version: '1.0.0', bin: { srv: 'bin/srv.js' } }),
    'bin/srv.js': `#!/usr/bin/env node
const { start } = require('../lib/server');
if (process.argv[2] === 'upgrade') require('../lib/upgrades/run').run();
else start();
`,
    // The same command's upgrade step: reached from the entry that starts the server, but its
    // folder says it is a tool (NodeBB's \`nodebb upgrade\`), so it may write files and print.
    'lib/upgrades/run.js': `const fs = require('fs');
function run() {
  console.log('upgrading');
  fs.writeFileSync('version.txt', '2');
}
module.exports = { run };
`,
    'lib/server.js': `const http = require('http');
function start() {
  const server = http.createServer((req, res) => {
    console.log('request', req.url);
    res.end('ok');
  });
  server.listen(3000);
}
module.exports = { start };
`,
  },
  // A server started from a shebang file is a server.
  'shebang-server': {
    'package.json': JSON.stringify({ name: 'shebang', version: '1.0.0' }),
    'server.js': `#!/usr/bin/env node
const http = require('http');
http.createServer((req, res) => res.end('ok')).listen(8080);
`,
  },
  service: {
    'package.json': JSON.stringify({ name: 'svc', version: '1.0.0', scripts: { start: 'node app.js' }, dependencies: { express: '^4' } }),
    'app.js': `const express = require('express');
const routes = require('./routes');
const registerUploads = require('./routes/upload');
const { register } = require('./registry');
const app = express();
app.use(routes);
registerUploads(app);
const server = app.listen(3000, () => {
  register('health', () => 'ok');
});
process.on('SIGTERM', () => server.close());
`,
    // State mutated only in a handler reached through two helper calls.
    'store.js': `const seen = new Map();
function put(key, value) {
  seen.set(key, value);
}
function remember(key, value) {
  put(key, value);
}
module.exports = { remember };
`,
    'routes.js': `const express = require('express');
const { remember } = require('./store');
const router = express.Router();
router.post('/seen', (req, res) => {
  remember(req.body.id, Date.now());
  res.end();
});
module.exports = router;
`,
    // A registry filled once by a start-up hook (the listen callback) is no state.
    'registry.js': `const checks = new Map();
function register(name, check) {
  checks.set(name, check);
}
function run(name) {
  return checks.get(name)();
}
module.exports = { register, run };
`,
    // Routes registered on an application received as an untyped parameter.
    'routes/upload.js': `module.exports = function registerUploads(app) {
  app.post('/upload', async (req, res) => {
    const answer = await fetch('https://scanner.example/scan');
    res.json(await answer.json());
  });
};
`,
    // Routes registered on \`this.app\`.
    'routes/admin.js': `class AdminRoutes {
  constructor(app) {
    this.app = app;
  }
  mount() {
    this.app.get('/admin/report', async (req, res) => {
      res.json(await (await fetch('https://reports.example/today')).json());
    });
  }
}
module.exports = AdminRoutes;
`,
    // A handler exported as module.exports (a serverless function).
    'functions/hello.js': `module.exports = async (req, res) => {
  const quote = await fetch('https://quotes.example/random');
  res.end(await quote.text());
};
`,
    // Tool, test-helper and asset directories nothing on the server side loads.
    'spec/helpers.js': `let calls = 0;
export function count() {
  calls++;
  console.log(calls);
}
`,
    'ci/report.js': `console.log('coverage report');
`,
    'test-utils/db.js': `let db = null;
export function setDb(value) {
  db = value;
  console.log('db set');
}
`,
    // A plugin's browser side in the service's own package: it renders with a component kit and names no browser global.
    'exts/import-har/client.js': `import { message } from 'antd';
let imported = 0;
export function onImported(count) {
  imported += count;
  console.log('imported', imported);
  message.success('done');
}
`,
    // A vendored UMD bundle.
    'media/js/vendor/clock.js': `(function (root, factory) {
  if (typeof define === 'function' && define.amd) define([], factory);
  else if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.clock = factory();
})(this, function () {
  var ticks = 0;
  return { tick: function () { ticks++; console.log(ticks); } };
});
`,
    // A browser bundle that names no browser global.
    'public/js/bundle.js': `var state = {};
function track(event) {
  state[event] = (state[event] || 0) + 1;
  console.log(event, state[event]);
}
`,
  },
  // Maintenance scripts in a directory of no telling name: package.json runs some of them, the others (a CI step) are scripts too.
  'ops-scripts': {
    'package.json': JSON.stringify({
      name: 'ops',
      version: '1.0.0',
      scripts: { start: 'node server.js', 'reset-password': 'node extra/reset-password.js', 'start-pr-test': 'node extra/checkout-pr.js && npm run start', seed: 'node lib/seed.js' },
    }),
    // A start-like script that runs a helper loading no project code.
    'extra/checkout-pr.js': `const { fetchBranch } = require('./pr/lib');
fetchBranch();
console.log('checked out');
`,
    'extra/pr/lib.js': `exports.fetchBranch = () => require('child_process').execSync('git fetch');
`,
    'server.js': `const http = require('http');
const { greet } = require('./lib/greet');
const server = http.createServer((req, res) => res.end(greet()));
server.listen(3000);
process.on('SIGTERM', () => server.close());
`,
    'extra/reset-password.js': `console.log('password reset');
`,
    // An example with its own package.json and start script does not make extra/ serve.
    'extra/examples-push/package.json': JSON.stringify({ name: 'push-example', version: '1.0.0', scripts: { start: 'node index.js' } }),
    'extra/examples-push/index.js': `fetch('https://status.example/push').then(() => console.log('pushed'));
`,
    'extra/build-check.js': `const fs = require('fs');
fs.writeFileSync('dist/check.txt', 'ok');
console.log('built');
`,
    // lib/ holds a seed script and code the server loads: a file there that nothing imports is not taken for a script.
    'lib/seed.js': `console.log('seeded');
`,
    'lib/greet.js': `exports.greet = () => 'hello';
`,
    'lib/orphan.js': `console.log('orphan');
`,
  },
  // A Hono app the runtime serves (`export default app`, started by `bun run`), which also drives a headless browser.
  'fetch-app': {
    'package.json': JSON.stringify({ name: 'shots', version: '1.0.0', scripts: { start: 'bun run src/index.ts' }, dependencies: { hono: '^4', playwright: '^1' } }),
    'src/index.ts': `import { Hono } from 'hono';
import playwright from 'playwright';
const app = new Hono();
app.post('/shot', async (c) => {
  const browser = await playwright.chromium.launch();
  console.log('shot taken');
  await browser.close();
  return c.text('ok');
});
export default app;
`,
  },
  // Next.js server actions: a 'use server' module that only a page (browser code) imports still runs on the server, per request.
  'server-actions': {
    'package.json': JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { next: '^15', react: '^19' } }),
    'app/login/actions.ts': `'use server';
export async function signInAction(form: FormData) {
  console.error('sign-in failed', form.get('email'));
}
`,
    'app/login/page.tsx': `import { signInAction } from './actions';
export default function Page() {
  return <form action={signInAction}><button>Sign in</button></form>;
}
`,
  },
};

let base: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-model-'));
  for (const [name, files] of Object.entries(PROJECTS)) {
    for (const [file, text] of Object.entries(files)) {
      const full = path.join(base, name, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
  }
});

afterAll(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

const EXPECTED: Record<string, string[]> = {
  'bin-server': [
    'lib/server.js:4:5 require-structured-logging',
    'lib/server.js:7:3 require-graceful-shutdown',
  ],
  'shebang-server': ['server.js:3:1 require-graceful-shutdown'],
  'fetch-app': ['src/index.ts:6:3 require-structured-logging'],
  'ops-scripts': ['lib/orphan.js:1:1 require-structured-logging'],
  'server-actions': ['app/login/actions.ts:3:3 require-structured-logging'],
  service: [
    'functions/hello.js:2:23 require-abort-signal',
    'routes/admin.js:7:29 require-abort-signal',
    'routes/upload.js:3:26 require-abort-signal',
    'store.js:1:7 no-module-state',
  ],
};

function located(findings: readonly { ruleId: string; file: string; line: number; column: number }[]): string[] {
  return findings.map((f) => `${f.file.replace(/\\/g, '/')}:${f.line}:${f.column} ${f.ruleId}`).sort();
}

describe('program model: what runs where, both front ends (untyped)', () => {
  for (const name of Object.keys(PROJECTS)) {
    it(`${name}: the CLI reports exactly the expected findings`, () => {
      const run = runCliJson(['audit', '--no-type-check', '.'], path.join(base, name));
      expect(run.report.errors).toEqual([]);
      expect(located(run.report.findings)).toEqual(EXPECTED[name]);
    });
    it(`${name}: ESLint reports the same (rule, file, line, column)`, async () => {
      const dir = path.join(base, name);
      const found = await lintDirectory(dir, { typed: false, preset: 'recommended' });
      const relative = found
        .map((f) => ({ ...f, file: path.relative(dir, path.resolve(REPO_ROOT, f.file)).split(path.sep).join('/') }))
        // ESLint lints what it is given; the CLI's default scope skips test files only.
        .filter((f) => !/(^|\/)(test|tests|__tests__)\//.test(f.file));
      expect(located(relative)).toEqual(EXPECTED[name]);
    });
  }

  it('the bin server is service code: the message of a server with no SIGTERM handler, with the chain that made it apply', () => {
    const run = runCliJson(['audit', '--no-type-check', '--explain', '.'], path.join(base, 'bin-server'));
    const shutdown = run.report.findings.find((f) => f.ruleId === 'require-graceful-shutdown');
    expect(shutdown?.trace?.[0]).toEqual({ file: 'lib/server.js', line: 7, column: 3, what: 'server.listen' });
    expect(shutdown?.trace?.at(-1)).toEqual({ file: 'lib/server.js', line: 7, column: 3, what: 'this code' });
    expect(shutdown?.message).toBe(
      "`server.listen()` starts a server, but nothing in the program handles SIGTERM: every deploy and scale-in kills it with requests in flight. Keep the server and call `server.close()` from `process.once('SIGTERM', …)`, exiting in its callback.",
    );
  });

  it('a typed audit of a checkout without node_modules says once that types are lost and what it costs', () => {
    const dir = path.join(base, 'no-node-modules');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { express: '^4' } }));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }));
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), "export const x = 1;\n");
    const run = runCli(['audit', '.'], dir);
    expect(run.stderr).toBe(
      "statelint: scanned 1 file (typed, 1 program); types of dependencies are missing (no node_modules for package.json; run your package manager's install first): values of packages are untyped, so handlers found by their types and clients followed across files may be missed\n",
    );
  });
});
