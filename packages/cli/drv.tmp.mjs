import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const [coreDir, listFile] = process.argv.slice(2);
const core = await import(`${coreDir}/index.js`);
const { rules } = await import('../../rules/dist/index.js');
const { typescript } = await import('./dist/typescript.js');
const ts = typescript();
const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const configured = rules.map((rule) => ({ rule, severity: 'error' }));
let parse = 0, analyze = 0, n = 0;
for (const f of files) {
  let t = performance.now();
  const sf = core.parseSourceText(ts, f, fs.readFileSync(f, 'utf8'));
  parse += performance.now() - t; t = performance.now();
  n += core.analyzeSourceFile({ ts, sourceFile: sf, rules: configured, eslintDirectives: true }).findings.length;
  analyze += performance.now() - t;
}
console.log(coreDir.includes('before') ? 'before' : 'after ', 'parse', parse.toFixed(0), 'analyze', analyze.toFixed(0), 'findings', n);
