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
  });

  it('leaves server code alone', () => {
    // Server-side rendering, a test for the browser, a local named like a browser global.
    expect(reason(`import React from 'react';\nimport { renderToString } from 'react-dom/server';`, 'x.tsx')).toBeUndefined();
    expect(reason(`export const isBrowser = typeof window !== 'undefined';`)).toBeUndefined();
    expect(reason(`import { JSDOM } from 'jsdom';\nconst { document } = new JSDOM('').window;\nexport const body = document.body;`)).toBeUndefined();
    expect(reason(`import express from 'express';\nexport const app = express();`)).toBeUndefined();
  });
});
