import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { clientCodeReason, parseSourceText, singleFileView } from '@statelint/core';

const reason = (text: string, fileName = 'x.ts'): string | undefined => {
  const sourceFile = parseSourceText(ts, fileName, text);
  return clientCodeReason(singleFileView(ts, sourceFile).factsOf(sourceFile));
};

describe('clientCodeReason', () => {
  it('recognises browser code', () => {
    expect(reason(`'use client';\nexport const a = 1;`)).toBe("it has a 'use client' directive");
    expect(reason(`import { createRoot } from 'react-dom/client';`)).toBe('it imports react-dom/client');
    expect(reason(`import { useState } from 'react';`)).toBe('it renders with react');
    expect(reason(`import { ref } from '@vue/reactivity';`)).toBe('it imports @vue/reactivity');
    expect(reason(`export const load = () => import('@tauri-apps/api/core');`)).toBe('it imports @tauri-apps/api/core');
    expect(reason(`/* eslint-env browser, jquery */\nexport const a = 1;`, 'x.js')).toBe('its eslint-env is browser');
    expect(reason(`export const go = (url: string) => { window.location.href = url; };`)).toBe("it uses the browser's `window`");
    // A component kit, a script loader, an AMD/UMD bundle: browser code that names no browser global.
    expect(reason(`import { message } from 'antd';\nexport const warn = (text) => message.warning(text);`, 'x.js')).toBe('it imports antd');
    expect(reason(`import Button from '@mui/material/Button';\nexport { Button };`)).toBe('it imports @mui/material/Button');
    expect(reason(`const load = require('load-script');\nmodule.exports = (src) => load(src);`, 'x.js')).toBe('it imports load-script');
    expect(reason(`(function (root, factory) {\n  if (typeof define === 'function' && define.amd) define([], factory);\n  else if (typeof module === 'object') module.exports = factory();\n})(this, function () { return {}; });`, 'x.js')).toBe(
      'it is an AMD/UMD bundle for a browser script loader',
    );
    expect(reason(`define(['./dep'], function (dep) {\n  var count = 0;\n  return function () { count++; };\n});`, 'x.js')).toBe('it is an AMD/UMD bundle for a browser script loader');
  });

  it('leaves server code alone', () => {
    // Server-side rendering, a test for the browser, a local named like a browser global.
    expect(reason(`import React from 'react';\nimport { renderToString } from 'react-dom/server';`, 'x.tsx')).toBeUndefined();
    expect(reason(`export const isBrowser = typeof window !== 'undefined';`)).toBeUndefined();
    expect(reason(`import { JSDOM } from 'jsdom';\nconst { document } = new JSDOM('').window;\nexport const body = document.body;`)).toBeUndefined();
    expect(reason(`import express from 'express';\nexport const app = express();`)).toBeUndefined();
    // A method or local named define is no AMD loader.
    expect(reason(`const schema = builder.define('user', { name: String });\nexport function define(name) { return name; }`, 'x.js')).toBeUndefined();
  });
});
