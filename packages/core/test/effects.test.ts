import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  effectChain,
  effectsOfCall,
  effectSummary,
  parseSourceText,
  programView,
  singleFileView,
  skipOuterExpressions,
  type CallLike,
  type EffectKind,
  type EffectPath,
  type FunctionLikeWithBody,
  type ProjectView,
} from '@statelint/core';

/** A toy kind: `send(url, init)` is the effect; `init` carrying `signal` avoids it. */
const SEND: EffectKind = {
  name: 'network-without-signal',
  direct(call, facts) {
    const { ts } = facts;
    const callee = skipOuterExpressions(ts, call.expression);
    if (!ts.isIdentifier(callee) || callee.text !== 'send') return undefined;
    const init = call.arguments?.[1];
    if (init === undefined) return { what: 'send' };
    const inner = skipOuterExpressions(ts, init);
    if (ts.isObjectLiteralExpression(inner) && !inner.properties.some((p) => ts.isSpreadAssignment(p))) {
      return inner.properties.some((p) => p.name?.getText() === 'signal') ? undefined : { what: 'send' };
    }
    return { what: 'send', forwarded: init };
  },
  given(argument, facts) {
    const inner = skipOuterExpressions(facts.ts, argument);
    if (facts.ts.isStringLiteral(inner)) return 'unrelated';
    if (!facts.ts.isObjectLiteralExpression(inner)) return 'avoided';
    return inner.properties.some((p) => p.name?.getText() === 'signal' || facts.ts.isSpreadAssignment(p)) ? 'avoided' : 'not-given';
  },
};

function untyped(text: string): { project: ProjectView; sf: ts.SourceFile } {
  const sf = parseSourceText(ts, '/effects-test/src/x.ts', text);
  const project = singleFileView(ts, sf);
  project.root = '/effects-test'; // no such directory: the program model reads nothing else
  return { project, sf };
}

function functionNamed(sf: ts.SourceFile, name: string): FunctionLikeWithBody {
  let found: FunctionLikeWithBody | undefined;
  const visit = (n: ts.Node): void => {
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name?.getText() === name) found = n as FunctionLikeWithBody;
    else if (ts.isVariableDeclaration(n) && n.name.getText() === name && n.initializer && ts.isArrowFunction(n.initializer)) found = n.initializer;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (found === undefined) throw new Error(`no function ${name}`);
  return found;
}

function callAt(sf: ts.SourceFile, text: string): CallLike {
  let found: CallLike | undefined;
  const visit = (n: ts.Node): void => {
    if (found === undefined && (ts.isCallExpression(n) || ts.isNewExpression(n)) && n.getText() === text) found = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (found === undefined) throw new Error(`no call ${text}`);
  return found;
}

const shape = (paths: readonly EffectPath[]) =>
  paths.map((p) => ({
    steps: p.steps.map((s) => s.what),
    ...(p.forwardedParameter !== undefined ? { forwardedParameter: p.forwardedParameter } : {}),
    ...(p.notGiven ? { notGiven: true } : {}),
  }));

describe('effect summaries (untyped: the file alone)', () => {
  it('follows helpers, callbacks and promise executors', () => {
    const { project, sf } = untyped(`
      function raw(url: string) { return new Promise((resolve) => { send(url); resolve(1); }); }
      const viaArrow = (url: string) => raw(url);
      function handler() { return viaArrow('/x'); }
      function clean() { return send('/y', { signal: AbortSignal.timeout(10) }); }
    `);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'raw')).effects)).toEqual([{ steps: ['send'] }]);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'handler')).effects)).toEqual([{ steps: ['viaArrow', 'raw', 'send'] }]);
    expect(effectSummary(project, SEND, functionNamed(sf, 'clean')).effects).toEqual([]);
    const call = callAt(sf, `viaArrow('/x')`);
    const path = effectsOfCall(project, SEND, call)!;
    expect(effectChain(ts, call, path)).toBe('handler → viaArrow → raw → send');
  });

  it('makes forwarded options conditional on what the caller passes', () => {
    const { project, sf } = untyped(`
      function api(url: string, init?: object) { return send(url, { ...init, headers: {} }); }
      function relay(url: string, options: object) { return api(url, options); }
      function bare() { return api('/a'); }
      function withSignal(signal: AbortSignal) { return api('/b', { signal }); }
      function withHeaders() { return api('/c', { headers: {} }); }
    `);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'api')).effects)).toEqual([{ steps: ['send'], forwardedParameter: 1 }]);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'relay')).effects)).toEqual([{ steps: ['api', 'send'], forwardedParameter: 1 }]);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'bare')).effects)).toEqual([{ steps: ['api', 'send'], notGiven: true }]);
    expect(effectSummary(project, SEND, functionNamed(sf, 'withSignal')).effects).toEqual([]);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'withHeaders')).effects)).toEqual([{ steps: ['api', 'send'], notGiven: true }]);
  });

  it('is cycle-safe and memoised', () => {
    const { project, sf } = untyped(`
      function ping(n: number): unknown { return n > 0 ? pong(n - 1) : send('/z'); }
      function pong(n: number): unknown { return ping(n); }
    `);
    const first = effectSummary(project, SEND, functionNamed(sf, 'pong'));
    expect(shape(first.effects)).toEqual([{ steps: ['ping', 'send'] }]);
    expect(effectSummary(project, SEND, functionNamed(sf, 'pong'))).toBe(first);
  });

  it('dispatches this.field.method() to the classes implementing the field type, and this.method() to the class', () => {
    const { project, sf } = untyped(`
      interface Backend { upload(body: string): Promise<unknown> }
      class HttpBackend implements Backend { async upload(body: string) { return send('/upload'); } }
      class SignalBackend implements Backend { async upload(body: string) { return send('/upload', { signal: AbortSignal.timeout(1) }); } }
      class Uploads {
        constructor(private readonly backend: Backend) {}
        save(body: string) { return this.backend.upload(body); }
        run() { return this.save('x'); }
      }
    `);
    expect(shape(effectSummary(project, SEND, functionNamed(sf, 'run')).effects)).toEqual([{ steps: ['this.save', 'this.backend.upload', 'send'] }]);
  });

  it('does not follow functions only declared or returned, nor lazy initialisation', () => {
    const { project, sf } = untyped(`
      let client: unknown;
      function make() { send('/connect'); return {}; }
      function factory() { return () => send('/later'); }
      function lazy() { client ??= make(); return client; }
    `);
    expect(effectSummary(project, SEND, functionNamed(sf, 'factory')).effects).toEqual([]);
    expect(effectSummary(project, SEND, functionNamed(sf, 'lazy')).effects).toEqual([]);
  });
});

describe('effect summaries (typed: across modules, interfaces)', () => {
  it('follows an imported helper and an interface method to its implementation in another module', () => {
    const files: Record<string, string> = {
      '/p/lib.ts': `export interface Store { put(k: string): Promise<void> }
export class RemoteStore implements Store { async put(k: string) { send(k); } }
export function helper(k: string) { return send(k, { signal: AbortSignal.timeout(5) }); }
declare function send(url: string, init?: object): unknown;`,
      '/p/main.ts': `import { helper, type Store } from './lib';
export function save(store: Store) { helper('a'); return store.put('b'); }`,
    };
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true };
    const host = ts.createCompilerHost(options);
    host.getSourceFile = (f, lang) => (files[path.posix.normalize(f)] !== undefined ? ts.createSourceFile(f, files[path.posix.normalize(f)]!, lang, true) : undefined);
    host.fileExists = (f) => files[path.posix.normalize(f)] !== undefined;
    host.readFile = (f) => files[path.posix.normalize(f)];
    host.getDefaultLibFileName = () => '/lib.d.ts';
    host.directoryExists = (d) => d === '/' || d === '/p';
    host.getCurrentDirectory = () => '/p';
    host.realpath = (f) => f;
    const program = ts.createProgram({ rootNames: Object.keys(files), options, host });
    const project = programView(ts, program);
    const main = program.getSourceFile('/p/main.ts')!;
    expect(shape(effectSummary(project, SEND, functionNamed(main, 'save')).effects)).toEqual([{ steps: ['store.put', 'send'] }]);
  });
});
