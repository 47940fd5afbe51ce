/** House rule: a rule folder holds only its own judgement; what two rules need lives in core. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const RULES = path.join(REPO_ROOT, 'rules');

describe('rule folders', () => {
  const folders = fs.readdirSync(RULES, { withFileTypes: true }).filter((d) => d.isDirectory() && !['dist', 'node_modules'].includes(d.name));
  it('there are rule folders to check', () => {
    expect(folders.length).toBeGreaterThan(5);
  });
  for (const folder of folders) {
    it(`${folder.name} imports no other rule's folder`, () => {
      const offending: string[] = [];
      for (const file of fs.readdirSync(path.join(RULES, folder.name))) {
        if (!/\.[cm]?[jt]s$/.test(file)) continue;
        const text = fs.readFileSync(path.join(RULES, folder.name, file), 'utf8');
        for (const match of text.matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)) {
          const specifier = match[1]!;
          if (!specifier.startsWith('.')) continue;
          const target = path.resolve(RULES, folder.name, specifier);
          const relative = path.relative(RULES, target).split(path.sep);
          if (relative[0] !== '..' && relative[0] !== folder.name) offending.push(`${folder.name}/${file}: ${specifier}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }
});
