import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  constantValue,
  exportedExpression,
  objectLiteralOf,
  parseSourceText,
  programView,
  singleFileView,
  valueOrigin,
  walk,
  type FileFacts,
} from '../src/index.js';

const factsOf = (text: string, fileName = '/virtual/file.ts'): FileFacts => {
  const sf = parseSourceText(ts, fileName, text);
  return singleFileView(ts, sf).factsOf(sf);
};

/** The last expression statement's expression, or the initializer of the last declaration. */
function lastExpression(facts: FileFacts): ts.Expression {
  const last = facts.sourceFile.statements[facts.sourceFile.statements.length - 1]!;
  if (ts.isExpressionStatement(last)) return last.expression;
  if (ts.isVariableStatement(last)) return last.declarationList.declarations[0]!.initializer!;
  throw new Error('no expression');
}

/** The receiver of the last call in the file (`logger` in `logger.info(…)`). */
function lastReceiver(facts: FileFacts): ts.Expression {
  let receiver: ts.Expression | undefined;
  walk(ts, facts.sourceFile, {
    enter(node) {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) receiver = node.expression.expression;
    },
  });
  return receiver!;
}

const described = (facts: FileFacts, node: ts.Node, derives?: (call: ts.CallExpression) => boolean): string | undefined => {
  const origin = valueOrigin(facts, node, derives ? { derives: (call) => derives(call) } : {});
  return origin && `${ts.isNewExpression(origin.node) ? 'new ' : ''}${origin.callee ? [origin.callee.module, ...origin.callee.path].join('.') : '?'}`;
};

describe('valueOrigin', () => {
  it('follows variables, awaits and casts to the creating call or new', () => {
    const facts = factsOf(`import { Pool } from 'pg';\nimport pino from 'pino';\nconst pool = new Pool();\nconst p2 = (pool as any);\nasync function f() { const l = await pino(); l.info('x'); }\np2.query('x');`);
    expect(described(facts, lastReceiver(facts))).toBe('new pg.Pool');
  });

  it('follows calls the rule says derive from their receiver (child loggers)', () => {
    const facts = factsOf(`import pino from 'pino';\nconst base = pino();\nconst child = base.child({ a: 1 });\nchild.info('x');`);
    const isChild = (call: ts.CallExpression) => ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'child';
    expect(described(facts, lastReceiver(facts), isChild)).toBe('pino');
    expect(described(facts, lastReceiver(facts))).toBe('?');
  });

  it('follows class fields and this.x assigned once in the constructor', () => {
    const facts = factsOf(`import Redis from 'ioredis';\nimport pino from 'pino';\nclass A {\n  log = pino();\n  constructor(private r: unknown) { this.redis = new Redis(); }\n  redis: unknown;\n  run() { this.log.info('a'); (this.redis as any).get('k'); }\n}`);
    const receivers: ts.Expression[] = [];
    walk(ts, facts.sourceFile, {
      enter(node) {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['info', 'get'].includes(node.expression.name.text)) {
          receivers.push(node.expression.expression);
        }
      },
    });
    expect(receivers.map((r) => described(facts, r))).toEqual(['pino', 'new ioredis']);
  });

  it('gives nothing for reassigned variables, parameters and destructured bindings', () => {
    const facts = factsOf(`import pino from 'pino';\nlet a = pino();\na = console as any;\nexport function f(p: any) { const { q } = pino() as any; a.info(1); p.info(2); q.info(3); }`);
    const receivers: ts.Expression[] = [];
    walk(ts, facts.sourceFile, {
      enter(node) {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'info') {
          receivers.push(node.expression.expression);
        }
      },
    });
    expect(receivers.map((r) => valueOrigin(facts, r))).toEqual([undefined, undefined, undefined]);
  });

  it('follows imports of project modules through their exports in a program', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statelint-values-'));
    const files: Record<string, string> = {
      'logger.ts': `import pino from 'pino';\nconst base = pino();\nexport const logger = base;\nexport default base;\n`,
      'cjs.js': `const pino = require('pino');\nmodule.exports = { log: pino() };\n`,
      'reexport.ts': `export { logger as appLogger } from './logger';\n`,
      'main.ts': `import { logger } from './logger';\nimport dflt from './logger';\nimport { appLogger } from './reexport';\nlogger.info(1); dflt.info(2); appLogger.info(3);\n`,
      'main.js': `const cjs = require('./cjs');\nconst { log } = require('./cjs');\ncjs.log.info(4);\n`,
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const options: ts.CompilerOptions = { allowJs: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: true, types: [] };
    const file = (name: string) => path.join(dir, name).replace(/\\/g, '/');
    const program = ts.createProgram([file('main.ts'), file('main.js')], options);
    const view = programView(ts, program);
    const facts = view.factsOf(program.getSourceFile(file('main.ts'))!);
    const receivers: ts.Expression[] = [];
    walk(ts, facts.sourceFile, {
      enter(node) {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'info') {
          receivers.push(node.expression.expression);
        }
      },
    });
    expect(receivers.map((r) => described(facts, r))).toEqual(['pino', 'pino', 'pino']);
    const js = view.factsOf(program.getSourceFile(file('main.js'))!);
    expect(described(js, lastReceiver(js))).toBe('pino');
    const cjs = view.factsOf(program.getSourceFile(file('cjs.js'))!);
    expect(exportedExpression(cjs, 'log')?.getText()).toBe('pino()');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('constantValue and objectLiteralOf', () => {
  it('reads literals, arithmetic, Infinity and constants', () => {
    const facts = factsOf(`const A = 5 * 1024;\nconst B = A;\nB;`);
    expect(constantValue(facts, lastExpression(facts))).toBe(5120);
    const inf = factsOf(`Infinity;`);
    expect(constantValue(inf, lastExpression(inf))).toBe(Infinity);
    const shadowed = factsOf(`const Infinity = 3;\nInfinity;`);
    expect(constantValue(shadowed, lastExpression(shadowed))).toBe(3);
    const mutable = factsOf(`let L = '1mb';\nL;`);
    expect(constantValue(mutable, lastExpression(mutable))).toBeUndefined();
  });

  it('finds object literals directly or through variables never reassigned', () => {
    const facts = factsOf(`const o = { a: 1 };\nconst p = o;\np;`);
    expect(objectLiteralOf(facts, lastExpression(facts))?.getText()).toBe('{ a: 1 }');
    const reassigned = factsOf(`let o = { a: 1 };\no = { a: 2 };\no;`);
    expect(objectLiteralOf(reassigned, lastExpression(reassigned))).toBeUndefined();
  });
});
