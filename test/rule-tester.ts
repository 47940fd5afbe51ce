/**
 * Runs a rule's cases through typescript-eslint's RuleTester twice: untyped (the file alone) and
 * typed (a program from test/typed-fixture, whose other files cross-file cases can import). Every
 * expected error must state its exact location (line, column, endLine, endColumn) and its data.
 *
 *   runRuleTests('no-fs-writes', { valid: [...], invalid: [...] });
 *
 * A case with `mode: 'typed'` or `mode: 'untyped'` runs in that mode only (cross-file facts exist
 * only with a program; a typed-only finding must not be expected without one). A relative
 * `filename` is a path under test/typed-fixture (the file must exist there for the typed run).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import plugin from 'eslint-plugin-statelint';
import * as vitest from 'vitest';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

export const TYPED_FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'typed-fixture');

type Mode = 'typed' | 'untyped';
type Options = [object];

export type ValidCase = (ValidTestCase<Options> & { mode?: Mode }) | string;
export type InvalidCase = InvalidTestCase<string, Options> & { mode?: Mode };

// Both testers resolve a relative `filename` against the fixture directory, which is also ESLint's
// working directory there (`context.cwd`, the project root rules judge paths by).
const untyped = new RuleTester({ languageOptions: { parserOptions: { tsconfigRootDir: TYPED_FIXTURE_DIR } } });
const typed = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs'] },
      tsconfigRootDir: TYPED_FIXTURE_DIR,
    },
  },
});

function strip<T extends { mode?: Mode }>(c: T): Omit<T, 'mode'> {
  const { mode: _mode, ...rest } = c;
  return rest;
}

function forMode<T extends { mode?: Mode }>(cases: readonly (T | string)[], mode: Mode): (Omit<T, 'mode'> | string)[] {
  return cases.filter((c) => typeof c === 'string' || c.mode === undefined || c.mode === mode).map((c) => (typeof c === 'string' ? c : strip(c)));
}

export function runRuleTests(ruleId: string, tests: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  const rule = plugin.rules[ruleId];
  if (rule === undefined) throw new Error(`no rule ${ruleId} in eslint-plugin-statelint`);
  const assertionOptions = { requireLocation: true, requireData: true } as const;
  for (const [mode, tester] of [['untyped', untyped], ['typed', typed]] as const) {
    vitest.describe(mode, () => {
      tester.run(ruleId, rule as never, {
        assertionOptions,
        valid: forMode(tests.valid as (ValidTestCase<Options> & { mode?: Mode })[], mode) as ValidTestCase<Options>[],
        invalid: forMode(tests.invalid, mode) as InvalidTestCase<string, Options>[],
      });
    });
  }
}
