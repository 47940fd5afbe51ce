/**
 * Is a file browser code? A repository often holds a service and its web front end side by side. A
 * page's module-level variables, its writes to `window`, its console output belong to one browser
 * tab, not to a replica of a service, and rules about replicas leave such files alone.
 *
 * A file is client code when it says so (`'use client'`), imports a browser UI framework (React DOM,
 * Vue, Svelte, Angular, …; React without `react-dom/server`) or component kit (antd, MUI, …), is an
 * AMD/UMD bundle, declares an `eslint-env browser` comment, or uses
 * the browser's globals (`window`, `document`, `localStorage`, …) other than to test for them
 * (`typeof window === 'undefined'`), or belongs to a package that depends on a browser UI framework
 * other than React (CLIENT_PACKAGES) and on no server framework (package-manifest.ts).
 */
import type * as ts from 'typescript';
import { defineFact, type FileFacts } from '../lang/facts.js';
import { packageOf } from './package-manifest.js';
import { moduleSpecifiers } from '../lang/project.js';

/** Packages only a browser (or a native app) loads. */
export const CLIENT_MODULES: ReadonlySet<string> = new Set([
  'react-dom',
  'react-dom/client',
  'react-native',
  'react-router-dom',
  'react-router',
  '@remix-run/react',
  'next/router',
  'next/navigation',
  'mobx',
  'mobx-react',
  'mobx-react-lite',
  'vue',
  'vue-router',
  'vue-i18n',
  'pinia',
  'svelte',
  'solid-js',
  'preact',
  '@angular/core',
  '@angular/common',
  'jquery',
  'electron',
  'prosemirror-view',
  // UI component kits: only a page renders them.
  'antd',
  'element-ui',
  'element-plus',
  'react-bootstrap',
  'reactstrap',
  'semantic-ui-react',
  // Loads a <script> tag into the page.
  'load-script',
]);

/** Scopes of packages only a browser or a desktop app loads. */
export const CLIENT_MODULE_SCOPES: readonly string[] = ['@angular/', '@vue/', '@tauri-apps/', '@capacitor/', '@ionic/', '@ant-design/', '@mui/', '@chakra-ui/', '@mantine/', '@radix-ui/', '@headlessui/'];

/** An AMD or UMD bundle (`define.amd`, `define([...], factory)`): a module format of browser script loaders. */
export const AMD_BUNDLE = /\bdefine\.amd\b|^\s*define\(\s*(\[[^\]]*\]\s*,\s*)?function\b/m;

/**
 * Dependencies that make a whole package a front end (when it has no server framework). React DOM
 * is not one: services depend on it to render e-mails and pages to strings.
 */
export const CLIENT_PACKAGES: ReadonlySet<string> = new Set([
  'vue',
  'vue-router',
  'pinia',
  'svelte',
  'solid-js',
  'preact',
  '@angular/core',
  'react-native',
  'electron',
  'jquery',
]);

/** UI libraries (components, hooks); rendering to a string (SSR) is server code. */
const UI_MODULES: ReadonlySet<string> = new Set(['react', 'preact/hooks']);
const SERVER_RENDERING_MODULES: ReadonlySet<string> = new Set(['react-dom/server', 'preact-render-to-string']);

/** Globals only a browser has. */
export const BROWSER_GLOBALS: ReadonlySet<string> = new Set([
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'navigator',
  'requestAnimationFrame',
  // A service worker's or web worker's global scope.
  'self',
  'importScripts',
]);

const CLIENT_CODE = defineFact('client-code', (facts): string | undefined => {
  const { ts, sourceFile, scope } = facts;
  const first = sourceFile.statements[0];
  if (first !== undefined && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use client') {
    return "it has a 'use client' directive";
  }
  // `/* eslint-env browser */` declares the file's environment.
  if (/\/\*\s*eslint-env\b[^*]*\bbrowser\b/.test(sourceFile.text.slice(0, 2000))) return 'its eslint-env is browser';
  if (AMD_BUNDLE.test(sourceFile.text)) return 'it is an AMD/UMD bundle for a browser script loader';
  // Static imports, `require('…')` and `import('…')` (a desktop app loads its API lazily).
  const specifiers = new Set(moduleSpecifiers(ts, sourceFile));
  const client = [...specifiers].find((s) => CLIENT_MODULES.has(s) || CLIENT_MODULE_SCOPES.some((scope) => s.startsWith(scope)));
  if (client !== undefined) return `it imports ${client}`;
  const ui = [...specifiers].find((s) => UI_MODULES.has(s));
  if (ui !== undefined && ![...specifiers].some((s) => SERVER_RENDERING_MODULES.has(s))) return `it renders with ${ui}`;
  for (const name of BROWSER_GLOBALS) {
    if (scope.freeReferences(name).some((r) => !isTypeofOperand(ts, r.identifier))) return `it uses the browser's \`${name}\``;
  }
  // A front end's helpers: the package depends on a browser UI framework and on no server.
  const pkg = packageOf(facts);
  if (pkg !== undefined && pkg.server === undefined) {
    const framework = pkg.dependencies.find((d) => CLIENT_PACKAGES.has(d) || CLIENT_MODULE_SCOPES.some((scope) => d.startsWith(scope)));
    if (framework !== undefined) return `its package (${pkg.manifest}) is a front end: it depends on ${framework} and on no server framework`;
  }
  return undefined;
});

function isTypeofOperand(ts: FileFacts['ts'], id: ts.Identifier): boolean {
  let n: ts.Node = id;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return ts.isTypeOfExpression(n.parent);
}

/** Why the file is browser code, or undefined when it may run in a service. */
export function clientCodeReason(facts: FileFacts): string | undefined {
  return facts.memo(CLIENT_CODE);
}
