/** House rule: a rule folder holds only its own judgement; what two rules need lives in core. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const RULES = path.join(REPO_ROOT, 'rules');

/**
 * Imports across rule folders that predate this test. The module-state analysis they share moves to
 * `packages/core/src/service/` in the follow-up that reorganises core (docs/guides/writing-rules.md);
 * until then they are listed here, and nothing may be added to the list.
 */
const KNOWN: ReadonlySet<string> = new Set([
  'no-in-memory-cache/rule.ts: ../no-module-state/state.js',
  'no-in-memory-sessions/rule.ts: ../no-module-state/run-context.js',
  'no-in-memory-sessions/rule.ts: ../no-module-state/uses.js',
  'no-module-state/state.ts: ../no-in-memory-cache/catalogue.js',
  'no-module-state/state.ts: ../no-in-memory-cache/match.js',
]);

describe('rule folders', () => {
  const folders = fs.readdirSync(RULES, { withFileTypes: true }).filter((d) => d.isDirectory() && !['dist', 'node_modules'].includes(d.name));
  it('there are rule folders to check', () => {
    expect(folders.length).toBeGreaterThan(5);
  });
  it('the list of known cross-folder imports only shrinks (each entry still exists)', () => {
    for (const entry of KNOWN) {
      const [file, specifier] = entry.split(': ') as [string, string];
      expect(fs.readFileSync(path.join(RULES, file), 'utf8')).toContain(specifier.replace(/\.js$/, ''));
    }
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
          const entry = `${folder.name}/${file}: ${specifier}`;
          if (relative[0] !== '..' && relative[0] !== folder.name && !KNOWN.has(entry)) offending.push(entry);
        }
      }
      expect(offending).toEqual([]);
    });
  }
});
