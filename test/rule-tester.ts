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

const untyped = new RuleTester();
const typed = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs'] },
      tsconfigRootDir: TYPED_FIXTURE_DIR,
    },
  },
});

/** Drops `mode`; a relative `filename` names a file under test/typed-fixture in both modes. */
function strip<T extends { mode?: Mode; filename?: string }>(c: T): Omit<T, 'mode'> {
  const { mode: _mode, ...rest } = c;
  if (rest.filename !== undefined && !path.isAbsolute(rest.filename)) {
    return { ...rest, filename: path.join(TYPED_FIXTURE_DIR, rest.filename) };
  }
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
