import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyzeSourceFile, codeKind, parseSourceText, singleFileView, type CodeKind } from '@statelint/core';

/** The kind of a file at `relative` below the root /repo. */
function kindOf(relative: string, text = 'export const x = 1;\n'): CodeKind {
  const sourceFile = parseSourceText(ts, `/repo/${relative}`, text);
  const project = singleFileView(ts, sourceFile);
  analyzeSourceFile({ ts, sourceFile, rules: [], project, root: '/repo' });
  return codeKind(project.factsOf(sourceFile));
}

describe('codeKind', () => {
  it.each([
    ['src/orders/service.ts', 'service'],
    ['src/commands/build.ts', 'script'], // a CLI package's commands
    ['src/commands/create-user.handler.ts', 'service'], // CQRS command handlers are service code
    ['commands/banner.ts', 'script'],
    ['tools/gen.ts', 'script'],
    ['src/tools/currency.ts', 'service'], // tools/ counts only at the top level
    ['scripts/seed.ts', 'script'],
    ['packages/api/bin/www.ts', 'script'],
    ['src/users/users.e2e.ts', 'script'],
    ['src/users/users.e2e-spec.ts', 'script'],
    ['src/users/users.spec.ts', 'script'],
    ['test-setup.ts', 'script'],
    ['src/__tests__/fixtures.ts', 'script'],
    ['src/cli.ts', 'script'],
    ['vite.config.ts', 'script'],
  ])('%s is %s code', (file, kind) => {
    expect(kindOf(file).kind).toBe(kind);
  });

  it('judges paths below the root only: a checkout under ~/scripts/ is still service code', () => {
    const sourceFile = parseSourceText(ts, '/home/me/scripts/repo/src/app.ts', 'export const x = 1;\n');
    const project = singleFileView(ts, sourceFile);
    analyzeSourceFile({ ts, sourceFile, rules: [], project, root: '/home/me/scripts/repo' });
    expect(codeKind(project.factsOf(sourceFile)).kind).toBe('service');
  });

  it('a shebang or a command-line parser makes a script; a browser framework or global makes browser code', () => {
    expect(kindOf('src/a.ts', '#!/usr/bin/env node\nconsole.log(1);\n')).toEqual({ kind: 'script', reason: 'a shebang' });
    expect(kindOf('src/a.ts', "import { Command } from 'commander';\n")).toEqual({ kind: 'script', reason: 'it imports commander' });
    expect(kindOf('src/a.ts', "import { createRoot } from 'react-dom/client';\n").kind).toBe('browser');
    expect(kindOf('src/commands/create-user.ts', "import { CommandHandler } from '@nestjs/cqrs';\n").kind).toBe('service');
    expect(kindOf('src/a.ts', "window.addEventListener('load', () => {});\n").kind).toBe('browser');
    // Testing for the browser is what server code does.
    expect(kindOf('src/a.ts', "export const isBrowser = typeof window !== 'undefined';\n").kind).toBe('service');
  });
});
